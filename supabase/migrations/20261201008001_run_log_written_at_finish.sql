-- A run's log is written when the run ends, in one statement, instead of three: start_run wrote
-- "run started", then finish_run inserted the API's lines and the outcome separately. Each insert
-- into run_logs pays for its row checks, its RLS check, two foreign-key checks and three index
-- entries; in callgrind, start_run + finish_run went from 4.46 M to 4.09 M instructions per run.
-- The log reads as before: "run started" (stamped with the run's start), the API's lines, the
-- outcome. The run row says from the start that the run is running; a run the sweep has to end
-- gets the same start line from the sweep.
--
-- Both keep plan_cache_mode = force_generic_plan (see 20261201007005).

create or replace function public.start_run(
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
  p_streamed boolean default false
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

  -- Inserted running (one write, not insert + update): the prompt's last-run pointer trigger
  -- locks the prompt row until commit, so concurrent runs of one prompt queue on it briefly.
  insert into public.runs (prompt_id, version_id, model, provider_id, key_source, input, variables,
    resolved_prompt, temperature, max_tokens, price_snapshot, idempotency_key, timeout_ms, streamed,
    status, started_at)
  values (p_prompt_id, p_version_id, p_model, p_provider_id, p_key_source,
    coalesce(p_variables, '{}'), coalesce(p_variables, '{}'), p_resolved_prompt, p_temperature,
    p_max_tokens, snapshot, p_idempotency_key, p_timeout_ms, coalesce(p_streamed, false),
    'running', now())
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

  insert into public.run_events (prompt_id, event_type, payload)
  values (p_prompt_id, 'run', jsonb_build_object('run_id', new_id, 'model', p_model,
    'provider_id', p_provider_id, 'key_source', p_key_source, 'version_id', p_version_id));
  return query select new_id, false;
end;
$$;

create or replace function public.finish_run(
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
security invoker
set search_path = ''
set plan_cache_mode = force_generic_plan
as $$
declare
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
  where r.id = p_run_id and r.status in ('pending', 'running')
  returning r.* into finished;

  if finished.id is null then
    -- Already final (a retried call whose first attempt committed, or the sweep got there
    -- first): that outcome stands and is the answer.
    return query select r.* from public.runs r where r.id = p_run_id;
    if not found then
      raise exception 'run not found' using errcode = 'PL404', hint = 'run_not_found';
    end if;
    return;
  end if;

  -- The run's whole log in one statement, in order: the start (stamped when the run started),
  -- the API's lines (retries, provider answers), the outcome.
  insert into public.run_logs (run_id, level, message, data, created_at)
  select p_run_id, l.level, l.message, l.data, l.at
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

-- The sweep writes the start line too, so every ended run's log begins the same way; it counts
-- the runs it moved, as before.
create or replace function public.sweep_stuck_runs(margin interval default interval '1 minute')
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  swept integer;
begin
  with stuck as (
    select r.id
    from public.runs r
    where (r.status = 'running'
        and r.started_at < now() - margin
          - make_interval(secs => coalesce(r.timeout_ms, 600000) / 1000.0))
      or (r.status = 'pending' and r.created_at < now() - margin - interval '10 minutes')
    for update skip locked
  ),
  moved as (
    update public.runs r set
      status = case when r.status = 'running' then 'timeout' else 'error' end::public.run_status,
      error_message = case when r.status = 'running'
        then 'no outcome was recorded before the timeout; the run was marked timed out by the sweep'
        else 'the run never started; marked as failed by the sweep' end,
      validation_status = 'skipped'
    from stuck s
    where r.id = s.id
    returning r.id, r.user_id, r.status, r.started_at, r.model, r.provider_id, r.key_source,
      r.timeout_ms, r.streamed
  ),
  logged as (
    insert into public.run_logs (run_id, user_id, level, message, data, created_at)
    select l.run_id, l.user_id, l.level, l.message, l.data, l.at
    from (
      select m.id as run_id, m.user_id, 0 as ord, 'info' as level, 'run started' as message,
        jsonb_build_object('model', m.model, 'provider_id', m.provider_id,
          'key_source', m.key_source, 'timeout_ms', m.timeout_ms, 'streamed', m.streamed) as data,
        m.started_at as at
      from moved m
      where m.started_at is not null
      union all
      select m.id, m.user_id, 1, 'error', 'run finished: ' || m.status::text || ' (sweep)',
        jsonb_build_object('swept', true), now()
      from moved m
    ) l
    order by l.run_id, l.ord
    returning 1
  )
  select count(*)::int into swept from moved;
  return swept;
end;
$$;
