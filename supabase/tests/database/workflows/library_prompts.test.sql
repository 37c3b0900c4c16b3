-- Library prompts in workflow stages (issue 17): a stage names a library version by id or by
-- name@label in the spec author's library (created_by), checked when the spec is written (one
-- problem per stage: both or neither of prompt and a reference, an unknown version, another
-- user's private version, a name or label the author lacks, a name in a spec with no author, a
-- version binding what the spec lacks). A run pins the version when it starts: its retries use it
-- after the label moves, a new run uses the moved label, and a label removed since refuses the
-- start with PL409 workflow_prompt_unresolved. The pin is read under the run's RLS: owner and
-- admin, not another user, not anon.
begin;
select plan(24);

delete from public.workflow_runs;
select tests.create_supabase_user('wlp_admin');
select tests.create_supabase_user('wlp_owner');
select tests.create_supabase_user('wlp_other');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('wlp_admin');

-- another user's private prompt, whose version no spec may name
select tests.authenticate_as('wlp_other');
select set_config('tests.private_p', public.create_prompt(title => 'Secret outline', content => 'secret {{topic}}')::text, true);
select set_config('tests.private_v', (select v.id::text from public.prompt_versions v
  where v.prompt_id = current_setting('tests.private_p')::uuid), true);

-- the admin's library: essay-outline v1 (production) and v2
select tests.authenticate_as('wlp_admin');
select set_config('tests.p', public.create_prompt(title => 'Essay outline', content => 'V1 outline of {{topic}}.')::text, true);
insert into public.prompt_versions (prompt_id, content) values (current_setting('tests.p')::uuid, 'V2 outline of {{topic}}, sharper.');
insert into public.prompt_versions (prompt_id, content) values (current_setting('tests.p')::uuid, 'V3 binds {{nowhere}}.');
select public.move_label(current_setting('tests.p')::uuid, 'production', null, 1);
select public.move_label(current_setting('tests.p')::uuid, 'broken', null, 3);
select set_config('tests.v1', (select id::text from public.prompt_versions where prompt_id = current_setting('tests.p')::uuid and version_number = 1), true);
select set_config('tests.v2', (select id::text from public.prompt_versions where prompt_id = current_setting('tests.p')::uuid and version_number = 2), true);
select is((select name from public.prompts where id = current_setting('tests.p')::uuid), 'essay-outline', 'the admin''s prompt is named essay-outline');

insert into public.workflow_templates (slug, name, type) values ('wlp-t', 'T', 'test');
create temporary table stage_of (body jsonb) on commit drop;
grant all on stage_of to authenticated;

-- one spec-writing helper: the admin writes a one-stage spec whose stage has `extra` merged in
create function pg_temp.write_spec(extra jsonb) returns void language sql as $$
  insert into public.workflow_specs (template_id, version, content_hash, intent_schema, stages, created_by)
  select t.id, 1, '', '[{"field": "topic", "type": "string", "required": true}]',
    jsonb_build_array(jsonb_build_object('id', 'outline', 'gate', 'G1', 'name', 'Outline',
      'model', 'anthropic/claude-3.5-haiku', 'max_attempts', 2) || extra),
    (select auth.uid())
  from public.workflow_templates t where t.slug = 'wlp-t';
$$;
grant execute on function pg_temp.write_spec(jsonb) to authenticated;

select throws_like($$select pg_temp.write_spec(jsonb_build_object('prompt', 'x', 'library_prompt', 'essay-outline'))$$,
  '%needs exactly one of prompt, prompt_version_id and library_prompt%', 'a stage with a prompt and a library reference is refused');
select throws_like($$select pg_temp.write_spec('{}')$$,
  '%needs exactly one of prompt%', 'a stage with neither is refused');
select throws_like($$select pg_temp.write_spec(jsonb_build_object('prompt_version_id', gen_random_uuid()))$$,
  '%names prompt version % not a version of its author''s prompts%', 'an unknown version id is refused');
select throws_like($$select pg_temp.write_spec(jsonb_build_object('prompt_version_id', current_setting('tests.private_v')))$$,
  '%not a version of its author''s prompts or of a public prompt%', 'another user''s private version is refused');
select throws_like($$select pg_temp.write_spec(jsonb_build_object('library_prompt', 'no-such-prompt@production'))$$,
  '%its author has no prompt named no-such-prompt%', 'a name the author does not have is refused');
select throws_like($$select pg_temp.write_spec(jsonb_build_object('library_prompt', 'essay-outline@staging'))$$,
  '%prompt essay-outline has no label staging%', 'a label the prompt does not have is refused');
select throws_like($$select pg_temp.write_spec(jsonb_build_object('library_prompt', 'essay-outline@broken'))$$,
  '%binds {{nowhere}}, neither an intent field nor an earlier stage%', 'a version binding what the spec lacks is refused');
