-- Run lifecycle: timestamps consistent with status, allowed transitions only, final is final,
-- and the prompt's last_run_id follows the newest run.
begin;
select plan(20);

select tests.create_supabase_user('lc_user');
select tests.authenticate_as('lc_user');
insert into public.prompts (title) values ('Lifecycle prompt');

insert into public.runs (prompt_id, model, input) select id, 'm', '{"x":1}' from public.prompts;
select is((select status::text from public.runs), 'pending', 'a new run is pending');
select is((select last_run_id from public.prompts), null,
  'the pointer is set at commit, not at the insert (the prompt row stays unlocked until then)');
set constraints public.runs_point_prompt immediate;
select is((select last_run_id from public.prompts), (select id from public.runs),
  'at commit the prompt''s last_run_id points at the new run');

select throws_ok($$update public.runs set status = 'success'$$, 'PL409', 'a run cannot go from pending to success',
  'pending cannot jump to success');
select throws_ok($$update public.runs set status = 'timeout'$$, 'PL409', null, 'pending cannot jump to timeout');
update public.runs set status = 'running';
select isnt((select started_at from public.runs), null, 'entering running stamps started_at');
select is((select completed_at from public.runs), null, 'a running run has no completed_at');
select throws_ok($$update public.runs set status = 'pending'$$, 'PL409', null, 'running cannot go back to pending');
update public.runs set status = 'success', output = '{"text":"ok"}', latency_ms = 12;
select ok((select completed_at >= started_at from public.runs), 'success stamps completed_at after started_at');
select throws_ok($$update public.runs set status = 'error'$$, 'PL409', 'a run cannot go from success to error',
  'a final state is final');
update public.runs set model_metadata = '{"provider":"x"}';
select is((select model_metadata ->> 'provider' from public.runs), 'x', 'a final run may still get details');

-- pending -> cancelled and pending -> error need no started_at
with second_run as (
  insert into public.runs (prompt_id, model, input) select id, 'm', '{}' from public.prompts returning id
)
select set_config('tests.second_run', id::text, true) from second_run;
set constraints public.runs_point_prompt immediate;
select is((select last_run_id from public.prompts), current_setting('tests.second_run')::uuid,
  'the newest run becomes the prompt''s last run');
update public.runs set status = 'cancelled' where status = 'pending';
select is((select count(*)::int from public.runs where status = 'cancelled' and started_at is null and completed_at is not null),
  1, 'pending can be cancelled without starting');
insert into public.runs (prompt_id, model, input) select id, 'm', '{}' from public.prompts;
update public.runs set status = 'error', error_message = 'quota' where status = 'pending';
select is((select count(*)::int from public.runs where status = 'error'), 1, 'pending can fail');

-- the checks themselves
select throws_ok(
  $$insert into public.runs (prompt_id, model, input, status, started_at)
    select id, 'm', '{}', 'pending', now() from public.prompts$$,
  '23514', null, 'a pending run cannot have started');
select throws_ok(
  $$insert into public.runs (prompt_id, model, input, status)
    select id, 'm', '{}', 'running' from public.prompts$$,
  '23514', null, 'a running run must have started');
select throws_ok(
  $$insert into public.runs (prompt_id, model, input, status, started_at, completed_at)
    select id, 'm', '{}', 'success', now(), now() - interval '1 second' from public.prompts$$,
  '23514', null, 'completion cannot precede the start');
select throws_ok(
  $$insert into public.runs (prompt_id, model, input, token_usage, latency_ms)
    select id, 'm', '{}', '[1]', -1 from public.prompts$$,
  '23514', null, 'token_usage must be an object and latency non-negative');

-- A run deleted again before commit leaves the pointer where it was (and the commit working).
select set_config('tests.prompt', (select id::text from public.prompts), true);
select set_config('tests.before', (select last_run_id::text from public.prompts), true);
set constraints public.runs_point_prompt deferred;
with gone as (
  insert into public.runs (prompt_id, model, input) select id, 'm', '{}' from public.prompts returning id
)
select set_config('tests.gone', id::text, true) from gone;
select tests.clear_authentication();
delete from public.runs where id = current_setting('tests.gone')::uuid;
select lives_ok($$set constraints public.runs_point_prompt immediate$$,
  'a run deleted before commit does not fail the commit');
select is((select last_run_id::text from public.prompts where id = current_setting('tests.prompt')::uuid),
  current_setting('tests.before'),
  'and the pointer stays on the last run that exists');

select * from finish();
rollback;
