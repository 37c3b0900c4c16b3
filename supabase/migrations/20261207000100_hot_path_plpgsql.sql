-- Three helpers every run or workflow gate calls become plpgsql, with the same bodies.
-- Why: Postgres 15 keeps no plan of a `language sql` function across calls unless it is inlined
-- into its caller's query, and a security definer or volatile function never is. Each call was
-- parsed and planned again: 0.4 ms of a gate's insert_workflow_gate was planning a one-row
-- insert, and user_is_disabled (in the trigger on every run's insert) was planned on every run.
-- plpgsql caches its statements' plans per connection, so a warm connection only executes them.

create or replace function private.user_is_disabled(p_user_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  return coalesce((select p.disabled_at is not null from public.profiles p where p.id = p_user_id),
    false);
end;
$$;

create or replace function private.pause_workflow_run(p_run_id uuid, p_reason text)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.workflow_runs set status = 'paused', pause_reason = left(p_reason, 500)
  where id = p_run_id;
end;
$$;

create or replace function private.insert_workflow_gate(p_run_id uuid, p_stages jsonb,
  p_order integer, p_attempt integer, p_max_attempts integer default null)
returns uuid
language plpgsql
security invoker
set search_path = ''
as $$
declare
  st jsonb := p_stages -> (p_order - 1);
  new_id uuid;
begin
  insert into public.gate_executions (run_id, stage_id, gate_id, gate_name, phase, gate_order,
    agent, model, is_required, is_approval, attempt, max_attempts)
  values (p_run_id, st ->> 'id', st ->> 'gate', st ->> 'name', st ->> 'phase', p_order,
    st ->> 'agent', st ->> 'model', coalesce((st ->> 'required')::boolean, true),
    coalesce((st ->> 'approval')::boolean, false), p_attempt,
    coalesce(p_max_attempts, (st ->> 'max_attempts')::integer, 3))
  returning id into new_id;
  return new_id;
end;
$$;
