-- Seed 003's admin query (issue 17): cost by model this month, a workflow's model calls and
-- single runs apart, each call by its own model (a grader's under the grader's model, though its
-- cost is in its gate's totals); refused to non-admins. A spec whose first stage is an approval
-- starts paused, waiting for it.
begin;
select plan(7);

delete from public.workflow_runs;
select tests.create_supabase_user('wfc_user');
select tests.create_supabase_user('wfc_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('wfc_admin');

insert into public.models (id, provider_id, provider_model_id, display_name, tier,
  price_per_1k_input, price_per_1k_output)
select 'wfc/model', provider_id, 'm', 'WFC', tier, 0, 0 from public.models where id = 'standin/echo';

select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wfc_user'), 'role', 'service_role')::text, true);
select public.start_workflow_run('research-brief', '{"topic": "costs"}') as run_id \gset
select tests.clear_authentication();
-- the gate's call, its grader's call and one single run, recorded as the run service records
-- them (cost from the price snapshot: $1 per 1k tokens in and out)
insert into public.runs (id, user_id, kind, model, provider_id, status, token_usage, price_snapshot, started_at, completed_at, input)
values ('00000000-0000-4000-8000-0000000000c1', tests.get_supabase_uid('wfc_user'), 'workflow_gate', 'wfc/model',
    'standin', 'success', '{"prompt_tokens": 10, "completion_tokens": 5}',
    '{"price_per_1k_input": 1, "price_per_1k_output": 1}', now(), now(), '{}'),
  ('00000000-0000-4000-8000-0000000000c3', tests.get_supabase_uid('wfc_user'), 'workflow_gate', 'wfc/grader',
    'standin', 'success', '{"prompt_tokens": 20, "completion_tokens": 2}',
    '{"price_per_1k_input": 1, "price_per_1k_output": 1}', now(), now(), '{}'),
  ('00000000-0000-4000-8000-0000000000c2', tests.get_supabase_uid('wfc_user'), 'gateway', 'wfc/model',
    'standin', 'success', '{"prompt_tokens": 3, "completion_tokens": 2}',
    '{"price_per_1k_input": 1, "price_per_1k_output": 1}', now(), now(), '{}');
-- the gate's totals hold its call and its grader's, as complete_workflow_gate sums them
update public.gate_executions set status = 'passed', completed_at = now(), model = 'wfc/model',
  provider = 'standin', tokens_in = 30, tokens_out = 7, cost_usd = 0.037,
  model_run_id = '00000000-0000-4000-8000-0000000000c1', duration_ms = 40,
  validation_results = '[{"name": "Graded", "passed": true, "model_run_id": "00000000-0000-4000-8000-0000000000c3"}]'
where run_id = :'run_id';

select tests.authenticate_as('wfc_user');
select throws_ok($$select * from public.admin_workflow_costs()$$, 'PL404', null, 'a user is refused');

select tests.authenticate_as('wfc_admin');
select is((select (gate_executions, single_runs, tokens_in, tokens_out, cost_usd, avg_gate_duration_ms)::text
  from public.admin_workflow_costs() where model = 'wfc/model'), '(1,1,13,7,0.02000000,40.0)',
  'an admin sees the model''s gate call and single run, the gate''s run counted once');
select is((select (gate_executions, single_runs, tokens_in, tokens_out, cost_usd)::text
  from public.admin_workflow_costs() where model = 'wfc/grader'), '(1,0,20,2,0.02200000)',
  'a grader''s call is under the grader''s model, not its gate''s');
select is((select count(*)::int from public.admin_workflow_costs(now() + interval '1 day') where model = 'wfc/model'), 0,
  'since a later time, nothing');

-- a spec that opens with an approval
select tests.clear_authentication();
insert into public.workflow_templates (slug, name, type) values ('wfc-approve', 'A', 'test');
insert into public.workflow_specs (template_id, version, content_hash, stages)
select id, 1, '', '[{"id": "ok", "gate": "G1", "name": "Go?", "approval": true},
  {"id": "a", "gate": "G2", "name": "A", "model": "anthropic/claude-3.5-haiku", "prompt": "x"}]'
from public.workflow_templates where slug = 'wfc-approve';
select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wfc_user'), 'role', 'service_role')::text, true);
select public.start_workflow_run('wfc-approve', '{}') as approve_run \gset
select is((select status::text || ': ' || pause_reason from public.workflow_runs where id = :'approve_run'),
  'paused: Gate G1 awaits approval', 'a run opening with an approval waits for it');
select public.decide_workflow_approval(:'approve_run', true);
select is((select status::text from public.workflow_runs where id = :'approve_run'), 'running', 'approved, it runs');
select is((select gate_id from public.claim_workflow_gate('wfc', 60) where run_id = :'approve_run'), 'G2',
  'and its next gate is claimed');

select * from finish();
rollback;
