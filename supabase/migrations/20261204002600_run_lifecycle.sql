-- The run lifecycle as the API's run service drives it, for every kind of run: start_run
-- creates the record already running (pending is skipped: the call follows at once) with its
-- price snapshot, idempotency key and KPI event; finish_run writes the outcome once, with the
-- run's whole log, and answers a repeated call with the already final run, so the API can retry
-- it safely after a dropped connection.
-- Runs, run events and run logs are bookkeeping that callers cannot write (20261204001200_runs.sql):
-- only the API may say that a call was sent to a provider and what it used, so both functions
-- are executable by service_role alone. The API calls them as service_role with the caller's
-- claims: auth.uid() is the caller, and the prompt or run must be theirs (else "not found").
-- Both run with plan_cache_mode = force_generic_plan: every statement in them is a lookup by
-- primary or unique key, where a generic plan is the same plan as a custom one, yet PostgreSQL
-- would keep choosing custom plans (they look cheaper: a CASE on the key source, the ON CONFLICT
-- insert) and plan every call again.

-- start_run is the one statement before a model call: it prepares the call (prepare_run: the
-- version, the model, temperature and max_tokens cascades, the plan's bounds), renders the prompt
-- (private.render_prompt) or takes the text another kind of call composed, checks it against the
-- plan, chooses the provider and key (private.choose_provider), prices the run from the models
-- table (whoever calls it cannot choose what a run costs; the stand-in is billed at its own row,
-- never as the model it imitates) and records it as running with its KPI event. It answers with
-- everything the call needs. A key already used answers with that run (replayed), or a conflict
-- if it was used on another prompt. An improvement is recorded by the API as an 'improve' event
-- with its suggestion, so only runs of the prompt count as a 'run' KPI event.
-- security definer: callers cannot insert into runs or run_events; whose prompt it is is checked
-- (prepare_run filters by the caller too).
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
  'The one statement before a model call: prepares, renders, checks, routes, prices and records a running run of the caller''s prompt (or answers with the run already made with this idempotency key). service_role only.';

-- A run that metering refused after it was recorded (the daily quota or a provider's limit said
-- no): it was never sent, so it leaves no trace. Only a running run of the caller's with no
-- outcome can be discarded.
-- security definer: run events are not the caller's to delete; only the API (service_role) calls it.
create function public.discard_run(p_run_id uuid)
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

comment on function public.discard_run(uuid) is
  'Removes a running run of the caller''s that was refused before its call, and its KPI event. service_role only.';

-- The log is written when the run ends, in one statement (each insert into run_logs pays for its
-- checks, RLS, foreign keys and index entries): the start, stamped when the run started, the
-- API's lines (retries, provider answers), the outcome. While a run is running, the run row says
-- so; a run nobody finishes gets the same start line from the sweep.
-- security definer: callers cannot update runs or insert into run_logs; whose run it is is checked here.
create function public.finish_run(
  p_run_id uuid,
  p_status public.run_status,
  p_output text default null,
  p_token_usage jsonb default null,
  p_latency_ms integer default null,
  p_model_metadata jsonb default null,
  p_error_message text default null,
  p_attempts integer default null,
  p_validation_status text default null,
  p_validation_results jsonb default null,
  p_logs jsonb default null
)
returns setof public.runs
language plpgsql
security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  caller uuid := (select auth.uid());
  finished public.runs;
begin
  if p_status not in ('success', 'error', 'timeout', 'cancelled') then
    raise exception 'a run can only finish as success, error, timeout or cancelled'
      using errcode = 'PL422', hint = 'invalid_final_status';
  end if;

  update public.runs r set
    status = p_status,
    output = case when p_output is null then null else to_jsonb(p_output) end,
    token_usage = p_token_usage,
    latency_ms = greatest(p_latency_ms, 0),
    model_metadata = p_model_metadata,
    error_message = left(p_error_message, 10000),
    attempts = coalesce(p_attempts, r.attempts),
    validation_status = case when p_status = 'success'
      then coalesce(p_validation_status, 'skipped') else 'skipped' end,
    validation_results = case when p_status = 'success' then p_validation_results end
  where r.id = p_run_id and r.user_id = caller and r.status in ('pending', 'running')
  returning r.* into finished;

  if finished.id is null then
    -- Already final (a retried call whose first attempt committed, or the sweep got there
    -- first): that outcome stands and is the answer.
    return query select r.* from public.runs r where r.id = p_run_id and r.user_id = caller;
    if not found then
      raise exception 'run not found' using errcode = 'PL404', hint = 'run_not_found';
    end if;
    return;
  end if;

  -- The run's whole log in one statement, in order: the start (stamped when the run started),
  -- the API's lines (retries, provider answers), the outcome.
  insert into public.run_logs (run_id, user_id, level, message, data, created_at)
  select p_run_id, finished.user_id, l.level, l.message, l.data, l.at
  from (
    select 0 as ord, 0::bigint as n, 'info' as level, 'run started' as message,
      jsonb_build_object('model', finished.model, 'provider_id', finished.provider_id,
        'key_source', finished.key_source, 'timeout_ms', finished.timeout_ms,
        'streamed', finished.streamed) as data,
      finished.started_at as at
    where finished.started_at is not null  -- a pending run that fails never started
    union all
    select 1, e.n, coalesce(e.line ->> 'level', 'info'), left(e.line ->> 'message', 10000),
      case when jsonb_typeof(e.line -> 'data') = 'object' then e.line -> 'data' end,
      clock_timestamp()
    from jsonb_array_elements(case when jsonb_typeof(p_logs) = 'array' then p_logs else '[]' end)
      with ordinality as e (line, n)
    where coalesce(e.line ->> 'message', '') <> ''
    union all
    select 2, 0, case when p_status = 'success' then 'info' else 'error' end,
      'run finished: ' || p_status::text,
      jsonb_strip_nulls(jsonb_build_object('latency_ms', p_latency_ms, 'attempts', p_attempts,
        'cost_usd', finished.cost_usd, 'error', left(p_error_message, 500),
        'validation_status', finished.validation_status)), clock_timestamp()
  ) l
  order by l.ord, l.n;
  return next finished;
end;
$$;

comment on function public.finish_run(uuid, public.run_status, text, jsonb, integer, jsonb, text, integer, text, jsonb, jsonb) is
  'Records the outcome of one of the caller''s (auth.uid()) runs once (cost follows from the snapshot); a repeat returns the final run. service_role only.';

revoke execute on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb) from public, anon, authenticated;
grant execute on function public.start_run(uuid, uuid, text, numeric, integer, jsonb, text, public.run_kind, text, integer, boolean, text[], boolean, boolean, jsonb) to service_role;
revoke execute on function public.discard_run(uuid) from public, anon, authenticated;
grant execute on function public.discard_run(uuid) to service_role;
revoke execute on function public.finish_run(uuid, public.run_status, text, jsonb, integer, jsonb, text, integer, text, jsonb, jsonb) from public, anon, authenticated;
grant execute on function public.finish_run(uuid, public.run_status, text, jsonb, integer, jsonb, text, integer, text, jsonb, jsonb) to service_role;
