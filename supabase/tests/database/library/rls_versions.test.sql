-- prompt_versions: RLS as owner, as another user and as anon; no version on another user's prompt.
begin;
select plan(13);

select tests.create_supabase_user('pv_owner');
select tests.create_supabase_user('pv_other');

select tests.authenticate_as('pv_owner');
insert into public.prompts (title) values ('Owner prompt');
insert into public.prompt_versions (prompt_id, content) select id, 'first' from public.prompts;
insert into public.prompt_versions (prompt_id, content) select id, 'second' from public.prompts;
select set_config('tests.owner_prompt', (select id::text from public.prompts), true);
select is((select count(*)::int from public.prompt_versions), 2, 'owner sees the versions of their prompt');
select throws_ok($$update public.prompt_versions set summary = 'edit'$$,
  'PL409', 'prompt versions are immutable; save a new version instead',
  'an owner''s update reaches the immutability trigger and is refused with its code');
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content, user_id, created_by)
    values (current_setting('tests.owner_prompt')::uuid, 'forged',
      tests.get_supabase_uid('pv_other'), tests.get_supabase_uid('pv_other'))$$,
  'PL403', null, 'owner cannot add a version owned by someone else');
delete from public.prompt_versions where version_number = 1;
select is((select count(*)::int from public.prompt_versions), 1, 'owner can delete an old version');

-- another user
select tests.authenticate_as('pv_other');
select is((select count(*)::int from public.prompt_versions), 0, 'another user cannot see the owner''s versions');
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content)
    values (current_setting('tests.owner_prompt')::uuid, 'intruder')$$,
  'PL404', null, 'another user cannot add a version to the owner''s prompt (it is not found)');
insert into public.prompts (title) values ('Other prompt');
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content, user_id, created_by)
    select current_setting('tests.owner_prompt')::uuid, 'intruder', user_id, user_id from public.prompts$$,
  'PL404', null, 'another user cannot add a version in the owner''s name either');
update public.prompt_versions set content = 'hacked';
delete from public.prompt_versions;

select tests.clear_authentication();
select is((select content from public.prompt_versions
  where prompt_id = current_setting('tests.owner_prompt')::uuid), 'second',
  'another user cannot change or delete the owner''s versions');

-- A version insert that passes the trigger still meets RLS: created_by must be the caller.
select tests.authenticate_as('pv_owner');
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content, created_by)
    values (current_setting('tests.owner_prompt')::uuid, 'x', tests.get_supabase_uid('pv_other'))$$,
  '42501', null, 'a version cannot claim another author');

-- anon
select tests.authenticate_as_anon();
select is((select count(*)::int from public.prompt_versions), 0, 'anon sees no versions');
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content, user_id, created_by)
    values (current_setting('tests.owner_prompt')::uuid, 'anon',
      tests.get_supabase_uid('pv_owner'), tests.get_supabase_uid('pv_owner'))$$,
  'PL404', null, 'anon cannot add versions');

-- service role bypasses RLS but not the owner check of the trigger
select tests.clear_authentication();
select set_config('tests.other_uid', tests.get_supabase_uid('pv_other')::text, true);
select tests.authenticate_as_service_role();
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content, user_id, created_by)
    values (current_setting('tests.owner_prompt')::uuid, 'x',
      current_setting('tests.other_uid')::uuid, current_setting('tests.other_uid')::uuid)$$,
  'PL403', 'a version must belong to the owner of its prompt', 'even the service role cannot file a version under the wrong owner');
select is((select count(*)::int from public.prompt_versions
  where prompt_id = current_setting('tests.owner_prompt')::uuid), 1, 'the service role sees every version');

select * from finish();
rollback;
