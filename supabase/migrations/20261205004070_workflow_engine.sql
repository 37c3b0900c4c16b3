-- The workflow engine's SQL (issue 17): work advances one gate at a time. A worker claims the
-- next pending gate with a lease (for update skip locked: two workers never get the same gate),
-- after returning expired leases (the attempt fails with LEASE_EXPIRED and is retried like any
-- failure); it calls the model through the run service, runs the checks, and completes the gate:
-- outcome, checks, artifacts and what comes next, in one transaction. What comes next is decided
-- here: the next gate, a retry (a new attempt whose prompt packet names the fail codes), a pause
-- (attempts exhausted, an approval gate, the cost ceiling) or the run's completion.

-- Pauses a run with a reason (the run is running or pending).
create function private.pause_workflow_run(p_run_id uuid, p_reason text)
returns void
language sql
security invoker
set search_path = ''
as $$
  update public.workflow_runs set status = 'paused', pause_reason = left(p_reason, 500)
  where id = p_run_id;
$$;

comment on function private.pause_workflow_run(uuid, text) is 'Pauses a workflow run with its reason.';
revoke all on function private.pause_workflow_run(uuid, text) from public, anon, authenticated;

-- After a gate reached a final status: the next gate, a retry, a pause, or the end of the run.
create function private.advance_workflow_run(p_gate uuid)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
declare
  g public.gate_executions;
  r public.workflow_runs;
  s public.workflow_specs;
  ceiling numeric;
  next_order integer;
begin
  select * into g from public.gate_executions where id = p_gate;
  select * into r from public.workflow_runs where id = g.run_id for update;
  if r.status not in ('pending', 'running') then
    return; -- cancelled or paused meanwhile: nothing follows on its own
  end if;
  select * into s from public.workflow_specs where id = r.spec_id;
  ceiling := (s.cost_profile #>> '{max,cost_usd}')::numeric;

  if g.status = 'failed' and g.attempt >= g.max_attempts then
    perform private.pause_workflow_run(r.id, format('Gate %s failed: %s', g.gate_id,
      coalesce(array_to_string(g.fail_codes, ', '), 'FAILED')));
    return;
  end if;
  if g.status = 'failed' then
    perform private.insert_workflow_gate(r.id, s.stages, g.gate_order, g.attempt + 1, g.max_attempts);
    next_order := g.gate_order;
  elsif g.gate_order >= jsonb_array_length(s.stages) then
    update public.workflow_runs set status = 'completed', completed_at = now(), current_gate = null
    where id = r.id;
    return;
  else
    next_order := g.gate_order + 1;
    perform private.insert_workflow_gate(r.id, s.stages, next_order, 1);
  end if;
  update public.workflow_runs set status = 'running', current_gate = s.stages -> (next_order - 1) ->> 'gate'
  where id = r.id;
  if ceiling is not null and r.total_cost_usd >= ceiling then
    perform private.pause_workflow_run(r.id, format(
      'Cost ceiling reached: the run spent $%s of the spec''s maximum $%s before gate %s',
      round(r.total_cost_usd, 6), ceiling, s.stages -> (next_order - 1) ->> 'gate'));
  elsif coalesce((s.stages -> (next_order - 1) ->> 'approval')::boolean, false) then
    perform private.pause_workflow_run(r.id, format('Gate %s awaits approval',
      s.stages -> (next_order - 1) ->> 'gate'));
  end if;
end;
$$;

comment on function private.advance_workflow_run(uuid) is 'After a gate ended: the next gate, a retry, a pause (attempts exhausted, approval, cost ceiling) or the run''s completion.';
revoke all on function private.advance_workflow_run(uuid) from public, anon, authenticated;

-- A stage's prompt with its bindings: intent fields and the outputs of earlier stages (their
-- last passed attempt); a retry names the previous attempt's fail codes.
create function private.workflow_prompt_packet(p_gate public.gate_executions)
returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  r public.workflow_runs;
  stage jsonb;
  packet text;
  b record;
  prev public.gate_executions;
