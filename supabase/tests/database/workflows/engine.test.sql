-- The engine's SQL (issue 17): a claim leases one pending gate, so two claims never get the same
-- gate; an expired lease fails its attempt (LEASE_EXPIRED) and a new attempt follows, whose
-- packet names the fail codes; the outcome follows qa_config; exhausted attempts pause the run
-- with the reason; retry, skip and approval go on from there; only the lease holder completes.
-- Other runs in the database are removed for the test (rolled back), so claims see only ours.
begin;
select plan(26);

delete from public.workflow_runs;
select tests.create_supabase_user('wfe_owner');

insert into public.workflow_templates (slug, name, type) values ('wfe-t', 'T', 'test');
insert into public.workflow_specs (template_id, version, content_hash, intent_schema, stages, qa_config)
select id, 1, '',
  '[{"field": "topic", "type": "string", "required": true}]',
  '[{"id": "one", "gate": "G1", "name": "One", "model": "anthropic/claude-3.5-haiku", "prompt": "About {{topic}}.", "max_attempts": 2, "checks": ["Crit", "Info"]},
    {"id": "two", "gate": "G2", "name": "Two", "model": "anthropic/claude-3.5-haiku", "prompt": "Go on from {{one}}.", "required": false, "max_attempts": 1, "checks": ["Crit"]},
    {"id": "ok", "gate": "G3", "name": "Approval", "approval": true}]',
  '{"min_pass_rate": 0, "block_on_critical": true, "checks": [
     {"name": "Crit", "type": "contains", "severity": "critical", "required": false, "fail_code": "MISSING_ARTIFACT", "config": {"text": "x"}},
     {"name": "Info", "type": "contains", "severity": "info", "required": false, "fail_code": "STYLE", "config": {"text": "y"}}]}'
from public.workflow_templates where slug = 'wfe-t';

select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wfe_owner'), 'role', 'service_role')::text, true);
select public.start_workflow_run('wfe-t', '{"topic": "tides"}') as run_a \gset
select public.start_workflow_run('wfe-t', '{"topic": "moons"}') as run_b \gset

select gate_execution_id as g_a, prompt_packet as packet_a from public.claim_workflow_gate('w1', 60) \gset
select gate_execution_id as g_b from public.claim_workflow_gate('w2', 60) \gset
select isnt(:'g_a'::uuid, :'g_b'::uuid, 'two claims get two different gates');
select is((select count(*)::int from public.claim_workflow_gate('w3', 60)), 0,
  'a third claim gets none: both are leased');
select is(:'packet_a'::text, 'About tides.', 'the packet binds the intent');
select is((select status::text from public.workflow_runs where id = :'run_a'), 'running', 'a claimed run is running');
select throws_ok(format($$select * from public.complete_workflow_gate(%L, 'w2', null, 'x', '[]')$$, :'g_a'),
  'PL409', null, 'only the lease holder completes a gate');

-- run b's worker dies: its lease expires, the next claim fails that attempt and retries it
update public.gate_executions set lease_expires_at = now() - interval '1 second' where id = :'g_b';
select gate_execution_id as g_b2, attempt as b_attempt, prompt_packet as packet_b2
from public.claim_workflow_gate('w3', 60) \gset
select is((select status::text || ' ' || array_to_string(fail_codes, ',') from public.gate_executions where id = :'g_b'),
  'failed LEASE_EXPIRED', 'the expired attempt failed with LEASE_EXPIRED');
select is(:'b_attempt'::int, 2, 'and its second attempt is claimed');
select matches(:'packet_b2'::text, 'previous attempt failed: LEASE_EXPIRED', 'naming the fail code');

select is((select gate_status::text || ' ' || run_status::text from public.complete_workflow_gate(:'g_b2', 'w3', null, null,
  '[]', '[]', 'the provider answered 500', 'PROVIDER_ERROR')), 'failed paused',
  'a failed model call fails the attempt; the last attempt pauses the run');

-- run a: a critical check fails (block_on_critical) and an info check fails: failed, retried
select gate_status::text as st from public.complete_workflow_gate(:'g_a', 'w1', null, 'no match',
  '[{"name": "Crit", "passed": false, "message": "no x"}, {"name": "Info", "passed": false, "message": "no y"}]') \gset
