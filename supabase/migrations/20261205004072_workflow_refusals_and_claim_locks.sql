-- Changes to the engine of 20261205004070_workflow_engine.sql (issue 17): a gate whose model
-- call was refused before it was made (daily quota, budget, plan, provider rate limit) pauses the
-- run at once with the refusal as its reason, instead of spending its attempts on refusals; and a
-- claim locks the gate's run with the gate (skipping both when either is held), so a claim and an
-- owner's action (cancel, retry, skip: run first, then gates) never wait on each other in
-- opposite orders. Bodies otherwise as there; changes marked "changed".

-- After a gate reached a final status: the next gate, a retry, a pause, or the end of the run.
create or replace function private.advance_workflow_run(p_gate uuid)
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

  -- changed: a call refused before it was made (quota, budget, plan, rate limit: no model run)
  -- would be refused again at once; the run pauses saying why instead of spending attempts.
  if g.status = 'failed' and g.model_run_id is null and g.error_message is not null
      and not 'LEASE_EXPIRED' = any (g.fail_codes) then
    perform private.pause_workflow_run(r.id, format('Gate %s could not call its model: %s (%s)',
      g.gate_id, array_to_string(g.fail_codes, ', '), g.error_message));
    return;
  end if;
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

comment on function private.advance_workflow_run(uuid) is 'After a gate ended: the next gate, a retry, a pause (a refused call, attempts exhausted, approval, cost ceiling) or the run''s completion.';

-- security definer: workers run as service_role with no user; this is the only way a gate is
-- leased. Expired leases are returned first (the attempt fails, LEASE_EXPIRED).
create or replace function public.claim_workflow_gate(p_worker text, p_lease_seconds integer default 120)
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
  -- changed: the run is locked with its gate, skipped when held (an owner's action locks the run
  -- before its gates; a claim waiting for it would lock them the other way round)
  for update of e, wr skip locked;
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
