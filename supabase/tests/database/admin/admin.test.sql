-- Admin functions and views: refused (PL404) to users and API callers who are not admins, never
-- reachable by anon; what admins read; plan, role and disabling changed by an admin and audited
-- with the admin as actor; a disabled user's runs and API keys refused (PL403 user_disabled);
-- Studio (postgres) reads the reports.
begin;
select plan(31);

select tests.create_supabase_user('ad_admin');
select tests.create_supabase_user('ad_user');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('ad_admin');
insert into public.prompts (user_id, title) values (tests.get_supabase_uid('ad_user'), 'p');
insert into public.runs (user_id, prompt_id, model, provider_id, input, status, started_at,
  completed_at, latency_ms, token_usage, price_snapshot)
select user_id, id, 'model-a', 'openai', '{}', 'success', now(), now(), 5,
  '{"prompt_tokens": 10, "completion_tokens": 20}',
  '{"price_per_1k_input": 10, "price_per_1k_output": 20}' from public.prompts where title = 'p';
insert into public.runs (user_id, prompt_id, model, provider_id, input, status, error_message, completed_at)
select user_id, id, 'model-b', 'openai', '{}', 'error', 'boom', now() from public.prompts where title = 'p';
insert into public.api_keys (user_id, name, prefix, key_hash)
values (tests.get_supabase_uid('ad_user'), 'k', 'pl_012345678', repeat('a', 64));

-- A non-admin: every admin function answers as if it did not exist.
select tests.authenticate_as('ad_user');
select throws_ok($$select * from public.admin_users()$$, 'PL404', 'not found', 'a user cannot list users');
select throws_ok($$select * from public.admin_runs()$$, 'PL404', 'not found', 'nor read all runs');
select throws_ok($$select public.admin_dashboard()$$, 'PL404', 'not found', 'nor the dashboard');
select throws_ok(format('select * from public.admin_set_user(%L, p_plan => ''enterprise'')',
    tests.get_supabase_uid('ad_user')), 'PL404', 'not found', 'nor change their own plan');
select throws_ok($$select * from public.admin_user_overview$$, '42501', null, 'nor read the report views');
select throws_ok($$select * from public.admin_cost_by_model$$, '42501', null, 'any of them');
select is((select plan::text from public.profiles), 'free', 'the plan did not change');
-- A forged claim is not an admin right: is_admin reads the profile.
select set_config('request.jwt.claims', (current_setting('request.jwt.claims')::jsonb
  || '{"user_role": "admin", "app_metadata": {"role": "admin"}}')::text, true);
select throws_ok($$select * from public.admin_users()$$, 'PL404', 'not found',
  'a JWT claiming admin does not make an admin');

select tests.authenticate_as_anon();
select throws_ok($$select public.admin_dashboard()$$, '42501', null, 'anon cannot call admin functions');

-- An admin.
select tests.authenticate_as('ad_admin');
select ok((select count(*) >= 2 from public.admin_users()), 'an admin lists every user');
-- A page holds at most 200 users; the API asks for one more to know whether a next page exists.
select tests.create_supabase_user('ad_many_' || g) from generate_series(1, 201) g;
select is((select count(*)::int from public.admin_users(p_limit => 1000)), 201,
  'a page is at most 201 rows: 200 and the one that says there is a next page');
select results_eq(
  format($$select plan::text, runs_total, cost_total_usd from public.admin_users(p_search => 'ad_user')
    where user_id = %L$$, tests.get_supabase_uid('ad_user')),
  $$values ('free', 2, 0.5::numeric)$$, 'with plan, usage and cost');
select results_eq(
  format($$select model, status::text, error_message from public.admin_runs(p_user_id => %L, p_status => 'error')$$,
    tests.get_supabase_uid('ad_user')),
  $$values ('model-b', 'error', 'boom')$$, 'an admin reads every user''s runs with filters');