select is(:'st'::text, 'failed', 'a failed critical check fails the gate');
select is((select fail_codes from public.gate_executions where id = :'g_a'), array['MISSING_ARTIFACT'],
  'with the blocking check''s fail code');
select is((select count(*)::int from public.gate_executions where run_id = :'run_a' and gate_id = 'G1' and status = 'pending'), 1,
  'a second attempt is pending');
select gate_execution_id as g_a2, prompt_packet as packet_a2 from public.claim_workflow_gate('w1', 60) \gset
select matches(:'packet_a2'::text, 'attempt 2 of 2\. The previous attempt failed: MISSING_ARTIFACT\.\n- Crit: no x',
  'the retry''s packet names what failed');
select run_status::text || ': ' || pause_reason as paused from public.complete_workflow_gate(:'g_a2', 'w1', null, 'still',
  '[{"name": "Crit", "passed": false, "message": "no x"}]') \gset
select is(:'paused'::text, 'paused: Gate G1 failed: MISSING_ARTIFACT', 'exhausted attempts pause the run with the reason');
select is((select count(*)::int from public.claim_workflow_gate('w1', 60) c where c.run_id = :'run_a'), 0,
  'a paused run''s gates are not claimed');

-- the owner retries: one more attempt, which passes with a warning (info check failed)
select set_config('role', 'service_role', true);
select throws_ok(format($$select public.skip_workflow_gate(%L)$$, :'run_a'), 'PL409', null,
  'a required gate cannot be skipped');
select public.retry_workflow_gate(:'run_a');
select is((select status::text from public.workflow_runs where id = :'run_a'), 'running', 'retry resumes the run');
select gate_execution_id as g_a3, attempt as a3 from public.claim_workflow_gate('w1', 60) c where c.run_id = :'run_a' \gset
select is(:'a3'::int, 3, 'with attempt 3');
select gate_status::text as st3 from public.complete_workflow_gate(:'g_a3', 'w1', null, 'x',
  '[{"name": "Crit", "passed": true}, {"name": "Info", "passed": false, "message": "no y"}]') \gset
select is(:'st3'::text, 'warning', 'a failed check that blocks nothing is a warning');

-- G2 binds G1's output, fails its one attempt, and is skipped (not required)
select gate_execution_id as g_two, prompt_packet as packet_two from public.claim_workflow_gate('w1', 60) c where c.run_id = :'run_a' \gset
select is(:'packet_two'::text, 'Go on from x.', 'a later stage binds an earlier stage''s output');
select pause_reason as reason_two from public.complete_workflow_gate(:'g_two', 'w1', null, 'nope',
  '[{"name": "Crit", "passed": false, "message": "no x"}]') \gset
select is(:'reason_two'::text, 'Gate G2 failed: MISSING_ARTIFACT', 'its run pauses');
select public.skip_workflow_gate(:'run_a');
select is((select pause_reason from public.workflow_runs where id = :'run_a'), 'Gate G3 awaits approval',
  'skipped, the run goes on to the approval gate and waits');
select throws_ok(format($$select public.retry_workflow_gate(%L)$$, :'run_a'), 'PL409', null,
  'an approval is not retried');
select public.decide_workflow_approval(:'run_a', true);
select is((select status::text from public.workflow_runs where id = :'run_a'), 'completed', 'approved, the run completes');
select is((select array_agg(status::text || ':' || attempt order by gate_order, attempt)
  from public.gate_executions where run_id = :'run_a'),
  array['failed:1', 'failed:2', 'warning:3', 'failed:1', 'skipped:2', 'passed:1'], 'the whole timeline');

-- another user's run is not found for the owner's actions
select set_config('request.jwt.claims', json_build_object('sub', gen_random_uuid(), 'role', 'service_role')::text, true);
select set_config('request.jwt.claim.sub', '', true);
select throws_ok(format($$select public.cancel_workflow_run(%L)$$, :'run_b'), 'PL404', null,
  'someone else cannot cancel the run');

select * from finish();
rollback;
