-- What the owner of a workflow run may do to it (issue 17): retry a failed gate (one more
-- attempt) or resume after the cost ceiling, skip a gate that is not required, approve or reject
-- an approval gate, cancel. Called by the API as service_role with the caller's claims; each
-- checks the run is the caller's (another user's run is not found).

-- The caller's run, locked; another user's is not found.
create function private.own_workflow_run(p_run uuid)
returns public.workflow_runs
language plpgsql
security invoker
set search_path = ''
as $$
declare
  r public.workflow_runs;
begin
  select * into r from public.workflow_runs wr
  where wr.id = p_run and wr.user_id = (select auth.uid()) for update;
  if r.id is null then
    raise exception 'workflow run not found' using errcode = 'PL404', hint = 'workflow_run_not_found';
  end if;
  return r;
end;
$$;

comment on function private.own_workflow_run(uuid) is 'The caller''s workflow run, locked; 404 for anyone else''s.';
revoke all on function private.own_workflow_run(uuid) from public, anon, authenticated;

-- The gate a paused run waits on: its latest attempt of its furthest gate.
create function private.waiting_gate(p_run uuid)
returns public.gate_executions
language sql
stable
security invoker
set search_path = ''
as $$
  select * from public.gate_executions g where g.run_id = p_run
  order by g.gate_order desc, g.attempt desc limit 1;
$$;

comment on function private.waiting_gate(uuid) is 'The latest attempt of a run''s furthest gate.';
revoke all on function private.waiting_gate(uuid) from public, anon, authenticated;

create function private.require_paused(r public.workflow_runs)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if r.status <> 'paused' then
    raise exception 'the run is %, not paused', r.status
      using errcode = 'PL409', hint = 'workflow_run_not_paused';
  end if;
end;
$$;

comment on function private.require_paused(public.workflow_runs) is '409 unless the run is paused.';
revoke all on function private.require_paused(public.workflow_runs) from public, anon, authenticated;

-- security definer: callers cannot write runs or gates; the run is the caller's.
create function public.retry_workflow_gate(p_run uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.workflow_runs := private.own_workflow_run(p_run);
  g public.gate_executions;
  s public.workflow_specs;
begin
  perform private.require_paused(r);
  g := private.waiting_gate(p_run);
  if g.is_approval and g.status = 'pending' then
    raise exception 'gate % awaits approval: approve or reject it', g.gate_id
      using errcode = 'PL409', hint = 'gate_awaits_approval';
  end if;
  if g.status = 'failed' then
    select * into s from public.workflow_specs where id = r.spec_id;
    -- one more attempt than the gate has had
    perform private.insert_workflow_gate(r.id, s.stages, g.gate_order, g.attempt + 1, g.attempt + 1);
  end if;
  update public.workflow_runs set status = 'running', pause_reason = null, current_gate = g.gate_id
  where id = r.id;
end;
$$;

comment on function public.retry_workflow_gate(uuid) is 'Resumes a paused run of the caller''s: one more attempt of its failed gate (or past the cost ceiling).';
revoke all on function public.retry_workflow_gate(uuid) from public, anon, authenticated;
grant execute on function public.retry_workflow_gate(uuid) to service_role;

-- security definer: callers cannot write runs or gates; the run is the caller's.
create function public.skip_workflow_gate(p_run uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.workflow_runs := private.own_workflow_run(p_run);
  g public.gate_executions;
  s public.workflow_specs;
  skipped uuid;
begin
  perform private.require_paused(r);
  g := private.waiting_gate(p_run);
  if g.is_required then
    raise exception 'gate % is required and cannot be skipped', g.gate_id
      using errcode = 'PL409', hint = 'gate_required';
  end if;
  if g.status = 'pending' then
    update public.gate_executions set status = 'skipped', completed_at = now() where id = g.id;
    skipped := g.id;
  else
    select * into s from public.workflow_specs where id = r.spec_id;
    skipped := private.insert_workflow_gate(r.id, s.stages, g.gate_order, g.attempt + 1, g.attempt + 1);
    update public.gate_executions set status = 'skipped', completed_at = now() where id = skipped;
  end if;
  update public.workflow_runs set status = 'running', pause_reason = null where id = r.id;
  perform private.advance_workflow_run(skipped);
end;
$$;

comment on function public.skip_workflow_gate(uuid) is 'Skips the gate a paused run of the caller''s waits on, if not required, and goes on.';
revoke all on function public.skip_workflow_gate(uuid) from public, anon, authenticated;
grant execute on function public.skip_workflow_gate(uuid) to service_role;

-- security definer: callers cannot write runs or gates; the run is the caller's.
create function public.decide_workflow_approval(p_run uuid, p_approve boolean)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.workflow_runs := private.own_workflow_run(p_run);
  g public.gate_executions;
begin
  perform private.require_paused(r);
  g := private.waiting_gate(p_run);
  if not (g.is_approval and g.status = 'pending') then
    raise exception 'the run awaits no approval' using errcode = 'PL409', hint = 'no_approval_pending';
  end if;
  if p_approve then
    update public.gate_executions set status = 'passed', completed_at = now() where id = g.id;
    update public.workflow_runs set status = 'running', pause_reason = null where id = r.id;
    perform private.advance_workflow_run(g.id);
  else
    update public.gate_executions set status = 'failed', fail_codes = array['REJECTED'],
      completed_at = now() where id = g.id;
    update public.workflow_runs set status = 'failed', pause_reason = null, completed_at = now(),
      current_gate = null where id = r.id;
  end if;
end;
$$;

comment on function public.decide_workflow_approval(uuid, boolean) is 'Approves (the run goes on) or rejects (the run fails) the approval gate a run of the caller''s waits on.';
revoke all on function public.decide_workflow_approval(uuid, boolean) from public, anon, authenticated;
grant execute on function public.decide_workflow_approval(uuid, boolean) to service_role;

-- security definer: callers cannot write runs or gates; the run is the caller's. A gate being
-- run finishes and is recorded, and nothing follows it.
create function public.cancel_workflow_run(p_run uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  r public.workflow_runs := private.own_workflow_run(p_run);
begin
  if r.status in ('completed', 'failed', 'cancelled') then
    raise exception 'the run has ended (%)', r.status using errcode = 'PL409', hint = 'workflow_run_ended';
  end if;
  update public.gate_executions set status = 'skipped', fail_codes = array['CANCELLED'],
    completed_at = now()
  where run_id = r.id and status = 'pending';
  update public.workflow_runs set status = 'cancelled', pause_reason = null, completed_at = now(),
    current_gate = null
  where id = r.id;
end;
$$;

comment on function public.cancel_workflow_run(uuid) is 'Cancels a run of the caller''s that has not ended; its pending gates are skipped.';
revoke all on function public.cancel_workflow_run(uuid) from public, anon, authenticated;
grant execute on function public.cancel_workflow_run(uuid) to service_role;
