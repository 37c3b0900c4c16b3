-- A workflow run's totals are the sums of its gate executions, kept exact by this trigger on
-- every change of a gate (recomputed from the rows, so no drift), never written by the engine.

create function private.workflow_run_totals()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  rid uuid := case when tg_op = 'DELETE' then old.run_id else new.run_id end;
begin
  update public.workflow_runs r set
    gates_passed = t.passed, gates_failed = t.failed, gates_skipped = t.skipped,
    total_tokens_in = t.tokens_in, total_tokens_out = t.tokens_out, total_cost_usd = t.cost
  from (
    select count(*) filter (where g.status in ('passed', 'warning')) as passed,
      count(*) filter (where g.status = 'failed') as failed,
      count(*) filter (where g.status = 'skipped') as skipped,
      coalesce(sum(g.tokens_in), 0) as tokens_in, coalesce(sum(g.tokens_out), 0) as tokens_out,
      coalesce(sum(g.cost_usd), 0) as cost
    from public.gate_executions g where g.run_id = rid
  ) t
  where r.id = rid and (r.gates_passed, r.gates_failed, r.gates_skipped, r.total_tokens_in,
    r.total_tokens_out, r.total_cost_usd) is distinct from (t.passed, t.failed, t.skipped,
    t.tokens_in, t.tokens_out, t.cost);
  return null;
end;
$$;

comment on function private.workflow_run_totals() is 'Trigger: recomputes a workflow run''s totals from its gate executions.';
revoke all on function private.workflow_run_totals() from public, anon, authenticated;

create trigger gate_executions_totals
  after insert or delete or update of status, tokens_in, tokens_out, cost_usd
  on public.gate_executions
  for each row execute function private.workflow_run_totals();
