-- Run lifecycle: timestamps consistent with status, allowed transitions only, final is final.
-- (The prompt's last run: last_run.test.sql.)
begin;
select plan(16);

select tests.create_supabase_user('lc_user');
select tests.authenticate_as('lc_user');
insert into public.prompts (title) values ('Lifecycle prompt');
select set_config('tests.prompt', (select id::text from public.prompts), true);
-- Callers write no runs (only SQL functions do): these are written as the table owner, and the
-- lifecycle holds for every writer.
reset role;
-- This test's runs: as the table owner, a statement on public.runs reaches every user's runs.
create temporary view test_runs as
  select * from public.runs where prompt_id = current_setting('tests.prompt')::uuid;
create temporary view test_prompt as
  select * from public.prompts where id = current_setting('tests.prompt')::uuid;

insert into public.runs (user_id, prompt_id, model, input) select user_id, id, 'm', '{"x":1}' from test_prompt;
select is((select status::text from test_runs), 'pending', 'a new run is pending');
select is((select public.last_run_id(p) from public.prompts p
    where p.id = current_setting('tests.prompt')::uuid), (select id from test_runs),
  'the new run is the prompt''s last run');

select throws_ok($$update test_runs set status = 'success'$$, 'PL409', 'a run cannot go from pending to success',
  'pending cannot jump to success');
select throws_ok($$update test_runs set status = 'timeout'$$, 'PL409', null, 'pending cannot jump to timeout');
update test_runs set status = 'running';
select isnt((select started_at from test_runs), null, 'entering running stamps started_at');
select is((select completed_at from test_runs), null, 'a running run has no completed_at');
select throws_ok($$update test_runs set status = 'pending'$$, 'PL409', null, 'running cannot go back to pending');
update test_runs set status = 'success', output = '{"text":"ok"}', latency_ms = 12;
select ok((select completed_at >= started_at from test_runs), 'success stamps completed_at after started_at');
select throws_ok($$update test_runs set status = 'error'$$, 'PL409', 'a run cannot go from success to error',
  'a final state is final');
update test_runs set model_metadata = '{"provider":"x"}';
select is((select model_metadata ->> 'provider' from test_runs), 'x', 'a final run may still get details');

-- pending -> cancelled and pending -> error need no started_at
insert into public.runs (user_id, prompt_id, model, input) select user_id, id, 'm', '{}' from test_prompt;
update test_runs set status = 'cancelled' where status = 'pending';
select is((select count(*)::int from test_runs where status = 'cancelled' and started_at is null and completed_at is not null),
  1, 'pending can be cancelled without starting');
insert into public.runs (user_id, prompt_id, model, input) select user_id, id, 'm', '{}' from test_prompt;
update test_runs set status = 'error', error_message = 'quota' where status = 'pending';
select is((select count(*)::int from test_runs where status = 'error'), 1, 'pending can fail');

-- the checks themselves
select throws_ok(
  $$insert into public.runs (user_id, prompt_id, model, input, status, started_at)
    select user_id, id, 'm', '{}', 'pending', now() from test_prompt$$,
  '23514', null, 'a pending run cannot have started');
select throws_ok(
  $$insert into public.runs (user_id, prompt_id, model, input, status)
    select user_id, id, 'm', '{}', 'running' from test_prompt$$,
  '23514', null, 'a running run must have started');
select throws_ok(
  $$insert into public.runs (user_id, prompt_id, model, input, status, started_at, completed_at)
    select user_id, id, 'm', '{}', 'success', now(), now() - interval '1 second' from test_prompt$$,
  '23514', null, 'completion cannot precede the start');
select throws_ok(
  $$insert into public.runs (user_id, prompt_id, model, input, token_usage, latency_ms)
    select user_id, id, 'm', '{}', '[1]', -1 from test_prompt$$,
  '23514', null, 'token_usage must be an object and latency non-negative');

select * from finish();
rollback;
