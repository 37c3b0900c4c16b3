-- A new auth user gets exactly one profile and one settings row, with the defaults.
begin;
select plan(8);

select tests.create_supabase_user('trigger_alice', 'alice@example.com');

select is((select count(*)::int from public.profiles where id = tests.get_supabase_uid('trigger_alice')),
  1, 'a profile is created for a new user');
select is((select display_name from public.profiles where id = tests.get_supabase_uid('trigger_alice')),
  'alice', 'display name defaults to the email local part');
select is((select role::text from public.profiles where id = tests.get_supabase_uid('trigger_alice')),
  'user', 'new users get role user');
select is((select plan::text from public.profiles where id = tests.get_supabase_uid('trigger_alice')),
  'free', 'new users are on the free plan');
select is((select retention_policy::text from public.user_settings where user_id = tests.get_supabase_uid('trigger_alice')),
  'thirty_days', 'settings default to thirty days of retention');

insert into auth.users (id, email, raw_user_meta_data)
values ('00000000-0000-4000-8000-00000000abcd', 'bob@example.com', '{"display_name":"Bob B"}');
select is((select display_name from public.profiles where id = '00000000-0000-4000-8000-00000000abcd'),
  'Bob B', 'display name comes from sign-up metadata when given');

delete from auth.users where id = '00000000-0000-4000-8000-00000000abcd';
select is((select count(*)::int from public.profiles where id = '00000000-0000-4000-8000-00000000abcd'),
  0, 'deleting the user removes the profile');
select is((select count(*)::int from public.user_settings where user_id = '00000000-0000-4000-8000-00000000abcd'),
  0, 'deleting the user removes the settings');

select * from finish();
rollback;
