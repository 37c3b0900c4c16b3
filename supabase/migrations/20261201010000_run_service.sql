-- The run service's SQL: every model call the product makes is a run, of a kind ('prompt' for a
-- run of the prompt itself, 'improve' for an improvement suggestion), metered, priced and recorded
-- by the same functions. prepare_run resolves every rule a call depends on in one read as the
-- caller: the model cascade (asked → version's → user's default → system default), temperature
-- and max_tokens (asked → version's), and the provider rows the call may be sent to, with their
-- base URLs, per-user limits and the caller's encrypted keys, so the API only picks among rows.

create type public.run_kind as enum ('prompt', 'improve');
comment on type public.run_kind is
  'What a model call was for: a run of the prompt, or an improvement suggestion for it.';

alter table public.runs add column kind public.run_kind not null default 'prompt';
comment on column public.runs.kind is
  'prompt: the prompt run with its variables; improve: a rewrite of the prompt suggested by a model.';

-- The system default model, the last step of the cascade: data an admin can change in Studio.
alter table public.models add column is_default boolean not null default false;
comment on column public.models.is_default is
  'The model a run uses when neither the request, the version nor the user names one.';
create unique index models_one_default on public.models (is_default) where is_default;
update public.models set is_default = true where id = 'openai/gpt-4o-mini';

drop function public.prepare_run(uuid, uuid, text, text, text, boolean);

create function public.prepare_run(
  p_prompt_id uuid,
  p_version_id uuid default null,
  p_model text default null,
  p_fallback_model text default null,
  p_idempotency_key text default null,
  p_with_keys boolean default false,
  p_temperature numeric default null,
  p_max_tokens integer default null,
  p_standin_default boolean default false
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
  validators jsonb,
  existing_run_id uuid,
  existing_run_prompt_id uuid,
  providers jsonb
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
    coalesce(p_max_tokens, (v.model_config ->> 'max_tokens')::integer),
    coalesce((select jsonb_agg(jsonb_build_object('id', x.id, 'name', x.name, 'type', x.type,
        'config', x.config, 'updated_at', x.updated_at) order by x.created_at, x.id)
      from public.validators x where x.prompt_id = p.id and x.enabled), '[]'),
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
          where p_with_keys and k.provider_id = l.id and l.id in (mr.provider_id, 'openrouter')))
        order by l.id)
      from public.providers l
      where l.is_enabled and (l.id in (mr.provider_id, 'openrouter', 'openai') or l.is_standin)),
      '[]')
  from public.prompts p
  left join public.prompt_versions v
    on v.id = coalesce(p_version_id, p.current_version_id) and v.prompt_id = p.id
  left join public.profiles pr on pr.id = p.user_id
  left join public.user_settings us on us.user_id = p.user_id
  -- The model cascade: asked for, the version's, the user's default, then the system default
  -- (the stand-in's model on a stack that runs without provider keys).
  cross join lateral (select coalesce(p_model, v.model_config ->> 'model', us.default_model,
    p_fallback_model, case when p_standin_default
      then (select d.id from public.models d join public.providers dp on dp.id = d.provider_id
        where dp.is_standin and d.is_active order by d.id limit 1)
      else (select d.id from public.models d where d.is_default and d.is_active) end) as name) m
  left join public.models mr on mr.id = m.name and mr.is_active
  left join public.providers prov on prov.id = mr.provider_id and prov.is_enabled
  left join lateral (select r.id, r.prompt_id from public.runs r
    where p_idempotency_key is not null and r.user_id = p.user_id
      and r.idempotency_key = p_idempotency_key) twin on true
  where p.id = p_prompt_id;
end;
$$;

comment on function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean) is
  'What a model call on this prompt needs, read as the caller; no row when the prompt is not theirs.';

revoke execute on function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean) from public, anon;
grant execute on function public.prepare_run(uuid, uuid, text, text, text, boolean, numeric, integer, boolean) to authenticated, service_role;

drop function public.start_run(uuid, uuid, text, text, text, jsonb, text, numeric, integer, text, integer, boolean);

