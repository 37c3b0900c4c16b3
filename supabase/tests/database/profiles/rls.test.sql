-- profiles and user_settings: RLS as owner, as another user and as anon.
begin;
select plan(16);

select tests.rls_enabled('public');
select tests.create_supabase_user('rls_owner');
select tests.create_supabase_user('rls_other');

-- owner
select tests.authenticate_as('rls_owner');
select is((select count(*)::int from public.profiles), 1, 'owner sees only their own profile');
select is((select count(*)::int from public.user_settings), 1, 'owner sees only their own settings');
update public.profiles set display_name = 'Owner' where id = tests.get_supabase_uid('rls_owner');
select is((select display_name from public.profiles), 'Owner', 'owner can rename themself');
select throws_ok(
  $$update public.profiles set plan = 'enterprise' where id = tests.get_supabase_uid('rls_owner')$$,
  '42501', null, 'owner cannot change their own plan');
select throws_ok(
  $$update public.profiles set role = 'admin' where id = tests.get_supabase_uid('rls_owner')$$,
  '42501', null, 'owner cannot make themself admin');
update public.user_settings set retention_policy = 'always';
select is((select retention_policy::text from public.user_settings), 'always', 'owner can change their settings');
select throws_ok(
  $$insert into public.user_settings (user_id) values (tests.get_supabase_uid('rls_owner'))$$,
  '42501', null, 'settings rows are not inserted by users');
select throws_ok($$delete from public.profiles$$, '42501', null, 'profiles are not deleted by users');

-- another user
select tests.authenticate_as('rls_other');
select is((select count(*)::int from public.profiles where id = tests.get_supabase_uid('rls_owner')),
  0, 'another user cannot see the owner''s profile');
select is((select count(*)::int from public.user_settings where user_id = tests.get_supabase_uid('rls_owner')),
  0, 'another user cannot see the owner''s settings');
update public.profiles set display_name = 'hacked' where id = tests.get_supabase_uid('rls_owner');
update public.user_settings set retention_policy = 'fourteen_days' where user_id = tests.get_supabase_uid('rls_owner');
select tests.clear_authentication();
select is((select display_name from public.profiles where id = tests.get_supabase_uid('rls_owner')),
  'Owner', 'another user cannot rename the owner');
select is((select retention_policy::text from public.user_settings where user_id = tests.get_supabase_uid('rls_owner')),
  'always', 'another user cannot change the owner''s settings');

-- anon
select tests.authenticate_as_anon();
select is((select count(*)::int from public.profiles), 0, 'anon sees no profiles');
select is((select count(*)::int from public.user_settings), 0, 'anon sees no settings');
select throws_ok($$update public.user_settings set theme = 'dark'$$, '42501', null, 'anon cannot update settings');

select * from finish();
rollback;
