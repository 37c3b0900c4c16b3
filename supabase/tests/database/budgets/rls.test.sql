-- Budget settings (issue 19) under RLS: a user sets and reads their own; another user neither
-- reads nor changes it; anon nothing; an admin sets anyone's; alerts are written only by the
-- service path, once a month.
begin;
select plan(10);

select tests.create_supabase_user('bg_owner');
select tests.create_supabase_user('bg_other');
select tests.create_supabase_user('bg_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('bg_admin');

select tests.authenticate_as('bg_owner');
insert into public.user_budgets (user_id, monthly_limit_usd) values (tests.get_supabase_uid('bg_owner'), 10);
select is((select monthly_limit_usd from public.user_budgets), 10.0000, 'the owner sets and reads their budget');
select throws_ok($$insert into public.user_budgets (user_id, monthly_limit_usd)
    values (tests.get_supabase_uid('bg_other'), 1)$$, '42501', null, 'but not someone else''s');

select tests.authenticate_as('bg_other');
select is((select count(*)::int from public.user_budgets), 0, 'another user reads no one else''s budget');
update public.user_budgets set monthly_limit_usd = 1000;
delete from public.user_budgets;
select tests.authenticate_as('bg_owner');
select is((select monthly_limit_usd from public.user_budgets), 10.0000, 'nor changes or removes it');

select tests.authenticate_as_anon();
select throws_ok($$select * from public.user_budgets$$, '42501', null, 'anon reads nothing');

select tests.authenticate_as('bg_admin');
update public.user_budgets set monthly_limit_usd = 5 where user_id = tests.get_supabase_uid('bg_owner');
select is((select monthly_limit_usd from public.user_budgets where user_id = tests.get_supabase_uid('bg_owner')),
  5.0000, 'an admin sets anyone''s budget');

select tests.authenticate_as('bg_owner');
select throws_ok($$insert into public.budget_alerts (user_id, month, limit_usd, spend_usd, alert_ratio)
    values ((select auth.uid()), date_trunc('month', now())::date, 1, 1, 0.8)$$, '42501', null,
  'a user cannot write an alert');
select throws_ok($$select public.record_budget_alert(1)$$, '42501', null, 'nor call the service path');

select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('bg_owner'), 'role', 'service_role')::text, true);
select public.record_budget_alert(4.5);
select public.record_budget_alert(4.9);
select tests.authenticate_as('bg_owner');
select is((select count(*)::int from public.budget_alerts), 1, 'the service path records one alert a month');
select is((select spend_usd from public.budget_alerts), 4.50000000, 'the first crossing');

select * from finish();
rollback;
