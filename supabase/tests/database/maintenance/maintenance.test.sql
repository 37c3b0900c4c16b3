-- daily_maintenance and prune_history with time frozen (the transaction's now()): exactly the runs,
-- run logs and run events past each user's max_history_days go, for users with auto_cleanup on,
-- never a run in flight; bounded batches; the pg_cron job; health_check, integrity_check,
-- security_audit and get_database_stats for admins (and Studio) only.
begin;
select plan(25);

select tests.create_supabase_user('mt_30');
select tests.create_supabase_user('mt_off');
select tests.create_supabase_user('mt_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('mt_admin');
update public.user_settings set max_history_days = 30 where user_id = tests.get_supabase_uid('mt_30');
update public.user_settings set max_history_days = 30, auto_cleanup = false
where user_id = tests.get_supabase_uid('mt_off');
select ok((select auto_cleanup and max_history_days = 90 from public.user_settings
    where user_id = tests.get_supabase_uid('mt_admin')), 'new users: auto_cleanup on, 90 days');

insert into public.prompts (user_id, title)
select tests.get_supabase_uid(u), u from unnest(array['mt_30', 'mt_off']) u;

-- Runs at ages (days) with a status; a log and an event at the same age.
create function pg_temp.add(who text, age_days numeric, st public.run_status, label text)
returns void language plpgsql as $$
declare
  at timestamptz := now() - make_interval(secs => age_days * 86400);
  rid uuid;
begin
  insert into public.runs (user_id, prompt_id, model, input, status, created_at, started_at, completed_at, error_message)
  select p.user_id, p.id, label, '{}', st, at,
    case when st <> 'pending' then at end,
    case when st not in ('pending', 'running') then at end,
    case when st = 'error' then 'x' end
  from public.prompts p where p.title = who
  returning id into rid;
  insert into public.run_logs (run_id, user_id, level, message, created_at)
  select rid, p.user_id, 'info', label, at from public.prompts p where p.title = who;
  insert into public.run_events (user_id, prompt_id, event_type, payload, created_at)
  select p.user_id, p.id, 'run', jsonb_build_object('label', label), at
  from public.prompts p where p.title = who;
end;
$$;
select pg_temp.add('mt_30', 31, 'success', 'old');
select pg_temp.add('mt_30', 30.0001, 'error', 'just past');
select pg_temp.add('mt_30', 29.9999, 'success', 'just inside');
select pg_temp.add('mt_30', 45, 'running', 'old in flight');
select pg_temp.add('mt_30', 45, 'pending', 'old pending');
select pg_temp.add('mt_30', 1, 'success', 'recent');
select pg_temp.add('mt_off', 100, 'success', 'off old');

create function pg_temp.models(who text) returns text[] language sql as $$
  select array_agg(r.model order by r.model) from public.runs r where r.user_id = tests.get_supabase_uid(who)
$$;
create function pg_temp.events(who text) returns text[] language sql as $$
  select array_agg(e.payload ->> 'label' order by e.payload ->> 'label') from public.run_events e where e.user_id = tests.get_supabase_uid(who)
$$;
create function pg_temp.logs(who text) returns text[] language sql as $$
  select array_agg(l.message order by l.message) from public.run_logs l where l.user_id = tests.get_supabase_uid(who)
$$;

-- Bounded: one batch of one row per table.
select is(private.prune_history(1, 1), '{"runs": 1, "run_logs": 1, "run_events": 1}'::jsonb,
  'prune_history stops after max_batches of batch_size');

select tests.authenticate_as('mt_admin');
select is((public.daily_maintenance() -> 'pruned'), '{"runs": 1, "run_logs": 0, "run_events": 3}'::jsonb,
  'daily_maintenance prunes the rest (the logs went with their runs; events are not in flight)');
select tests.clear_authentication();

select is(pg_temp.models('mt_30'), array['just inside', 'old in flight', 'old pending', 'recent'],
  'runs past 30 days go; the one just inside stays; runs in flight stay however old');
select is(pg_temp.logs('mt_30'), array['just inside', 'old in flight', 'old pending', 'recent'],
  'run logs: past the policy go, a run in flight keeps its log');
select is(pg_temp.events('mt_30'), array['just inside', 'recent'],
  'run events past the policy go');
select is(pg_temp.models('mt_off'), array['off old'], 'auto_cleanup off: nothing goes');
select is(pg_temp.events('mt_off'), array['off old'], 'not even events');
select is(public.daily_maintenance() -> 'pruned', '{"runs": 0, "run_logs": 0, "run_events": 0}'::jsonb,
  'a second pass has nothing left to do');

select results_eq($$select schedule, command from cron.job where jobname = 'daily-maintenance'$$,
  $$values ('0 4 * * *'::text, 'select public.daily_maintenance()'::text)$$,
  'daily_maintenance runs on pg_cron at 04:00 UTC');
select private.schedule_daily_maintenance_job();
select is((select count(*)::int from cron.job where jobname = 'daily-maintenance'), 1,
  'scheduling it again keeps one job');

-- Health and friends: admins and Studio only.
select tests.authenticate_as('mt_30');
select throws_ok($$select public.daily_maintenance()$$, 'PL404', null, 'a user cannot run maintenance');
select throws_ok($$select public.health_check()$$, 'PL404', null, 'nor read health');
select throws_ok($$select * from public.integrity_check()$$, 'PL404', null, 'nor integrity');
select throws_ok($$select * from public.security_audit()$$, 'PL404', null, 'nor the security audit');
select throws_ok($$select public.get_database_stats()$$, 'PL404', null, 'nor the stats');
select tests.authenticate_as_anon();
select throws_ok($$select public.health_check()$$, '42501', null, 'anon cannot call them');

select tests.authenticate_as('mt_admin');
select ok(public.health_check() ?& array['status', 'integrity_issues', 'security_errors', 'stuck_runs', 'jobs'],
  'an admin reads the health check');
select is((select count(*)::int from public.security_audit() where severity = 'error'), 0,
  'the security audit finds no table without RLS and no definer without a search_path');
select is((select count(*)::int from public.security_audit()), 0,
  'nor anything else: what the signed-out gallery calls is anon''s by design');
select tests.clear_authentication();
grant execute on function public.integrity_check() to anon;
select tests.authenticate_as('mt_admin');
select results_eq($$select check_name, severity, object_name from public.security_audit()$$,
  $$values ('function_executable_by_anon'::text, 'warning'::text, 'public.integrity_check()'::text)$$,
  'a function granted to anon beyond those is a warning');
select tests.clear_authentication();
revoke execute on function public.integrity_check() from anon;
select tests.authenticate_as('mt_admin');
select ok((select jsonb_array_length(public.get_database_stats() -> 'tables') > 10), 'stats cover the tables');
select results_eq($$select check_name, issues from public.integrity_check() where issues > 0$$,
  $$values ('run_stuck'::text, 2::bigint)$$,
  'integrity holds, but for the two runs left in flight for 45 days (found as stuck)');

-- A broken row, written past the triggers: the integrity check names it.
select tests.clear_authentication();
set local session_replication_role = replica;
update public.runs set cost_usd = 999 where model = 'recent';
set local session_replication_role = origin;
select results_eq(
  $$select issues, sample ->> 0 from public.integrity_check() where check_name = 'run_cost_mismatch'$$,
  $$select 1::bigint, id::text from public.runs where model = 'recent'$$,
  'a run whose cost is not its tokens at its price is found');
select ok(public.health_check() ->> 'status' = 'degraded', 'and health says degraded');

select * from finish();
rollback;
