-- restore_prompt_version: a new current version copying the old one, logged as 'restore'.
begin;
select plan(12);

select tests.create_supabase_user('rs_owner');
select tests.create_supabase_user('rs_other');
select tests.authenticate_as('rs_owner');
insert into public.prompts (title) values ('Restorable');
insert into public.prompt_versions (prompt_id, content, variables, model_config, summary)
  select id, 'original text', '[{"name": "topic", "type": "string", "required": true}]',
    '{"model": "m-1", "temperature": 0.2}', 'first draft' from public.prompts;
insert into public.prompt_versions (prompt_id, content) select id, 'rewritten text' from public.prompts;
select set_config('tests.v1', (select id::text from public.prompt_versions where version_number = 1), true);

create temporary table restored on commit drop as
  select * from public.restore_prompt_version(current_setting('tests.v1')::uuid);

select is((select version_number from restored), 3, 'the restored copy is a new version with the next number');
select is((select content from restored), 'original text', 'it copies the content');
select is((select variables from restored), '[{"name": "topic", "type": "string", "required": true}]'::jsonb,
  'it copies the variables');
select is((select model_config from restored), '{"model": "m-1", "temperature": 0.2}'::jsonb, 'it copies the model config');
select is((select summary from restored), 'Restored from version 1', 'its summary names the original');
select is((select source::text || ':' || restored_from_version from restored), 'restore:1', 'its source is restore');
select is((select current_version_id from public.prompts), (select id from restored), 'it becomes the current version');
select ok((select search_vector @@ to_tsquery('english', 'original:B') from public.prompts),
  'the search vector follows the restored content');
select is((select count(*)::int from public.prompt_versions), 3, 'the history is kept: nothing is overwritten');
select is((select payload from public.run_events where event_type = 'restore'),
  jsonb_build_object('version_id', (select id from restored), 'version_number', 3, 'restored_from_version', 1),
  'the restore is logged as a run event');

select tests.authenticate_as('rs_other');
select throws_ok($$select public.restore_prompt_version(current_setting('tests.v1')::uuid)$$,
  'PL404', null, 'another user cannot restore the owner''s version (it is not found)');
select tests.authenticate_as_anon();
select throws_ok($$select public.restore_prompt_version(current_setting('tests.v1')::uuid)$$,
  '42501', null, 'anon cannot restore versions (no execute)');

select * from finish();
rollback;
