-- prepare_run: everything the API needs to start a run, read in one call as the caller (RLS):
-- the version to run (the current one unless named), its typed variables and model config, the
-- caller's plan, the model to use (asked for, else the version's, else the caller's default,
-- else the fallback) with its provider, the prompt's enabled validators, an earlier run with the
-- same idempotency key, (when asked) the caller's encrypted provider keys for that model, and
-- the per-user limits of each provider the run may be sent to (the model's, OpenRouter, OpenAI,
-- the stand-in), keyed by provider id, for those that have any.
-- One function instead of a query sent by the API, so a run's preparation is one statement
-- with a cached plan rather than a transaction of three round trips.
-- No row: the prompt is not the caller's (or does not exist). version_id null: no such version.

create function public.prepare_run(
  p_prompt_id uuid,
  p_version_id uuid default null,
  p_model text default null,
  p_fallback_model text default 'standin/echo',
  p_idempotency_key text default null,
  p_with_keys boolean default false
)
returns table (
  prompt_id uuid,
  version_id uuid,
  content text,
  variables jsonb,
  model_config jsonb,
  plan text,
  model_name text,
  model jsonb,
  validators jsonb,
  existing_run_id uuid,
  keys jsonb,
  provider_limits jsonb
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return query
  select p.id, v.id, v.content, v.variables, v.model_config, pr.plan::text, m.name,
    case when mr.id is null then null else jsonb_build_object(
      'id', mr.id, 'provider_id', mr.provider_id, 'provider_model_id', mr.provider_model_id,
      'provider_base_url', prov.base_url, 'provider_is_standin', prov.is_standin) end,
    coalesce((select jsonb_agg(jsonb_build_object('id', x.id, 'name', x.name, 'type', x.type,
        'config', x.config, 'updated_at', x.updated_at) order by x.created_at, x.id)
      from public.validators x where x.prompt_id = p.id and x.enabled), '[]'),
    (select r.id from public.runs r where p_idempotency_key is not null
      and r.user_id = p.user_id and r.idempotency_key = p_idempotency_key),
    case when p_with_keys then coalesce((select jsonb_agg(jsonb_build_object(
        'provider_id', k.provider_id, 'ciphertext', encode(k.encrypted_key, 'base64'),
        'iv', encode(k.iv, 'base64')))
      from public.provider_keys k
      where k.provider_id in (mr.provider_id, 'openrouter')), '[]') else '[]' end,
    coalesce((select jsonb_object_agg(l.id, jsonb_build_object(
        'requests_per_minute', l.requests_per_minute, 'requests_per_day', l.requests_per_day,
        'tokens_per_minute', l.tokens_per_minute))
      from public.providers l
      where (l.id in (mr.provider_id, 'openrouter', 'openai') or l.is_standin)
        and coalesce(l.requests_per_minute, l.requests_per_day, l.tokens_per_minute) is not null),
      '{}')
  from public.prompts p
  left join public.prompt_versions v
    on v.id = coalesce(p_version_id, p.current_version_id) and v.prompt_id = p.id
  left join public.profiles pr on pr.id = p.user_id
  left join public.user_settings us on us.user_id = p.user_id
  cross join lateral (select coalesce(p_model, v.model_config ->> 'model', us.default_model,
    p_fallback_model) as name) m
  left join public.models mr on mr.id = m.name and mr.is_active
  left join public.providers prov on prov.id = mr.provider_id and prov.is_enabled
  where p.id = p_prompt_id;
end;
$$;

comment on function public.prepare_run(uuid, uuid, text, text, text, boolean) is
  'What a run of this prompt needs, read as the caller; no row when the prompt is not theirs.';

revoke execute on function public.prepare_run(uuid, uuid, text, text, text, boolean) from public, anon;
grant execute on function public.prepare_run(uuid, uuid, text, text, text, boolean) to authenticated, service_role;
