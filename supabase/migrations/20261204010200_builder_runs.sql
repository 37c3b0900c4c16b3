-- Builder generations are runs (seed 004's prompt_history as runs of new kinds).
-- Why runs and not a table of their own: a generation is a model call, and every model call is
-- prepared, bounded by the plan, routed, priced from the models table, metered and recorded by
-- one path (start_run / finish_run, the API's run service). A prompt_history table beside it
-- would need its own copy of pricing, quota, status lifecycle, the abandoned-call sweep, logs
-- and RLS, and usage, cost reports and the daily quota would have to add two sources. Most of
-- seed 004's fields are already a run's: model, provider (provider_id), user input (input),
-- AI response (output), temperature, max_tokens, processing time (latency_ms), tokens
-- (token_usage), cost (cost_usd), status (pending/running/success/error/timeout) and error
-- (error_message). What runs lack is added here: framework, tone, length and vibe_coding, set
-- only on builder runs. A builder call happens before any prompt exists, so a builder run has no
-- prompt (prompt_id null) and every other kind still has one (a check).
-- prepare_run reads the caller's plan, settings and provider keys without a prompt when it is
-- asked for none; start_run takes the builder's fields (p_builder) and records them; discard_run
-- finds a run by its id, as a builder run has no prompt.

create type public.builder_tone as enum ('neutral', 'professional', 'friendly', 'casual', 'formal', 'technical', 'persuasive');
comment on type public.builder_tone is 'The tone a builder prompt asks for (seed 004).';
create type public.builder_length as enum ('short', 'medium', 'long');
comment on type public.builder_length is 'The length of answer a builder prompt asks for (seed 004).';

alter table public.runs
  alter column prompt_id drop not null,
  add column framework text references public.prompt_frameworks (name)
    on update cascade on delete set null,
  add column tone public.builder_tone,
  add column length public.builder_length,
  add column vibe_coding boolean,
  add constraint runs_prompt_by_kind check (
    (prompt_id is null) = (kind in ('builder_questions', 'builder_template', 'builder_polish'))),
  add constraint runs_builder_fields check (
    kind in ('builder_questions', 'builder_template', 'builder_polish')
    or (framework is null and tone is null and length is null and vibe_coding is null));
comment on column public.runs.framework is 'Builder runs: the framework assembled from (seed 004), if any.';
comment on column public.runs.tone is 'Builder runs: the tone asked for (seed 004).';
comment on column public.runs.length is 'Builder runs: the answer length asked for (seed 004).';
comment on column public.runs.vibe_coding is 'Builder runs: the looser, code-oriented style (seed 004).';
comment on column public.runs.kind is
  'prompt: the prompt run with its variables; improve: a rewrite of the prompt suggested by a model; builder_questions, builder_template, builder_polish: prompt-builder generations, with no prompt.';
-- A user's builder history, newest first.
create index runs_user_builder_created_idx on public.runs (user_id, created_at desc)
  where prompt_id is null;
create index runs_framework_idx on public.runs (framework) where framework is not null;

create or replace function public.prepare_run(
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
  max_prompt_chars integer,
  refusal jsonb,
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
          where p_with_keys and k.user_id = me.uid and k.provider_id = l.id
            and l.id in (mr.provider_id, 'openrouter')))
        order by l.id)
      from public.providers l
      where l.is_enabled and (l.id in (mr.provider_id, 'openrouter', 'openai') or l.is_standin)),
      '[]')
  from (select (select auth.uid()) as uid) me
  left join public.prompts p on p.id = p_prompt_id and p.user_id = me.uid
  left join public.prompt_versions v
    on v.id = coalesce(p_version_id, p.current_version_id) and v.prompt_id = p.id
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
  where me.uid is not null and (p.id is not null or p_prompt_id is null);
end;
$$;


create or replace function public.discard_run(p_run_id uuid)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  discarded record;
begin
  delete from public.runs r
  where r.id = p_run_id and r.user_id = (select auth.uid()) and r.status = 'running'
    and r.output is null and r.token_usage is null
  returning r.id, r.prompt_id into discarded;
  if discarded.id is null then
    return false;
  end if;
  delete from public.run_events e
  where e.prompt_id = discarded.prompt_id and e.event_type = 'run'
    and e.payload ->> 'run_id' = p_run_id::text;
  return true;
end;
$$;


drop function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean);

create function public.start_run(
  p_prompt_id uuid,
  p_version_id uuid default null,
  p_model text default null,
  p_temperature numeric default null,
  p_max_tokens integer default null,
  p_variables jsonb default '{}',
  p_text text default null,
  p_kind public.run_kind default 'prompt',
  p_idempotency_key text default null,
  p_timeout_ms integer default null,
  p_streamed boolean default false,
  p_project_keys text[] default '{}',
  p_standin boolean default false,
  p_with_keys boolean default false,
  p_builder jsonb default null
)
returns table (
  run_id uuid,
  replayed boolean,
  plan text,
  model_id text,
  target jsonb,
  temperature numeric,
  max_tokens integer,
  validators jsonb,
  resolved_prompt text
)
language plpgsql
security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  caller uuid := (select auth.uid());
  p record;
  text_ text;
  used jsonb := '{}';
  chosen jsonb;
  snapshot jsonb;
  new_id uuid;
  existing record;
  builder boolean := p_kind in ('builder_questions', 'builder_template', 'builder_polish');
