-- The run path for issue 19's ways to run: by name and label (name@label; latest is the current
-- version), a chat version's messages, messages a caller appends (the OpenAI-compatible
-- endpoint), a gateway run of a plain model with no stored prompt, and the price a budget
-- reserves against; and issue 15's runs of someone else's public prompt: charged to the
-- runner's own quota and keys, recorded in the runner's runs only, at the current (published)
-- version only, without its owner's validators (they are the owner's, not the reader's).
-- Called by a user directly, RLS still shows them only their own prompts; start_run, which runs
-- as its owner, relies on the join's condition. This file: prepare_run; its new parameters and
-- columns come last, so calls by name stay as they were. The body is
-- 20261204002900_prepare_run.sql's with the changes marked "shared" and "changed".

drop function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean);

create function public.prepare_run(
  p_prompt_id uuid,
  p_version_id uuid default null,
  p_model text default null,
  p_fallback_model text default null,
  p_idempotency_key text default null,
  p_with_keys boolean default false,
  p_temperature numeric default null,
  p_max_tokens integer default null,
  p_standin_default boolean default false,
  p_prompt_name text default null,
  p_label text default null
)
returns table (
  prompt_id uuid,
  title text,
  description text,
  version_id uuid,
  version_number integer,
  content text,
  variables jsonb,
  model_config jsonb,
  plan text,
  model_name text,
  model jsonb,
  temperature numeric,
  max_tokens integer,
  max_prompt_chars integer,
  refusal jsonb,
  validators jsonb,
  existing_run_id uuid,
  existing_run_prompt_id uuid,
  providers jsonb,
  prompt_name text,
  label text,
  messages jsonb,
  response_format jsonb
)
language plpgsql
stable
security invoker
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
begin
  return query
  select p.id, p.title, p.description, v.id, v.version_number, v.content, v.variables,
    v.model_config, pr.plan::text, m.name,
    case when mr.id is null or prov.id is null then null else jsonb_build_object(
      'id', mr.id, 'provider_id', mr.provider_id, 'provider_model_id', mr.provider_model_id,
      'provider_is_standin', prov.is_standin) end,
    coalesce(p_temperature, (v.model_config ->> 'temperature')::numeric),
    mt.max_tokens, pl.max_prompt_chars,
    -- The first bound the call breaks, as the API's error: status, code, field, message.
    case
      when mr.id is not null and not (mr.tier = any (pl.model_tiers)) then jsonb_build_object(
        'status', 403, 'code', 'model_not_in_plan', 'field', 'model', 'limit', pl.model_tiers,
        'message', format('%s is a %s-tier model; the %s plan runs %s-tier models', mr.id,
          mr.tier, pr.plan, array_to_string(pl.model_tiers, ', ')))
      when mt.max_tokens > pl.max_output_tokens then jsonb_build_object(
        'status', 422, 'code', 'max_tokens_over_limit', 'field', mt.field,
        'limit', pl.max_output_tokens,
        'message', format('max_tokens %s is over the %s plan''s limit of %s', mt.max_tokens,
          pr.plan, pl.max_output_tokens))
      when mt.max_tokens > mr.max_context_tokens then jsonb_build_object(
        'status', 422, 'code', 'max_tokens_over_context', 'field', mt.field,
        'limit', mr.max_context_tokens,
        'message', format('max_tokens %s is over %s''s context of %s tokens', mt.max_tokens,
          mr.id, mr.max_context_tokens))
    end,
    coalesce((select jsonb_agg(jsonb_build_object('id', x.id, 'name', x.name, 'type', x.type,
        'config', x.config, 'updated_at', x.updated_at) order by x.created_at, x.id)
      from public.validators x where x.prompt_id = p.id and x.enabled
        and p.user_id = me.uid), '[]'),  -- shared: the owner's validators are the owner's
    twin.id, twin.prompt_id,
    -- Where the call may go: the model's own provider, OpenRouter (any model), OpenAI (the
    -- project's key) and the stand-in; the API picks one by the keys it has.
    coalesce((select jsonb_agg(jsonb_build_object(
        'id', l.id, 'base_url', l.base_url, 'is_standin', l.is_standin,
        'limits', case when coalesce(l.requests_per_minute, l.requests_per_day,
            l.tokens_per_minute) is not null then jsonb_build_object(
          'requests_per_minute', l.requests_per_minute, 'requests_per_day', l.requests_per_day,
          'tokens_per_minute', l.tokens_per_minute) end,
        'key', (select jsonb_build_object('ciphertext', encode(k.encrypted_key, 'base64'),
            'iv', encode(k.iv, 'base64'))
          from public.provider_keys k
          where p_with_keys and k.user_id = me.uid and k.provider_id = l.id
            and l.id in (mr.provider_id, 'openrouter')))
        order by l.id)
      from public.providers l
      where l.is_enabled and (l.id in (mr.provider_id, 'openrouter', 'openai') or l.is_standin)),
      '[]'),
    p.name, lv.label, v.messages, v.response_format
  from (select (select auth.uid()) as uid) me
  -- shared: the caller's prompt, or anyone's public prompt.
  -- changed: by id, or by the caller's own name for it
  left join public.prompts p on p.id = coalesce(p_prompt_id, (select n.id from public.prompts n
      where p_prompt_id is null and n.user_id = me.uid and n.name = p_prompt_name))
    and (p.user_id = me.uid or p.visibility = 'public')
  -- changed: the label asked for: latest is the current version; another, the owner's pointer
  left join lateral (select p_label as label, case when p_label = 'latest' then p.current_version_id
      else (select l.version_id from public.prompt_labels l
        where l.prompt_id = p.id and l.label = p_label and p.user_id = me.uid) end as version_id
    where p_label is not null) lv on true
  left join public.prompt_versions v
    on v.id = case when p_label is not null then lv.version_id
        else coalesce(p_version_id, p.current_version_id) end
      and v.prompt_id = p.id
    -- shared: someone else's prompt runs at its current (published) version only.
    and (p.user_id = me.uid or v.id = p.current_version_id)
  left join public.profiles pr on pr.id = me.uid
  left join public.user_settings us on us.user_id = me.uid
  -- The model cascade: asked for, the version's, the user's default, then the system default
  -- (the stand-in's model on a stack that runs without provider keys).
  cross join lateral (select coalesce(p_model, v.model_config ->> 'model', us.default_model,
    p_fallback_model, case when p_standin_default
      then (select d.id from public.models d join public.providers dp on dp.id = d.provider_id
        where dp.is_standin and d.is_active order by d.id limit 1)
      else (select d.id from public.models d where d.is_default and d.is_active) end) as name) m
  left join public.models mr on mr.id = m.name and mr.is_active
  left join public.providers prov on prov.id = mr.provider_id and prov.is_enabled
  left join public.plan_limits pl on pl.plan = pr.plan
  -- max_tokens: asked for, the version's, else as much as both the plan and the model allow.
  cross join lateral (select
    coalesce(p_max_tokens, (v.model_config ->> 'max_tokens')::integer,
      least(pl.max_output_tokens, mr.max_context_tokens)) as max_tokens,
    case when p_max_tokens is not null then 'max_tokens' else 'model_config.max_tokens' end
      as field) mt
  left join lateral (select r.id, r.prompt_id from public.runs r
    where p_idempotency_key is not null and r.user_id = me.uid
      and r.idempotency_key = p_idempotency_key) twin on true
  -- The caller's prompt (RLS says so for a caller, and start_run, which runs as its owner, relies
  -- on the join's condition), or no prompt at all for a call that has none (the builder's).
  where me.uid is not null and (p.id is not null or (p_prompt_id is null and p_prompt_name is null));
end;
$$;

comment on function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean, text, text) is
  'What a model call on this prompt (by id, or by the caller''s name and label) needs, read as the caller; no row when the prompt is not theirs.';
revoke execute on function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean, text, text) from public, anon;
grant execute on function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean, text, text) to authenticated, service_role;
