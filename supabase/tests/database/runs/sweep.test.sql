-- The sweep: a run running past its timeout + margin becomes timeout (with a log line), a fresh
-- one is left alone; the job runs every minute, scheduling is idempotent, users cannot run it.
begin;
select plan(9);

select tests.create_supabase_user('sw_user');
select tests.authenticate_as('sw_user');
insert into public.prompts (title) values ('Sweep prompt');
select set_config('tests.prompt', (select id::text from public.prompts), true);
-- Runs are written only by SQL functions (callers cannot): these, as the table owner.
reset role;
insert into public.runs (user_id, prompt_id, model, input, status, started_at, timeout_ms)
select user_id, id, 'standin/echo', '{"stuck":true}', 'running', now() - interval '10 minutes', 60000
from public.prompts where id = current_setting('tests.prompt')::uuid;
insert into public.runs (user_id, prompt_id, model, input, status, started_at, timeout_ms)
select user_id, id, 'standin/echo', '{"fresh":true}', 'running', now() - interval '30 seconds', 60000
from public.prompts where id = current_setting('tests.prompt')::uuid;
select set_config('tests.stuck', (select id::text from public.runs
  where prompt_id = current_setting('tests.prompt')::uuid and input = '{"stuck":true}'), true);
select set_config('tests.fresh', (select id::text from public.runs
  where prompt_id = current_setting('tests.prompt')::uuid and input = '{"fresh":true}'), true);
select tests.authenticate_as('sw_user');
select throws_ok($$select private.sweep_stuck_runs()$$, '42501', null, 'a signed-in user cannot run the sweep');
select tests.clear_authentication();

select ok(private.sweep_stuck_runs() >= 1, 'the sweep reports the runs it moved');
select is((select status::text from public.runs where id = current_setting('tests.stuck')::uuid), 'timeout', 'the stuck run timed out');
select ok((select error_message like '%sweep%' and completed_at is not null from public.runs where id = current_setting('tests.stuck')::uuid),
  'it says the sweep ended it, and is completed');
select is((select status::text from public.runs where id = current_setting('tests.fresh')::uuid), 'running',
  'a run within its timeout is left alone');
select is((select count(*)::int from public.run_logs where message = 'run finished: timeout (sweep)'
  and run_id = current_setting('tests.stuck')::uuid), 1,
  'the sweep logs what it did');
select is((select array_agg(message order by id) from public.run_logs
  where run_id = current_setting('tests.stuck')::uuid),
  array['run started', 'run finished: timeout (sweep)'],
  'the swept run''s log begins with its start, as every ended run''s does');

select results_eq($$select schedule, command from cron.job where jobname = 'sweep-stuck-runs'$$,
  $$values ('* * * * *'::text, 'select private.sweep_stuck_runs()'::text)$$, 'the sweep runs every minute');
select private.schedule_run_sweep_job();
select is((select count(*)::int from cron.job where jobname = 'sweep-stuck-runs'), 1,
  'rescheduling replaces the job');

select * from finish();
rollback;
