-- Daily rollups behind run_metrics: the stored numbers equal the live ones, run_metrics reads a
-- fresh row, a write to a closed day's run makes it stale (read live until the job recomputes
-- it), today is never stored, and the table is the owner's to read and nobody's to write.
begin;
select plan(20);

select tests.create_supabase_user('rds_owner');
select tests.create_supabase_user('rds_other');

create function pg_temp.noon(n integer) returns timestamptz language sql as $$
  select (((now() at time zone 'utc')::date - n) + time '12:00') at time zone 'utc'
$$;
create function pg_temp.day(n integer) returns date language sql as $$
  select (now() at time zone 'utc')::date - n
$$;

select tests.authenticate_as('rds_owner');
insert into public.prompts (title) values ('Rolled up');
select set_config('tests.prompt', (select id::text from public.prompts), true);
reset role;
-- Runs are bookkeeping no caller writes: written as the table owner, for rds_owner. Today, one
-- day ago (two models, three runs), three days ago (one run).
insert into public.runs (user_id, prompt_id, model, input, status, started_at, completed_at,
  created_at, latency_ms, token_usage, price_snapshot)
select p.user_id, p.id, m, '{}', s::public.run_status, pg_temp.noon(d), pg_temp.noon(d),
  pg_temp.noon(d), l, '{"prompt_tokens":10,"completion_tokens":5}',
  '{"price_per_1k_input":0.001,"price_per_1k_output":0.002}'
from public.prompts p,
  (values (0, 'standin/echo', 'success', 100), (1, 'standin/echo', 'success', 100),
          (1, 'standin/echo', 'error', 300), (1, 'openai/gpt-4o', 'success', 200),
          (3, 'standin/echo', 'success', 700)) v(d, m, s, l)
where p.id = current_setting('tests.prompt')::uuid;

select tests.authenticate_as('rds_owner');
select set_config('tests.live', public.run_metrics(7)::text, true);

reset role;
select cmp_ok(private.roll_up_run_days(pg_temp.day(10), null), '>=', 2,
  'the job stores closed days');
select results_eq(
  $$select day, runs, succeeded, failed, p50_latency_ms, p95_latency_ms, stale
    from private.run_day_stats
    where user_id = tests.get_supabase_uid('rds_owner') order by day$$,
  $$values (pg_temp.day(3), 1, 1, 0, 700.0, 700.0, false),
           (pg_temp.day(1), 3, 2, 1, 200.0, 290.0, false)$$,
  'one row per closed day with runs: counts and exact percentiles; today is not stored');
select is(
  (select by_model from private.run_day_stats
   where user_id = tests.get_supabase_uid('rds_owner') and day = pg_temp.day(1)),
  '[{"model":"openai/gpt-4o","runs":1,"input_tokens":10,"output_tokens":5,"cost_usd":0.00002},
    {"model":"standin/echo","runs":2,"input_tokens":20,"output_tokens":10,"cost_usd":0.00004}]'::jsonb,
  'tokens and cost by model');
select is(private.roll_up_run_days(pg_temp.day(0), pg_temp.day(0)), 0,
  'asked for today, the job stores nothing: its runs are still being written');

select tests.authenticate_as('rds_owner');
select is(public.run_metrics(7), current_setting('tests.live')::jsonb,
  'run_metrics from the stored days equals run_metrics computed from the runs');

-- Proof that the stored row is what is read: change it behind the job's back.
reset role;
update private.run_day_stats set runs = 99
where day = pg_temp.day(1) and user_id = tests.get_supabase_uid('rds_owner');
select tests.authenticate_as('rds_owner');
select is((public.run_metrics(7) -> 'per_day' -> 5 ->> 'runs')::int, 99,
  'a fresh stored row is read as it is');

-- A write to a run of a closed day makes its row stale: read live at once.
reset role;
delete from public.runs
where prompt_id = current_setting('tests.prompt')::uuid and created_at = pg_temp.noon(1)
  and status = 'error';
select is(
  (select stale from private.run_day_stats
   where day = pg_temp.day(1) and user_id = tests.get_supabase_uid('rds_owner')),
  true, 'deleting a run of a closed day marks the day stale');
select tests.authenticate_as('rds_owner');
select is((public.run_metrics(7) -> 'per_day' -> 5 -> 'runs')::int, 2,
  'a stale day is computed from the runs');
reset role;
select cmp_ok(private.roll_up_run_days(pg_temp.day(3), pg_temp.day(3)), '>=', 2,
  'the job stores its range and recomputes stale rows outside it');
select results_eq(
  $$select runs, failed, stale from private.run_day_stats
    where day = pg_temp.day(1) and user_id = tests.get_supabase_uid('rds_owner')$$,
  $$values (2, 0, false)$$, 'the stale day is recomputed and fresh again');

update public.runs set latency_ms = 900
where prompt_id = current_setting('tests.prompt')::uuid and created_at = pg_temp.noon(3);
select is(
  (select stale from private.run_day_stats
   where day = pg_temp.day(3) and user_id = tests.get_supabase_uid('rds_owner')),
  true, 'updating a run of a closed day marks it stale');
insert into public.runs (user_id, prompt_id, model, input, status, completed_at, created_at)
select user_id, id, 'standin/echo', '{}', 'cancelled', pg_temp.noon(1), pg_temp.noon(1)
from public.prompts where id = current_setting('tests.prompt')::uuid;
select is(
  (select stale from private.run_day_stats
   where day = pg_temp.day(1) and user_id = tests.get_supabase_uid('rds_owner')),
  true, 'a run inserted into a closed day marks it stale');
delete from public.runs
where prompt_id = current_setting('tests.prompt')::uuid and created_at = pg_temp.noon(3);
select private.roll_up_run_days(pg_temp.day(0), pg_temp.day(0));
select is(
  (select count(*)::int from private.run_day_stats
   where day = pg_temp.day(3) and user_id = tests.get_supabase_uid('rds_owner')),
  0, 'a day whose runs are all gone loses its row');
select tests.authenticate_as('rds_owner');
select is((public.run_metrics(7) -> 'per_day' -> 5 -> 'runs')::int, 3,
  'the recomputed day counts the inserted run');

-- Who may read and write the rollups.
select is((select count(*)::int from private.run_day_stats), 1, 'the owner reads their rows');
select tests.authenticate_as('rds_other');
select is((select count(*)::int from private.run_day_stats
  where user_id = tests.get_supabase_uid('rds_owner')), 0,
  'another user reads none of them');
select throws_ok($$update private.run_day_stats set runs = 1$$, '42501', null,
  'a user cannot write the rollups');
select throws_ok($$select private.roll_up_run_days(null, null)$$, '42501', null,
  'a user cannot run the job');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from private.run_day_stats$$, '42501', null,
  'anon cannot read the rollups');

reset role;
select is((select schedule from cron.job where jobname = 'roll-up-run-days'), '20 0 * * *',
  'the job runs nightly at 00:20 UTC');

select * from finish();
rollback;
