-- Model-graded checks (issue 17): a spec's model_graded check needs a grading prompt binding only
-- {{output}}, a model and an object schema with its pass field (a per-field 422 otherwise); a
-- gate's outcome adds its graders' runs' tokens and cost to its own (so to the run's totals), a
-- grader that could not grade fails with its own code (GRADER_MISFIT) rather than the check's, and
-- a grader run that is not the owner's workflow_gate run is refused. The results, with the
-- grader's run, are read by the run's owner only.
begin;
select plan(13);

delete from public.workflow_runs;
select tests.create_supabase_user('wmg_owner');
select tests.create_supabase_user('wmg_other');

insert into public.workflow_templates (slug, name, type) values ('wmg-t', 'T', 'test');
create function pg_temp.spec_with(config jsonb) returns void language sql as $$
  insert into public.workflow_specs (template_id, version, content_hash, intent_schema, stages, qa_config)
  select id, 1, '', '[{"field": "topic", "type": "string", "required": true}]',
    '[{"id": "one", "gate": "G1", "name": "One", "model": "anthropic/claude-3.5-haiku", "prompt": "About {{topic}}.", "max_attempts": 1, "checks": ["Graded"]}]',
    jsonb_build_object('checks', jsonb_build_array(jsonb_build_object('name', 'Graded', 'type', 'model_graded',
      'severity', 'critical', 'required', true, 'fail_code', 'LOW_QUALITY', 'config', config)))
  from public.workflow_templates where slug = 'wmg-t';
$$;

select throws_like($$select pg_temp.spec_with('{"model": "m", "schema": {"type": "object", "properties": {"pass": {"type": "boolean"}}}}')$$,
  '%check Graded needs a grading prompt%', 'a grader needs a prompt');
select throws_like($$select pg_temp.spec_with('{"prompt": "Grade {{topic}}", "model": "m", "schema": {"type": "object", "properties": {"pass": {"type": "boolean"}}}}')$$,
  '%binds only {{output}}%', 'a grading prompt binds only {{output}}');
select throws_like($$select pg_temp.spec_with('{"prompt": "Grade {{output}}", "schema": {"type": "object", "properties": {"pass": {"type": "boolean"}}}}')$$,
  '%needs a grader model%', 'a grader needs a model');
select throws_like($$select pg_temp.spec_with('{"prompt": "Grade {{output}}", "model": "m", "schema": {"type": "object", "properties": {"ok": {"type": "boolean"}}}}')$$,
  '%needs its schema to have the pass field pass%', 'the schema has the pass field');
do $$
declare d text;
begin
  perform pg_temp.spec_with('{"prompt": "Grade {{output}}", "model": "m"}');
exception when others then
  get stacked diagnostics d = pg_exception_detail;
  perform set_config('tests.detail', d, true);
end $$;
select is(current_setting('tests.detail')::jsonb -> 'fields' -> 0 ->> 'field', 'qa_config.checks',
  'the problem names its field');
select lives_ok($$select pg_temp.spec_with('{"prompt": "Grade {{output}}", "model": "anthropic/claude-3.5-haiku", "schema": {"type": "object", "properties": {"verdict": {"type": "string", "enum": ["fail", "pass"]}, "reason": {"type": "string"}}}, "pass_field": "verdict", "pass_equals": "pass"}')$$,
  'a grader with a verdict field is accepted');

select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wmg_owner'), 'role', 'service_role')::text, true);
select public.start_workflow_run('wmg-t', '{"topic": "tides"}') as run_id \gset
select gate_execution_id as g from public.claim_workflow_gate('wmg', 60) \gset
select tests.clear_authentication();

-- the gate's call, its grader's call, and another user's run
insert into public.runs (id, user_id, kind, model, provider_id, status, token_usage, cost_usd, started_at, completed_at, input, price_snapshot)
values ('00000000-0000-4000-8000-00000000a001', tests.get_supabase_uid('wmg_owner'), 'workflow_gate', 'anthropic/claude-3.5-haiku',
    'standin', 'success', '{"prompt_tokens": 10, "completion_tokens": 5}', 0.5, now(), now(), '{}', '{"price_per_1k_input": 1, "price_per_1k_output": 2}'),
  ('00000000-0000-4000-8000-00000000a002', tests.get_supabase_uid('wmg_owner'), 'workflow_gate', 'anthropic/claude-3.5-haiku',
    'standin', 'success', '{"prompt_tokens": 7, "completion_tokens": 3}', 0.25, now(), now(), '{}', '{"price_per_1k_input": 1, "price_per_1k_output": 2}'),
  ('00000000-0000-4000-8000-00000000a003', tests.get_supabase_uid('wmg_other'), 'workflow_gate', 'anthropic/claude-3.5-haiku',
    'standin', 'success', '{"prompt_tokens": 1, "completion_tokens": 1}', 0.125, now(), now(), '{}', '{"price_per_1k_input": 1, "price_per_1k_output": 2}');

select tests.authenticate_as_service_role();
select throws_ok(format($$select * from public.complete_workflow_gate(%L, 'wmg', '00000000-0000-4000-8000-00000000a001', 'out',
    '[{"name": "Graded", "passed": true, "message": "ok", "model_run_id": "00000000-0000-4000-8000-00000000a003"}]')$$, :'g'),
  'PL422', null, 'another user''s run is not a grader of this gate');
select is((select gate_status::text || ' ' || run_status::text || ' ' || pause_reason from public.complete_workflow_gate(:'g', 'wmg',
    '00000000-0000-4000-8000-00000000a001', 'out',
    '[{"name": "Graded", "passed": false, "message": "the grader''s answer does not fit", "fail_code": "GRADER_MISFIT", "model_run_id": "00000000-0000-4000-8000-00000000a002"}]')),
  'failed paused Gate G1 failed: GRADER_MISFIT', 'a grader that could not grade fails with its own code');
-- (runs.cost_usd is priced by trigger from the runs' price snapshots; the sum is what counts)
select is((select (tokens_in, tokens_out, cost_usd = (select sum(cost_usd) from public.runs
    where id in ('00000000-0000-4000-8000-00000000a001', '00000000-0000-4000-8000-00000000a002')))::text
  from public.gate_executions where id = :'g'), '(17,8,t)', 'the gate counts its call and its grader''s');
select is((select cost_usd from public.gate_executions where id = :'g'), 0.033::numeric(14, 8),
  'which is (10 + 7) x $1 + (5 + 3) x $2 per 1k tokens');
select is((select (total_tokens_in, total_tokens_out, total_cost_usd = g.cost_usd)::text
  from public.workflow_runs r join public.gate_executions g on g.run_id = r.id where r.id = :'run_id'),
  '(17,8,t)', 'and so does the run');

select tests.authenticate_as('wmg_owner');
select is((select validation_results -> 0 ->> 'model_run_id' from public.gate_executions where id = :'g'),
  '00000000-0000-4000-8000-00000000a002', 'the owner reads which run graded');
select tests.authenticate_as('wmg_other');
select is((select count(*)::int from public.gate_executions where id = :'g'), 0, 'another user reads nothing');
select tests.clear_authentication();

select * from finish();
rollback;
