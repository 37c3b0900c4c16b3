-- A workflow run's totals are kept by SQL from its gate executions (issue 17): whatever rows
-- are written or removed, the run's counts, tokens and cost are their sums.
begin;
select plan(4);

delete from public.workflow_runs;
select tests.create_supabase_user('wft_owner');
select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wft_owner'), 'role', 'service_role')::text, true);
select public.start_workflow_run('research-brief', '{"topic": "totals"}') as run_id \gset
select tests.clear_authentication();

create function pg_temp.totals_match(rid uuid) returns boolean language sql as $$
  select (r.gates_passed, r.gates_failed, r.gates_skipped, r.total_tokens_in, r.total_tokens_out, r.total_cost_usd)
    = (select count(*) filter (where g.status in ('passed', 'warning')), count(*) filter (where g.status = 'failed'),
         count(*) filter (where g.status = 'skipped'), coalesce(sum(g.tokens_in), 0), coalesce(sum(g.tokens_out), 0),
         coalesce(sum(g.cost_usd), 0)
       from public.gate_executions g where g.run_id = r.id)
  from public.workflow_runs r where r.id = rid
$$;

update public.gate_executions set status = 'passed', completed_at = now(), tokens_in = 100,
  tokens_out = 40, cost_usd = 0.00012345 where run_id = :'run_id';
insert into public.gate_executions (run_id, stage_id, gate_id, gate_name, gate_order, status, attempt,
  tokens_in, tokens_out, cost_usd, completed_at)
values (:'run_id', 'findings', 'G2', 'Findings', 2, 'failed', 1, 7, 3, 0.00000001, now()),
  (:'run_id', 'findings', 'G2', 'Findings', 2, 'warning', 2, 11, 5, 0.00000002, now());
select ok(pg_temp.totals_match(:'run_id'), 'totals are the sums after inserts and updates');
select is((select total_cost_usd from public.workflow_runs where id = :'run_id'), 0.00012348::numeric(14, 8),
  'to the last digit');
delete from public.gate_executions where run_id = :'run_id' and status = 'failed';
select ok(pg_temp.totals_match(:'run_id'), 'and after a delete');
select is((select (gates_passed, gates_failed, total_tokens_in)::text from public.workflow_runs where id = :'run_id'),
  '(2,0,111)', 'counts and tokens too');

select * from finish();
rollback;
