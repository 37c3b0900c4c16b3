-- Workflows under RLS (issue 17): templates and specs are read by anyone while active (anon
-- too) and written by admins only; runs, gates and artifacts are read by their owner or an
-- admin, by no one else, and written by no caller (only the engine's SQL functions).
begin;
select plan(24);

select tests.create_supabase_user('wf_owner');
select tests.create_supabase_user('wf_other');
select tests.create_supabase_user('wf_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('wf_admin');

-- a hidden template with a spec, and a run of the owner's with a gate and an artifact
insert into public.workflow_templates (slug, name, type, is_active)
values ('wf-rls-hidden', 'Hidden', 'test', false);
insert into public.workflow_specs (template_id, version, content_hash, stages)
select id, 1, '', '[{"id": "a", "gate": "G1", "name": "A", "model": "anthropic/claude-3.5-haiku", "prompt": "x"}]'
from public.workflow_templates where slug = 'wf-rls-hidden';
update public.workflow_templates set is_active = true where slug = 'wf-rls-hidden';

select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wf_owner'), 'role', 'service_role')::text, true);
select public.start_workflow_run('wf-rls-hidden', '{}') as run_id \gset
select tests.clear_authentication();
update public.workflow_templates set is_active = false where slug = 'wf-rls-hidden';
insert into public.artifacts (run_id, gate_execution_id, gate_id, file_name, file_path, content, content_hash, size_bytes)
select g.run_id, g.id, g.gate_id, 'A.md', 'A.md', '# A', '', 0
from public.gate_executions g where g.run_id = :'run_id';

select tests.authenticate_as_anon();
select ok((select count(*) from public.workflow_templates where slug = 'typographic-etymology') = 1,
  'anon reads an active template');
select is((select count(*)::int from public.workflow_templates where slug = 'wf-rls-hidden'), 0,
  'but not an inactive one');
select ok((select count(*) from public.workflow_specs s join public.workflow_templates t on t.id = s.template_id
  where t.slug = 'research-brief') = 1, 'anon reads an active template''s spec');
select is((select count(*)::int from public.workflow_runs), 0, 'anon reads no run');
select is((select count(*)::int from public.gate_executions), 0, 'no gate');
select is((select count(*)::int from public.artifacts), 0, 'no artifact');
select throws_ok($$insert into public.workflow_templates (slug, name, type) values ('x-anon', 'x', 'x')$$,
  '42501', null, 'anon writes no template');

select tests.authenticate_as('wf_owner');
select is((select count(*)::int from public.workflow_templates where slug = 'wf-rls-hidden'), 0,
  'a user does not read an inactive template');
select is((select count(*)::int from public.workflow_runs where id = :'run_id'), 1, 'the owner reads their run');
select is((select count(*)::int from public.gate_executions where run_id = :'run_id'), 1, 'its gates');
select is((select count(*)::int from public.artifacts where run_id = :'run_id'), 1, 'its artifacts');
select throws_ok($$insert into public.workflow_templates (slug, name, type) values ('x-user', 'x', 'x')$$,
  '42501', null, 'a user writes no template');
update public.workflow_specs set is_active = false;
select ok((select bool_and(is_active) from public.workflow_specs), 'nor changes a spec');
select throws_ok(format($$update public.workflow_runs set status = 'completed' where id = %L$$, :'run_id'),
  '42501', null, 'the owner cannot write their run');
select throws_ok(format($$update public.gate_executions set status = 'passed' where run_id = %L$$, :'run_id'),
  '42501', null, 'nor its gates');
select throws_ok(format($$delete from public.artifacts where run_id = %L$$, :'run_id'),
  '42501', null, 'nor its artifacts');
select throws_ok($$select * from public.claim_workflow_gate('me')$$, '42501', null,
  'nor claim a gate');

select tests.authenticate_as('wf_other');
select is((select count(*)::int from public.workflow_runs where id = :'run_id'), 0, 'another user reads no one else''s run');
select is((select count(*)::int from public.gate_executions where run_id = :'run_id'), 0, 'nor its gates');
select is((select count(*)::int from public.artifacts where run_id = :'run_id'), 0, 'nor its artifacts');

select tests.authenticate_as('wf_admin');
select is((select count(*)::int from public.workflow_templates where slug = 'wf-rls-hidden'), 1,
  'an admin reads an inactive template');
select is((select count(*)::int from public.gate_executions g join public.artifacts a on a.gate_execution_id = g.id
  where g.run_id = :'run_id'), 1, 'an admin reads anyone''s run, gates and artifacts');
insert into public.workflow_templates (slug, name, type) values ('wf-rls-admin', 'By an admin', 'test');
select is((select count(*)::int from public.workflow_templates where slug = 'wf-rls-admin'), 1, 'an admin writes templates');
select throws_ok(format($$update public.workflow_runs set status = 'completed' where id = %L$$, :'run_id'),
  '42501', null, 'but no one writes runs directly, admins neither');

select * from finish();
rollback;
