-- A completion that asks for the worker's next gate (20261207000200) leases it in the same
-- transaction: the run's next gate, bound to the output just recorded, held by that worker alone,
-- its time starting when it was claimed. A completion that pauses or ends its run, or finds
-- nothing waiting, returns none; a bad lease is refused before anything is written. Other runs in
-- the database are removed for the test (rolled back), so claims see only ours.
begin;
select plan(13);

delete from public.workflow_runs;
select tests.create_supabase_user('wcn_owner');

insert into public.workflow_templates (slug, name, type) values ('wcn-t', 'T', 'test');
insert into public.workflow_specs (template_id, version, content_hash, intent_schema, stages, qa_config)
select id, 1, '',
  '[{"field": "topic", "type": "string", "required": true}]',
  '[{"id": "one", "gate": "G1", "name": "One", "model": "anthropic/claude-3.5-haiku", "prompt": "About {{topic}}.", "max_attempts": 1, "checks": ["Crit"]},
    {"id": "two", "gate": "G2", "name": "Two", "model": "anthropic/claude-3.5-haiku", "prompt": "Go on from {{one}}.", "max_attempts": 1, "checks": ["Crit"]}]',
  '{"checks": [{"name": "Crit", "type": "contains", "severity": "critical", "required": true, "fail_code": "MISSING_X", "config": {"text": "x"}}]}'
from public.workflow_templates where slug = 'wcn-t';

select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wcn_owner'), 'role', 'service_role')::text, true);
select public.start_workflow_run('wcn-t', '{"topic": "tides"}') as run_a \gset

select gate_execution_id as g1 from public.claim_workflow_gate('w1', 60) \gset

select throws_ok(format($$select * from public.complete_workflow_gate(%L, 'w1', null, 'x', '[{"name": "Crit", "passed": true}]', '[]', null, null, 0)$$, :'g1'),
  'PL422', null, 'a next lease out of 1-3600 s is refused');
select is((select status::text from public.gate_executions where id = :'g1'), 'running',
  'and nothing was written: the gate is still leased');

select gate_status::text as st1, run_status::text as rs1, next_claim as next1
from public.complete_workflow_gate(:'g1', 'w1', null, 'x marks it', '[{"name": "Crit", "passed": true}]',
  '[]', null, null, 60) \gset
select is(:'st1'::text, 'passed', 'the gate is completed');
select is((:'next1'::jsonb) ->> 'gate_id', 'G2', 'and its run''s next gate is leased with it');
select is((:'next1'::jsonb) ->> 'run_id', :'run_a', 'of the same run');
select is((:'next1'::jsonb) ->> 'prompt_packet', 'Go on from x marks it.',
  'its packet binding the output just recorded');
select is((select status::text || ' ' || lease_owner from public.gate_executions
  where id = ((:'next1'::jsonb) ->> 'gate_execution_id')::uuid), 'running w1', 'held by the same worker');
select ok((select g2.started_at >= g1.completed_at and g2.lease_expires_at = g2.started_at + interval '60 seconds'
  from public.gate_executions g1, public.gate_executions g2
  where g1.id = :'g1' and g2.id = ((:'next1'::jsonb) ->> 'gate_execution_id')::uuid),
  'its time and lease start when it was claimed, after the completion before it');
select is((select count(*)::int from public.claim_workflow_gate('w2', 60)), 0,
  'another worker cannot claim it');

-- the last gate: the run completes and nothing follows
select run_status::text || ' ' || coalesce(next_claim::text, 'none') as rs2
from public.complete_workflow_gate(((:'next1'::jsonb) ->> 'gate_execution_id')::uuid, 'w1', null, 'x again',
  '[{"name": "Crit", "passed": true}]', '[]', null, null, 60) \gset
select is(:'rs2'::text, 'completed none',
  'the run completes; nothing waits, so no gate is leased');

-- a completion that pauses its run leases none of that run's gates
select public.start_workflow_run('wcn-t', '{"topic": "moons"}') as run_b \gset
select gate_execution_id as gb from public.claim_workflow_gate('w1', 60) \gset
select run_status::text || ' ' || coalesce(next_claim::text, 'none') as rs3
from public.complete_workflow_gate(:'gb', 'w1', null, 'nothing', '[{"name": "Crit", "passed": false, "message": "no x"}]',
  '[]', null, null, 60) \gset
select is(:'rs3'::text, 'paused none',
  'a failed last attempt pauses the run and leases none of its gates (none waits elsewhere)');

-- without the argument, the next gate stays pending for any worker (as before)
select public.start_workflow_run('wcn-t', '{"topic": "suns"}') as run_c \gset
select gate_execution_id as gc from public.claim_workflow_gate('w1', 60) \gset
select is((select coalesce(next_claim::text, 'none') from public.complete_workflow_gate(:'gc', 'w1', null, 'x',
  '[{"name": "Crit", "passed": true}]')), 'none', 'a completion that asks for nothing leases nothing');
select is((select gate_id from public.claim_workflow_gate('w2', 60)), 'G2',
  'and the next gate is any worker''s to claim');

select * from finish();
rollback;
