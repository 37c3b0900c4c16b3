-- A gate's model call is linked to its gate as soon as the run service has started it, not only
-- when the gate completes: cancelling a workflow run then finds the call in flight and asks it
-- to stop (the run service's cancel flag), instead of paying for an answer nobody will use.
create function public.attach_gate_model_run(p_gate uuid, p_worker text, p_model_run uuid)
returns void
language sql
security definer
set search_path = ''
as $$
  -- only the worker holding the gate's lease, and only while it runs
  update public.gate_executions g set model_run_id = p_model_run
  where g.id = p_gate and g.status = 'running' and g.lease_owner = p_worker;
$$;

comment on function public.attach_gate_model_run(uuid, text, uuid) is
  'Links a running gate to its model call (the engine, once the call has started), so a cancel can stop it.';
revoke all on function public.attach_gate_model_run(uuid, text, uuid) from public, anon, authenticated;
grant execute on function public.attach_gate_model_run(uuid, text, uuid) to service_role;
