-- catalogs and prompts: RLS as owner, as another user and as anon; no prompt in another
-- user's catalog.
begin;
select plan(22);

select tests.rls_enabled('public');
select tests.create_supabase_user('cp_owner');
select tests.create_supabase_user('cp_other');

-- owner
select tests.authenticate_as('cp_owner');
insert into public.catalogs (name) values ('Owner catalog');
insert into public.prompts (title, catalog_id) select 'Owner prompt', id from public.catalogs;
select set_config('tests.owner_catalog', (select id::text from public.catalogs), true);
select is((select count(*)::int from public.catalogs), 1, 'owner sees their catalog');
select is((select count(*)::int from public.prompts), 1, 'owner sees their prompt');
update public.catalogs set description = 'mine';
select is((select description from public.catalogs), 'mine', 'owner can update their catalog');
update public.prompts set title = 'Owner prompt renamed';
select is((select title from public.prompts), 'Owner prompt renamed', 'owner can update their prompt');
select throws_ok(
  $$insert into public.catalogs (user_id, name) values (tests.get_supabase_uid('cp_other'), 'forged')$$,
  '42501', null, 'owner cannot create a catalog owned by someone else');
select throws_ok(
  $$insert into public.prompts (user_id, title) values (tests.get_supabase_uid('cp_other'), 'forged')$$,
  '42501', null, 'owner cannot create a prompt owned by someone else');
select throws_ok(
  $$update public.prompts set user_id = tests.get_supabase_uid('cp_other')$$,
  '42501', null, 'owner cannot give their prompt away');

-- another user
select tests.authenticate_as('cp_other');
insert into public.prompts (title) values ('Other prompt');
select is((select count(*)::int from public.catalogs), 0, 'another user cannot see the owner''s catalog');
select is((select count(*)::int from public.prompts), 1, 'another user sees only their own prompt');
select throws_ok(
  $$insert into public.prompts (title, catalog_id) values ('intruder', current_setting('tests.owner_catalog')::uuid)$$,
  '42501', null, 'another user cannot create a prompt in the owner''s catalog');
select throws_ok(
  $$update public.prompts set catalog_id = current_setting('tests.owner_catalog')::uuid$$,
  '42501', null, 'another user cannot move their prompt into the owner''s catalog');
update public.catalogs set name = 'hacked';
update public.prompts set title = 'hacked' where user_id = tests.get_supabase_uid('cp_owner');
delete from public.prompts where user_id = tests.get_supabase_uid('cp_owner');
delete from public.catalogs;

select tests.clear_authentication();
select is((select name from public.catalogs where user_id = tests.get_supabase_uid('cp_owner')),
  'Owner catalog', 'another user cannot rename the owner''s catalog');
select is((select title from public.prompts where user_id = tests.get_supabase_uid('cp_owner')),
  'Owner prompt renamed', 'another user cannot rename the owner''s prompt');
select is((select count(*)::int from public.prompts where user_id = tests.get_supabase_uid('cp_owner')),
  1, 'another user cannot delete the owner''s prompt');
select is((select count(*)::int from public.catalogs where user_id = tests.get_supabase_uid('cp_owner')),
  1, 'another user cannot delete the owner''s catalog');

-- anon
select tests.authenticate_as_anon();
select is((select count(*)::int from public.catalogs), 0, 'anon sees no catalogs');
select is((select count(*)::int from public.prompts), 0, 'anon sees no prompts');
select throws_ok(
  $$insert into public.prompts (user_id, title) values (tests.get_supabase_uid('cp_owner'), 'anon')$$,
  '42501', null, 'anon cannot create prompts');

-- owner deletes
select tests.authenticate_as('cp_owner');
delete from public.prompts;
select is((select count(*)::int from public.prompts), 0, 'owner can delete their prompt');
delete from public.catalogs;
select is((select count(*)::int from public.catalogs), 0, 'owner can delete their catalog');
select tests.clear_authentication();
select is((select count(*)::int from public.prompts where user_id = tests.get_supabase_uid('cp_other')),
  1, 'the owner''s deletes leave the other user''s prompt alone');

select * from finish();
rollback;