prepare bad_field as select pg_temp.write_spec(jsonb_build_object('library_prompt', 'Not A Name'));
select throws_ok('bad_field', 'PL422', null, 'a malformed reference is a 422');
select throws_like($$select pg_temp.write_spec(jsonb_build_object('library_prompt', 'essay-outline'))$$,
  '%binds {{nowhere}}%', 'no label means latest: the current version, v3');
do $$
declare d text;
begin
  perform pg_temp.write_spec(jsonb_build_object('library_prompt', 'essay-outline@staging'));
exception when others then
  get stacked diagnostics d = pg_exception_detail;
  perform set_config('tests.detail', d, true);
end $$;
select is(current_setting('tests.detail')::jsonb -> 'fields' -> 0 ->> 'field', 'stages[0]',
  'the problem names the stage''s field');
select lives_ok($$select pg_temp.write_spec(jsonb_build_object('library_prompt', 'essay-outline@production'))$$,
  'the author''s name@label is accepted');
select tests.clear_authentication();
select throws_like($$insert into public.workflow_specs (template_id, version, content_hash, stages)
  select id, 1, '', '[{"id": "a", "gate": "G1", "name": "A", "model": "m", "library_prompt": "essay-outline"}]'
  from public.workflow_templates where slug = 'wlp-t'$$,
  '%the spec has no author (created_by)%', 'a spec with no author names no library prompt');

-- run A starts with production = v1, pinned
select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wlp_owner'), 'role', 'service_role')::text, true);
select public.start_workflow_run('wlp-t', '{"topic": "tides"}') as run_a \gset
select is((select pinned_prompts ->> 'outline' from public.workflow_runs where id = :'run_a'),
  current_setting('tests.v1'), 'the run pins the version production named when it started');
select gate_execution_id as g_a, prompt_packet as packet_a from public.claim_workflow_gate('wlp', 60) \gset
select is(:'packet_a'::text, 'V1 outline of tides.', 'the packet is the pinned version bound to the intent');

-- the label moves to v2: run A's retry keeps v1, a new run B uses v2
select tests.authenticate_as('wlp_admin');
select public.move_label(current_setting('tests.p')::uuid, 'production', null, 2);
select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wlp_owner'), 'role', 'service_role')::text, true);
select * from public.complete_workflow_gate(:'g_a', 'wlp', null, null, '[]', '[]', 'the provider answered 500', 'PROVIDER_ERROR');
-- a failed call with no model run pauses the run at once; the owner retries it
select public.retry_workflow_gate(:'run_a');
select prompt_packet as packet_a2 from public.claim_workflow_gate('wlp', 60) \gset
select matches(:'packet_a2'::text, '^V1 outline of tides\.', 'run A''s next attempt still uses its pinned v1');
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wlp_owner'), 'role', 'service_role')::text, true);
select public.start_workflow_run('wlp-t', '{"topic": "moons"}') as run_b \gset
select is((select pinned_prompts ->> 'outline' from public.workflow_runs where id = :'run_b'),
  current_setting('tests.v2'), 'a new run pins the moved label''s version');
select prompt_packet as packet_b from public.claim_workflow_gate('wlp', 60) \gset
select is(:'packet_b'::text, 'V2 outline of moons, sharper.', 'and its packet is v2''s text');

-- the label is removed: a start is a coded 409, and the spec still switches off
select tests.authenticate_as('wlp_admin');
delete from public.prompt_labels where prompt_id = current_setting('tests.p')::uuid and label = 'production';
select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wlp_owner'), 'role', 'service_role')::text, true);
select throws_ok($$select public.start_workflow_run('wlp-t', '{"topic": "stars"}')$$, 'PL409',
  'this workflow''s library prompt no longer resolves: stage outline names library prompt essay-outline@production: prompt essay-outline has no label production',
  'a run whose name@label no longer resolves is refused, saying which stage');
select tests.authenticate_as('wlp_admin');
select lives_ok($$update public.workflow_specs set is_active = false
  where template_id = (select id from public.workflow_templates where slug = 'wlp-t')$$,
  'a used spec whose label moved away can still be switched off');

-- the pin under RLS
select tests.authenticate_as('wlp_owner');
select is((select pinned_prompts ->> 'outline' from public.workflow_runs where id = :'run_a'),
  current_setting('tests.v1'), 'the owner reads the pin');
select tests.authenticate_as('wlp_admin');
select is((select count(*)::int from public.workflow_runs where id = :'run_a'), 1, 'an admin reads it');
select tests.authenticate_as('wlp_other');
select is((select count(*)::int from public.workflow_runs where id = :'run_a'), 0, 'another user does not');
select tests.authenticate_as_anon();
select is((select count(*)::int from public.workflow_runs), 0, 'nor anon');
select tests.clear_authentication();

select * from finish();
rollback;
