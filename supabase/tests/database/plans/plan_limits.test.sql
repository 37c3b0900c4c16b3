-- plan_limits: every plan has its bounds; signed-in users read them, only admins change them,
-- anon sees nothing; prepare_run turns a broken bound into a refusal naming it.
begin;
select plan(12);

select set_eq($$select plan::text from public.plan_limits$$,
  $$select unnest(enum_range(null::public.plan))::text$$, 'every plan has limits');
select is((select model_tiers from public.plan_limits where plan = 'free'),
  '{low,mid}'::public.model_tier[], 'the free plan runs low- and mid-tier models');

select tests.create_supabase_user('pl_user');
select tests.create_supabase_user('pl_admin');
update public.profiles set role = 'admin'
where id = tests.get_supabase_uid('pl_admin');

select tests.authenticate_as('pl_user');
select is((select count(*)::int from public.plan_limits), 3, 'a user reads the limits');
update public.plan_limits set max_output_tokens = 1 where plan = 'free';
select is((select max_output_tokens from public.plan_limits where plan = 'free'), 4096,
  'a user cannot change them (no row passes the policy)');
select throws_ok($$insert into public.plan_limits values ('free', 1, 1, '{low}')$$, '42501',
  null, 'nor add a plan');
select throws_ok($$delete from public.plan_limits$$, '42501', null, 'nor delete one');

insert into public.prompts (title) values ('Limited');
insert into public.prompt_versions (prompt_id, content)
select id, 'Hi' from public.prompts where title = 'Limited';
select is((select refusal ->> 'code' from public.prepare_run(
    (select id from public.prompts where title = 'Limited'), p_model => 'openai/o3')),
  'model_not_in_plan', 'a top-tier model on the free plan is refused');
select is((select refusal ->> 'field' || ' ' || (refusal ->> 'status') from public.prepare_run(
    (select id from public.prompts where title = 'Limited'), p_max_tokens => 4097)),
  'max_tokens 422', 'max_tokens over the plan''s cap is refused, naming the field');
select is((select row(refusal, max_tokens) from public.prepare_run(
    (select id from public.prompts where title = 'Limited'), p_model => 'openai/gpt-4o-mini')),
  row(null::jsonb, 4096), 'within bounds: no refusal, and max_tokens defaults to the cap');

select tests.authenticate_as('pl_admin');
update public.plan_limits set max_output_tokens = 8192 where plan = 'free';
select is((select max_output_tokens from public.plan_limits where plan = 'free'), 8192,
  'an admin changes a plan''s limits');
select tests.authenticate_as('pl_user');
select is((select max_tokens from public.prepare_run(
    (select id from public.prompts where title = 'Limited'))), 8192,
  'and the next call sees the change');

select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.plan_limits$$, '42501', null,
  'anon cannot read plan limits');

select * from finish();
rollback;
