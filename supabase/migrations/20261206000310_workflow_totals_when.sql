-- A workflow run's totals are recomputed only when a gate execution's write can change them:
-- a gate counted (passed, warning, failed, skipped) or its tokens or cost. Claiming a gate
-- (pending to running) and inserting the next pending one changed nothing and cost two of the
-- trigger's three runs per gate (bench:workflows, Postgres CPU per gate).
drop trigger gate_executions_totals on public.gate_executions;

create trigger gate_executions_totals_insert
  after insert on public.gate_executions
  for each row
  when (new.status in ('passed', 'warning', 'failed', 'skipped')
    or coalesce(new.tokens_in, 0) <> 0 or coalesce(new.tokens_out, 0) <> 0
    or coalesce(new.cost_usd, 0) <> 0)
  execute function private.workflow_run_totals();

create trigger gate_executions_totals_update
  after update of status, tokens_in, tokens_out, cost_usd on public.gate_executions
  for each row
  when ((old.status in ('passed', 'warning', 'failed', 'skipped')
      or new.status in ('passed', 'warning', 'failed', 'skipped'))
      and old.status is distinct from new.status
    or old.tokens_in is distinct from new.tokens_in
    or old.tokens_out is distinct from new.tokens_out
    or old.cost_usd is distinct from new.cost_usd)
  execute function private.workflow_run_totals();

create trigger gate_executions_totals_delete
  after delete on public.gate_executions
  for each row
  when (old.status in ('passed', 'warning', 'failed', 'skipped')
    or coalesce(old.tokens_in, 0) <> 0 or coalesce(old.tokens_out, 0) <> 0
    or coalesce(old.cost_usd, 0) <> 0)
  execute function private.workflow_run_totals();