-- start_run derives the price snapshot itself rather than taking one: whoever calls it cannot
-- choose what a run costs. An improvement is recorded by the API as an 'improve' event with
-- its suggestion, so only runs of the prompt count as a 'run' KPI event.
create function public.start_run(
  p_prompt_id uuid,
  p_version_id uuid,
  p_model text,
  p_provider_id text,
  p_key_source text,
  p_variables jsonb,
  p_resolved_prompt text,
  p_temperature numeric default null,
  p_max_tokens integer default null,
  p_idempotency_key text default null,
  p_timeout_ms integer default null,
  p_streamed boolean default false,
  p_kind public.run_kind default 'prompt'
)
returns table (run_id uuid, replayed boolean)
language plpgsql
security invoker
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  snapshot jsonb;
  new_id uuid;
  existing record;
begin
  if p_version_id is not null and not exists (
    select 1 from public.prompt_versions v where v.id = p_version_id and v.prompt_id = p_prompt_id
  ) then
    raise exception 'no such version of this prompt'
      using errcode = 'PL404', hint = 'version_not_found';
  end if;

  -- The stand-in is never billed as the model it imitates: it is billed at its own row.
  select jsonb_build_object(
      'model_id', m.id,
      'price_per_1k_input', m.price_per_1k_input,
      'price_per_1k_output', m.price_per_1k_output,
      'price_per_1k_cached_input', m.price_per_1k_cached_input)
    into snapshot
  from public.models m
  join public.providers pr on pr.id = m.provider_id
  where m.is_active
    and case when p_key_source = 'standin' then pr.is_standin else m.id = p_model end
  order by m.id = p_model desc, m.id
  limit 1;
  if snapshot is null then
    raise exception 'unknown or retired model %', p_model
      using errcode = 'PL422', hint = 'unknown_model';
  end if;

  insert into public.runs (prompt_id, version_id, kind, model, provider_id, key_source, input,
    variables, resolved_prompt, temperature, max_tokens, price_snapshot, idempotency_key,
    timeout_ms, streamed, status, started_at)
  values (p_prompt_id, p_version_id, coalesce(p_kind, 'prompt'), p_model, p_provider_id,
    p_key_source, coalesce(p_variables, '{}'), coalesce(p_variables, '{}'), p_resolved_prompt,
    p_temperature, p_max_tokens, snapshot, p_idempotency_key, p_timeout_ms,
    coalesce(p_streamed, false), 'running', now())
  on conflict (user_id, idempotency_key) where idempotency_key is not null do nothing
  returning id into new_id;

  if new_id is null then
    -- A run with this key exists (a concurrent twin waited for it to commit): it is the answer.
    select r.id, r.prompt_id into existing
    from public.runs r
    where r.user_id = (select auth.uid()) and r.idempotency_key = p_idempotency_key;
    if existing.prompt_id is distinct from p_prompt_id then
      raise exception 'this Idempotency-Key was already used for another prompt'
        using errcode = 'PL409', hint = 'idempotency_key_reused';
    end if;
    return query select existing.id, true;
    return;
  end if;

  if coalesce(p_kind, 'prompt') = 'prompt' then
    insert into public.run_events (prompt_id, event_type, payload)
    values (p_prompt_id, 'run', jsonb_build_object('run_id', new_id, 'model', p_model,
      'provider_id', p_provider_id, 'key_source', p_key_source, 'version_id', p_version_id));
  end if;
  return query select new_id, false;
end;
$$;

comment on function public.start_run(uuid, uuid, text, text, text, jsonb, text, numeric, integer, text, integer, boolean, public.run_kind) is
  'Creates a running run priced from the models table (or returns the run already made with this idempotency key).';

revoke execute on function public.start_run(uuid, uuid, text, text, text, jsonb, text, numeric, integer, text, integer, boolean, public.run_kind) from public, anon;
grant execute on function public.start_run(uuid, uuid, text, text, text, jsonb, text, numeric, integer, text, integer, boolean, public.run_kind) to authenticated, service_role;

-- A prompt's last run is a run of the prompt, not an improvement suggested for it.
create or replace function public.last_run_id(p public.prompts)
returns uuid
language sql
stable
security invoker
set search_path = ''
as $$
  select r.id
  from public.runs r
  where r.prompt_id = p.id and r.kind = 'prompt'
  order by r.created_at desc, r.id desc
  limit 1;
$$;
