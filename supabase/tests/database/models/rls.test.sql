-- providers and models: every signed-in user reads them, only admins write, anon sees nothing.
begin;
select plan(22);

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.providers'::regclass),
  'providers has row level security enabled');
select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.models'::regclass),
  'models has row level security enabled');

select tests.create_supabase_user('models_user');
select tests.create_supabase_user('models_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('models_admin');
update public.models set is_active = false where id = 'openai/o3';
-- What postgres sees (RLS does not apply to it), to compare each role's view against.
create temporary table expected as
  select (select count(*)::int from public.providers) as providers,
         (select count(*)::int from public.models where is_active) as active_models;
grant select on expected to authenticated;

-- a plain user
select tests.authenticate_as('models_user');
select is(private.is_admin(), false, 'is_admin() is false for a plain user');
select is((select count(*)::int from public.providers), (select providers from expected),
  'a user sees every provider');
select is((select count(*)::int from public.models), (select active_models from expected),
  'a user sees the active models');
select is((select count(*)::int from public.models where id = 'openai/o3'), 0, 'a user does not see retired models');
select throws_ok(
  $$insert into public.models (id, provider_id, provider_model_id, display_name, tier, price_per_1k_input, price_per_1k_output)
    values ('openai/new', 'openai', 'new', 'New', 'low', 0.001, 0.002)$$,
  '42501', null, 'a user cannot add models');
update public.models set price_per_1k_input = 0 where id = 'openai/gpt-4o';
delete from public.models where id = 'openai/gpt-4o-mini';
select throws_ok(
  $$insert into public.providers (id, name, base_url) values ('evil', 'Evil', 'https://evil.example')$$,
  '42501', null, 'a user cannot add providers');
update public.providers set base_url = 'https://evil.example' where id = 'openai';
delete from public.providers where id = 'gemini';
select tests.clear_authentication();
select is((select price_per_1k_input from public.models where id = 'openai/gpt-4o'), 0.005::numeric,
  'a user cannot change model prices');
select is((select count(*)::int from public.models where id = 'openai/gpt-4o-mini'), 1, 'a user cannot delete models');
select is((select base_url from public.providers where id = 'openai'), 'https://api.openai.com/v1',
  'a user cannot change providers');
select is((select count(*)::int from public.providers where id = 'gemini'), 1, 'a user cannot delete providers');

-- an admin
select tests.authenticate_as('models_admin');
select is(private.is_admin(), true, 'is_admin() is true for an admin');
select is((select count(*)::int from public.models where id = 'openai/o3'), 1, 'an admin sees retired models');
insert into public.providers (id, name, base_url) values ('ollama', 'Ollama', 'http://127.0.0.1:11434/v1');
insert into public.models (id, provider_id, provider_model_id, display_name, tier, price_per_1k_input, price_per_1k_output)
values ('ollama/llama3', 'ollama', 'llama3', 'Llama 3', 'low', 0, 0);
select is((select count(*)::int from public.models where provider_id = 'ollama'), 1, 'an admin can add providers and models');
update public.models set price_per_1k_output = 0.016 where id = 'openai/gpt-4o';
select is((select price_per_1k_output from public.models where id = 'openai/gpt-4o'), 0.016::numeric,
  'an admin can change model prices');
update public.providers set requests_per_minute = 10 where id = 'ollama';
select is((select requests_per_minute from public.providers where id = 'ollama'), 10, 'an admin can change provider limits');
delete from public.models where id = 'ollama/llama3';
delete from public.providers where id = 'ollama';
select is((select count(*)::int from public.providers where id = 'ollama'), 0, 'an admin can delete models and providers');
select throws_ok($$truncate public.models$$, '42501', null, 'not even an admin can truncate models (it skips RLS)');

-- anon
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.models$$, '42501', null, 'anon cannot read models');
select throws_ok($$select count(*) from public.providers$$, '42501', null, 'anon cannot read providers');
select throws_ok($$select private.is_admin()$$, '42501', null, 'anon cannot call is_admin()');

select * from finish();
rollback;
