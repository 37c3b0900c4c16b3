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

-- start_run derives the price snapshot itself rather than taking one: whoever calls it cannot
-- choose what a run costs. An improvement is recorded by the API as an 'improve' event with
-- its suggestion, so only runs of the prompt count as a 'run' KPI event.
-- security definer: callers cannot insert into runs or run_events; whose prompt it is is checked here.
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
security definer
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
  caller uuid := (select auth.uid());
  snapshot jsonb;
  new_id uuid;
  existing record;
begin
  if caller is null or not exists (
    select 1 from public.prompts p where p.id = p_prompt_id and p.user_id = caller
  ) then
    raise exception 'prompt % not found', p_prompt_id
      using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
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

  insert into public.runs (user_id, prompt_id, version_id, kind, model, provider_id, key_source,
    input, variables, resolved_prompt, temperature, max_tokens, price_snapshot, idempotency_key,
    timeout_ms, streamed, status, started_at)
  values (caller, p_prompt_id, p_version_id, coalesce(p_kind, 'prompt'), p_model, p_provider_id,
    p_key_source, coalesce(p_variables, '{}'), coalesce(p_variables, '{}'), p_resolved_prompt,
    p_temperature, p_max_tokens, snapshot, p_idempotency_key, p_timeout_ms,
    coalesce(p_streamed, false), 'running', now())
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
    return query select existing.id, true;
    return;
  end if;

  if coalesce(p_kind, 'prompt') = 'prompt' then
    insert into public.run_events (user_id, prompt_id, event_type, payload)
    values (caller, p_prompt_id, 'run', jsonb_build_object('run_id', new_id, 'model', p_model,
      'provider_id', p_provider_id, 'key_source', p_key_source, 'version_id', p_version_id));
  end if;
  return query select new_id, false;
end;
$$;

comment on function public.start_run(uuid, uuid, text, text, text, jsonb, text, numeric, integer, text, integer, boolean, public.run_kind) is
  'Creates a running run of the caller''s (auth.uid()) prompt, priced from the models table (or returns the run already made with this idempotency key). service_role only.';

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

revoke execute on function public.start_run(uuid, uuid, text, text, text, jsonb, text, numeric, integer, text, integer, boolean, public.run_kind) from public, anon, authenticated;
grant execute on function public.start_run(uuid, uuid, text, text, text, jsonb, text, numeric, integer, text, integer, boolean, public.run_kind) to service_role;
revoke execute on function public.finish_run(uuid, public.run_status, text, jsonb, integer, jsonb, text, integer, text, jsonb, jsonb) from public, anon, authenticated;
grant execute on function public.finish_run(uuid, public.run_status, text, jsonb, integer, jsonb, text, integer, text, jsonb, jsonb) to service_role;