begin
  select * into r from public.workflow_runs where id = p_gate.run_id;
  select st into stage from public.workflow_specs s
    cross join lateral jsonb_array_elements(s.stages) st
  where s.id = r.spec_id and st ->> 'id' = p_gate.stage_id;
  packet := stage ->> 'prompt';
  for b in
    select i.key, i.value #>> '{}' as value from jsonb_each(r.intent) i
    union all
    (select distinct on (o.stage_id) o.stage_id, o.raw_output
    from public.gate_executions o
    where o.run_id = p_gate.run_id and o.status in ('passed', 'warning') and o.raw_output is not null
    order by o.stage_id, o.attempt desc)
  loop
    packet := regexp_replace(packet, '\{\{\s*' || b.key || '\s*\}\}',
      replace(coalesce(b.value, ''), '\', '\\'), 'g');
  end loop;
  -- a skipped stage's output binds as nothing
  packet := regexp_replace(packet, '\{\{\s*[a-z][a-z0-9_]*\s*\}\}', '', 'g');
  if p_gate.attempt > 1 then
    select * into prev from public.gate_executions
    where run_id = p_gate.run_id and gate_id = p_gate.gate_id and attempt = p_gate.attempt - 1;
    packet := packet || format(E'\n\nThis is attempt %s of %s. The previous attempt failed: %s.%s',
      p_gate.attempt, p_gate.max_attempts, coalesce(array_to_string(prev.fail_codes, ', '), 'FAILED'),
      coalesce((select E'\n' || string_agg(format('- %s: %s', v ->> 'name', v ->> 'message'), E'\n')
        from jsonb_array_elements(prev.validation_results) v where not (v ->> 'passed')::boolean), ''));
  end if;
  return packet;
end;
$$;

comment on function private.workflow_prompt_packet(public.gate_executions) is 'The prompt packet of a gate attempt: its stage''s template bound to the intent and earlier outputs, with the previous attempt''s fail codes.';
revoke all on function private.workflow_prompt_packet(public.gate_executions) from public, anon, authenticated;

-- security definer: workers run as service_role with no user; this is the only way a gate is
-- leased. Expired leases are returned first (the attempt fails, LEASE_EXPIRED).
create function public.claim_workflow_gate(p_worker text, p_lease_seconds integer default 120)
returns table (
  gate_execution_id uuid,
  run_id uuid,
  user_id uuid,
  gate_id text,
  stage_id text,
  attempt integer,
  max_attempts integer,
  model text,
  prompt_packet text,
  stage jsonb,
  checks jsonb,
  spec_hash text,
  lease_expires_at timestamptz
)
language plpgsql
security definer
set search_path = ''
as $$
declare
  g public.gate_executions;
  r public.workflow_runs;
  s public.workflow_specs;
  st jsonb;
  packet text;
begin
  if coalesce(p_worker, '') = '' or p_lease_seconds not between 1 and 3600 then
    raise exception 'a worker name and a lease of 1 to 3600 seconds'
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
  for g in
    select * from public.gate_executions e
    where e.status = 'running' and e.lease_expires_at < now()
    order by e.lease_expires_at
    limit 100
    for update skip locked
  loop
    update public.gate_executions e set status = 'failed', fail_codes = array['LEASE_EXPIRED'],
      error_message = format('the lease of worker %s expired before it completed the gate', g.lease_owner),
      lease_owner = null, lease_expires_at = null, completed_at = now(),
      duration_ms = (extract(epoch from now() - e.started_at) * 1000)::integer
    where e.id = g.id;
    perform private.advance_workflow_run(g.id);
  end loop;

  select e.* into g from public.gate_executions e
  join public.workflow_runs wr on wr.id = e.run_id
  where e.status = 'pending' and not e.is_approval and wr.status in ('pending', 'running')
  order by e.created_at
  limit 1
  for update of e skip locked;
  if g.id is null then
    return;
  end if;
  select * into r from public.workflow_runs wr where wr.id = g.run_id;
  select * into s from public.workflow_specs ws where ws.id = r.spec_id;
  st := s.stages -> (g.gate_order - 1);
  packet := private.workflow_prompt_packet(g);
  update public.gate_executions e set status = 'running', lease_owner = p_worker,
    lease_expires_at = now() + make_interval(secs => p_lease_seconds), started_at = now(),
    prompt_packet = packet
  where e.id = g.id
  returning * into g;
  update public.workflow_runs wr set status = 'running', started_at = coalesce(wr.started_at, now()),
    current_gate = g.gate_id
  where wr.id = g.run_id and (wr.status, wr.current_gate, wr.started_at) is distinct from
    ('running'::public.workflow_run_status, g.gate_id, coalesce(wr.started_at, now()));
  return query select g.id, g.run_id, r.user_id, g.gate_id, g.stage_id, g.attempt, g.max_attempts,
    g.model, packet, st,
    coalesce((select jsonb_agg(c.value) from jsonb_array_elements(coalesce(s.qa_config -> 'checks', '[]')) c
      where c.value ->> 'name' in (select jsonb_array_elements_text(coalesce(st -> 'checks', '[]')))), '[]'),
    s.content_hash, g.lease_expires_at;
end;
$$;

comment on function public.claim_workflow_gate(text, integer) is 'Engine: returns expired leases (LEASE_EXPIRED), then leases the next pending gate to the worker with its prompt packet and checks.';
revoke all on function public.claim_workflow_gate(text, integer) from public, anon, authenticated;
grant execute on function public.claim_workflow_gate(text, integer) to service_role;

-- A gate's outcome from its check results and the spec's qa_config: a failed check blocks when it
-- is required, or critical with block_on_critical; a pass rate under min_pass_rate blocks too;
-- other failures make a warning.
create function private.gate_outcome(p_results jsonb, p_qa jsonb,
  out status public.gate_status, out fail_codes text[], out results jsonb)
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  total integer;
  passed integer;
  block_critical boolean := coalesce((p_qa ->> 'block_on_critical')::boolean, true);
begin
  select coalesce(jsonb_agg(jsonb_build_object('name', r.value ->> 'name',
      'type', c.value ->> 'type', 'passed', coalesce((r.value ->> 'passed')::boolean, false),
      'message', left(coalesce(r.value ->> 'message', ''), 1000),
      'severity', c.value ->> 'severity', 'required', coalesce((c.value ->> 'required')::boolean, false),
      'fail_code', c.value ->> 'fail_code',
      'blocking', not coalesce((r.value ->> 'passed')::boolean, false)
        and (coalesce((c.value ->> 'required')::boolean, false)
          or (c.value ->> 'severity' = 'critical' and block_critical)))), '[]')
  into results
  from jsonb_array_elements(coalesce(p_results, '[]')) r
  join jsonb_array_elements(coalesce(p_qa -> 'checks', '[]')) c on c.value ->> 'name' = r.value ->> 'name';
  total := jsonb_array_length(results);
  select count(*) into passed from jsonb_array_elements(results) x where (x.value ->> 'passed')::boolean;
  select coalesce(array_agg(distinct x.value ->> 'fail_code'), '{}') into fail_codes
  from jsonb_array_elements(results) x where (x.value ->> 'blocking')::boolean;
  if total > 0 and passed::numeric / total < coalesce((p_qa ->> 'min_pass_rate')::numeric, 0) then
    fail_codes := array_append(fail_codes, 'QA_PASS_RATE_BELOW_MIN');
  end if;
  if cardinality(fail_codes) > 0 then
    status := 'failed';
  elsif passed < total then
    status := 'warning';
    select array_agg(distinct x.value ->> 'fail_code') into fail_codes
    from jsonb_array_elements(results) x where not (x.value ->> 'passed')::boolean;
  else
    status := 'passed';
  end if;
end;
$$;

comment on function private.gate_outcome(jsonb, jsonb) is 'A gate''s status and fail codes from its check results under the spec''s qa_config.';
revoke all on function private.gate_outcome(jsonb, jsonb) from public, anon, authenticated;

-- security definer: the worker's one write of a gate's outcome; tokens and cost come from the
-- model call's runs row (priced by finish_run), not from the worker.
create function public.complete_workflow_gate(
  p_gate uuid,
  p_worker text,
  p_model_run_id uuid,
  p_output text,
  p_results jsonb default '[]',
  p_artifacts jsonb default '[]',
  p_error text default null,
  p_error_code text default null
)
returns table (gate_status public.gate_status, run_status public.workflow_run_status, pause_reason text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  g public.gate_executions;
  r public.workflow_runs;
  s public.workflow_specs;
  call public.runs;
  outcome record;
  a jsonb;
begin
  select * into g from public.gate_executions e where e.id = p_gate for update;
  if g.id is null or g.status <> 'running' or g.lease_owner is distinct from p_worker then
    raise exception 'this worker no longer holds gate %', p_gate
      using errcode = 'PL409', hint = 'lease_lost';
  end if;
  select * into r from public.workflow_runs wr where wr.id = g.run_id;
  select * into s from public.workflow_specs ws where ws.id = r.spec_id;
  if p_model_run_id is not null then
    select * into call from public.runs x
    where x.id = p_model_run_id and x.user_id = r.user_id and x.kind = 'workflow_gate';
    if call.id is null then
      raise exception 'model run % is not a workflow gate call of this run''s owner', p_model_run_id
        using errcode = 'PL422', hint = 'validation_failed';
    end if;
  end if;
  if p_error is not null then
    outcome := row('failed'::public.gate_status,
      array[coalesce(p_error_code, 'PROVIDER_ERROR')], '[]'::jsonb);
  else
    select * into outcome from private.gate_outcome(p_results, s.qa_config);
  end if;
  update public.gate_executions e set
    status = outcome.status, fail_codes = outcome.fail_codes, validation_results = outcome.results,
    raw_output = p_output, error_message = left(p_error, 2000),
    model = coalesce(call.model, e.model), provider = call.provider_id,
    tokens_in = coalesce((call.token_usage ->> 'prompt_tokens')::integer, 0),
    tokens_out = coalesce((call.token_usage ->> 'completion_tokens')::integer, 0),
    cost_usd = coalesce(call.cost_usd, 0), model_run_id = p_model_run_id,
    lease_owner = null, lease_expires_at = null, completed_at = now(),
    duration_ms = (extract(epoch from now() - e.started_at) * 1000)::integer
  where e.id = g.id;
  for a in select value from jsonb_array_elements(coalesce(p_artifacts, '[]')) loop
    insert into public.artifacts (run_id, gate_execution_id, gate_id, file_name, file_path,
      content_type, content, content_hash, size_bytes, artifact_type)
    values (g.run_id, g.id, g.gate_id, a ->> 'file_name', coalesce(a ->> 'file_path', a ->> 'file_name'),
      coalesce(a ->> 'content_type', 'text/markdown'), a ->> 'content', '', 0, a ->> 'artifact_type');
  end loop;
  perform private.advance_workflow_run(g.id);
  return query select outcome.status, wr.status, wr.pause_reason
  from public.workflow_runs wr where wr.id = g.run_id;
end;
$$;

comment on function public.complete_workflow_gate(uuid, text, uuid, text, jsonb, jsonb, text, text) is 'Engine: records a leased gate''s outcome, checks and artifacts, then the next step, in one transaction.';
revoke all on function public.complete_workflow_gate(uuid, text, uuid, text, jsonb, jsonb, text, text) from public, anon, authenticated;
grant execute on function public.complete_workflow_gate(uuid, text, uuid, text, jsonb, jsonb, text, text) to service_role;