-- Both runs were made in this transaction: one created_at, the page boundary between them.
select results_eq(
  format($$select r.id from public.admin_runs(p_user_id => %1$L, p_limit => 1,
      p_after_created_at => (select created_at from public.admin_runs(p_user_id => %1$L) limit 1),
      p_after_id => (select id from public.admin_runs(p_user_id => %1$L) limit 1)) r$$,
    tests.get_supabase_uid('ad_user')),
  format($$select id from public.admin_runs(p_user_id => %L) offset 1$$,
    tests.get_supabase_uid('ad_user')),
  'a page starts after the run it is given, among runs of one created_at');
select throws_ok($$select * from public.admin_runs(p_after_id => gen_random_uuid())$$, 'PL422',
  'a page starts after a run''s created_at and id, both', 'a page needs both halves of its start');
select ok((select public.admin_dashboard(7) ?& array['cost_by_model', 'per_day', 'top_users', 'errors_by_provider']),
  'and the dashboard: cost by model, per day, top users, errors by provider');
select is(jsonb_array_length(public.admin_dashboard(7) -> 'per_day'), 7, 'one entry per day asked for');
select ok((select (e ->> 'errors')::int >= 1 from jsonb_array_elements(public.admin_dashboard() -> 'errors_by_provider') e
    where e ->> 'provider_id' = 'openai'), 'errors are counted by provider');

select results_eq(
  format($$select plan::text, role::text from public.admin_set_user(%L, p_plan => 'pro', p_role => 'admin')$$,
    tests.get_supabase_uid('ad_user')),
  $$values ('pro', 'admin')$$, 'an admin changes a user''s plan and role');
select results_eq(
  format($$select actor_id, changed_columns from public.audit_log
    where table_name = 'profiles' and subject_user_id = %L and action = 'update'$$,
    tests.get_supabase_uid('ad_user')),
  format($$values (%L::uuid, array['plan', 'role'])$$, tests.get_supabase_uid('ad_admin')),
  'the change is audited with the admin as actor');
select throws_ok(format('select * from public.admin_set_user(%L, p_role => ''user'')',
    tests.get_supabase_uid('ad_admin')), 'PL422', null, 'an admin cannot demote themself');
select throws_ok(format('select * from public.admin_set_user(%L)', extensions.gen_random_uuid()),
  'PL404', null, 'an unknown user is a 404');

-- An admin's API key cannot change users.
select set_config('request.jwt.claims', (current_setting('request.jwt.claims')::jsonb
  || jsonb_build_object('api_key_id', extensions.gen_random_uuid()))::text, true);
select throws_ok(format('select * from public.admin_set_user(%L, p_plan => ''free'')',
    tests.get_supabase_uid('ad_user')), 'PL403', null, 'an admin''s API key cannot change a user');
select ok((select count(*) > 0 from public.admin_users()), 'but can read the reports');

-- Disabling.
select tests.authenticate_as('ad_admin');
select ok((select disabled_at is not null from public.admin_set_user(tests.get_supabase_uid('ad_user'),
  p_disabled => true, p_reason => 'abuse')), 'an admin disables a user');
select tests.clear_authentication();
select throws_ok(
  $$insert into public.runs (user_id, prompt_id, model, input)
    select user_id, id, 'model-a', '{}' from public.prompts where title = 'p'$$,
  'PL403', 'this account is disabled: runs are refused', 'a disabled user''s runs are refused');
select tests.authenticate_as_service_role();
select throws_ok(format('select * from public.api_key_lookup(%L)', repeat('a', 64)),
  'PL403', 'this account is disabled: its API keys are refused', 'and their API keys');
select tests.authenticate_as('ad_admin');
select is((select disabled_at from public.admin_set_user(tests.get_supabase_uid('ad_user'), p_disabled => false)),
  null, 'an admin enables them again');
select tests.authenticate_as_service_role();
select is((select user_id from public.api_key_lookup(repeat('a', 64))), tests.get_supabase_uid('ad_user'),
  'and their keys work again');

-- Studio.
select tests.clear_authentication();
select ok((select count(*) >= 2 from public.admin_user_overview), 'postgres (Studio) reads the report views');
select ok(public.admin_dashboard() ? 'per_day', 'and calls the admin functions');

select * from finish();
rollback;