begin
  if builder and p_prompt_id is not null then
    raise exception 'a builder call has no prompt'
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
  select * into p from public.prepare_run(p_prompt_id, p_version_id, p_model, null,
    p_idempotency_key, p_with_keys, p_temperature, p_max_tokens,
    p_standin and cardinality(p_project_keys) = 0);
  if caller is null or (p.prompt_id is null and not builder) then
    raise exception 'prompt % not found', p_prompt_id
      using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  if p.existing_run_id is not null then
    if p.existing_run_prompt_id is distinct from p_prompt_id then
      raise exception 'this Idempotency-Key was already used for another prompt'
        using errcode = 'PL409', hint = 'idempotency_key_reused';
    end if;
    return query select p.existing_run_id, true, p.plan, null::text, null::jsonb, null::numeric,
      null::integer, null::jsonb, null::text;
    return;
  end if;
  if p.version_id is null and not builder then
    if p_version_id is not null then
      raise exception 'no such version of this prompt'
        using errcode = 'PL404', hint = 'version_not_found';
    end if;
    raise exception 'this prompt has no version to run yet'
      using errcode = 'PL422', hint = 'no_version';
  end if;
  if p.model is null then
    raise exception 'unknown or retired model %', p.model_name
      using errcode = 'PL422', hint = 'unknown_model',
        detail = '{"fields":[{"field":"model","message":"not an active model"}]}';
  end if;
  if p.refusal is not null then
    raise exception '%', p.refusal ->> 'message'
      using errcode = 'PL' || (p.refusal ->> 'status'), hint = p.refusal ->> 'code',
        detail = jsonb_build_object('limit', p.refusal -> 'limit', 'fields', jsonb_build_array(
          jsonb_build_object('field', p.refusal ->> 'field',
            'message', p.refusal ->> 'message')))::text;
  end if;

  if coalesce(p_kind, 'prompt') = 'prompt' then
    select r.rendered, r.used into text_, used
    from private.render_prompt(p.content, p.variables, p_variables) r;
  else
    text_ := p_text;
  end if;
  if text_ is null then
    raise exception 'a % call needs its text', p_kind
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
  -- A small template with many placeholders can render very large: bounded by the plan.
  if char_length(text_) > p.max_prompt_chars then
    raise exception 'the rendered prompt has % characters; the % plan allows %',
        char_length(text_), p.plan, p.max_prompt_chars
      using errcode = 'PL413', hint = 'prompt_too_large',
        detail = jsonb_build_object('limit', p.max_prompt_chars, 'length', char_length(text_),
          'fields', jsonb_build_array(jsonb_build_object('field', 'variables',
            'message', format('the rendered prompt is over %s characters',
              p.max_prompt_chars))))::text;
  end if;

  chosen := private.choose_provider(p.model, p.providers, p_project_keys, p_standin);

  select jsonb_build_object(
      'model_id', m.id,
      'price_per_1k_input', m.price_per_1k_input,
      'price_per_1k_output', m.price_per_1k_output,
      'price_per_1k_cached_input', m.price_per_1k_cached_input)
    into snapshot
  from public.models m
  join public.providers pr on pr.id = m.provider_id
  where m.is_active
    and case when chosen ->> 'key_source' = 'standin' then pr.is_standin
      else m.id = p.model_name end
  order by m.id = p.model_name desc, m.id
  limit 1;

  insert into public.runs (user_id, prompt_id, version_id, kind, model, provider_id, key_source,
    input, variables, resolved_prompt, temperature, max_tokens, price_snapshot, idempotency_key,
    timeout_ms, streamed, status, started_at, framework, tone, length, vibe_coding)
  values (caller, p_prompt_id, p.version_id, coalesce(p_kind, 'prompt'), p.model_name,
    chosen ->> 'id', chosen ->> 'key_source',
    case when builder then coalesce(p_builder -> 'input', '{}') else used end, used, text_,
    p.temperature, p.max_tokens, snapshot, p_idempotency_key, p_timeout_ms,
    coalesce(p_streamed, false), 'running', now(),
    case when builder then p_builder ->> 'framework' end,
    case when builder then (p_builder ->> 'tone')::public.builder_tone end,
    case when builder then (p_builder ->> 'length')::public.builder_length end,
    case when builder then (p_builder ->> 'vibe_coding')::boolean end)
  on conflict (user_id, idempotency_key) where idempotency_key is not null do nothing
  returning id into new_id;

  if new_id is null then
    -- A run with this key exists (a concurrent twin waited for it to commit): it is the answer.
    select r.id, r.prompt_id into existing
    from public.runs r
    where r.user_id = caller and r.idempotency_key = p_idempotency_key;
    if existing.prompt_id is distinct from p_prompt_id then
      raise exception 'this Idempotency-Key was already used for another prompt'
        using errcode = 'PL409', hint = 'idempotency_key_reused';
    end if;
    return query select existing.id, true, p.plan, null::text, null::jsonb, null::numeric,
      null::integer, null::jsonb, null::text;
    return;
  end if;

  if coalesce(p_kind, 'prompt') = 'prompt' then
    insert into public.run_events (user_id, prompt_id, event_type, payload)
    values (caller, p_prompt_id, 'run', jsonb_build_object('run_id', new_id,
      'model', p.model_name, 'provider_id', chosen ->> 'id',
      'key_source', chosen ->> 'key_source', 'version_id', p.version_id));
  end if;
  return query select new_id, false, p.plan, p.model_name, chosen, p.temperature, p.max_tokens,
    case when coalesce(p_kind, 'prompt') = 'prompt' then p.validators else '[]'::jsonb end,
    text_;
end;
$$;


comment on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb) is
  'The one statement before a model call: prepares, renders, checks, routes, prices and records a running run of the caller''s prompt, or a builder run with no prompt and its builder fields (or answers with the run already made with this idempotency key). service_role only.';

revoke execute on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb) from public, anon, authenticated;
grant execute on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb) to service_role;
