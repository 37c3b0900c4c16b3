-- Maintenance and health in SQL (seed 004): history pruning by each user's max_history_days when
-- auto_cleanup is on, daily_maintenance() on pg_cron, and the admins' health_check(),
-- integrity_check(), security_audit() and get_database_stats(). All are readable in Studio (as
-- postgres) and refuse API callers who are not admins (private.require_admin, PL404).

alter table public.user_settings
  add column max_history_days integer not null default 90 check (max_history_days between 1 and 3650),
  add column auto_cleanup boolean not null default true;
comment on column public.user_settings.max_history_days is
  'Runs, run logs and run events (the builder''s runs too) older than this many days are pruned nightly when auto_cleanup is on.';
comment on column public.user_settings.auto_cleanup is 'Whether daily_maintenance prunes this user''s history past max_history_days.';
comment on column public.user_settings.user_id is 'The user these settings belong to.';
comment on column public.user_settings.retention_policy is 'How long old prompt versions are kept (never the current one).';
comment on column public.user_settings.default_model is 'The model runs use when neither the request nor the version names one.';
comment on column public.user_settings.framework is 'The prompt framework the builder starts with.';
comment on column public.user_settings.theme is 'system, light or dark.';
comment on column public.user_settings.created_at is 'When the settings were made (at sign-up).';
comment on column public.user_settings.updated_at is 'When the settings last changed.';

create index runs_created_at_idx on public.runs (created_at);

-- Deletes, in batches of batch_size and at most max_batches per table, the runs (with their logs,
-- by cascade), run logs and run events older than their owner's max_history_days, for owners with
-- auto_cleanup on. A run still pending or running is never pruned, whatever its age (the sweep
-- ends it first). Returns the counts per table.
create function private.prune_history(batch_size integer default 1000, max_batches integer default 100)
returns jsonb
language plpgsql
security definer
set search_path = ''
as $$
declare
  n integer;
  batches integer;
  runs_total integer := 0;
  logs_total integer := 0;
  events_total integer := 0;
begin
  if batch_size is null or batch_size < 1 or max_batches is null or max_batches < 1 then
    raise exception 'batch_size and max_batches must be positive'
      using errcode = 'PL400', hint = 'invalid_batch';
  end if;

  batches := 0;
  loop
    exit when batches >= max_batches;
    delete from public.runs r where r.id in (
      select x.id from public.runs x
      join public.user_settings s on s.user_id = x.user_id and s.auto_cleanup
      where x.created_at < now() - make_interval(days => s.max_history_days)
        and x.status not in ('pending', 'running')
      limit batch_size
      for update of x skip locked);
    get diagnostics n = row_count;
    runs_total := runs_total + n;
    batches := batches + 1;
    exit when n < batch_size;
  end loop;

  -- Logs of runs that are kept can still be older than the policy (a long run's first lines).
  batches := 0;
  loop
    exit when batches >= max_batches;
    delete from public.run_logs l where l.id in (
      select x.id from public.run_logs x
      join public.user_settings s on s.user_id = x.user_id and s.auto_cleanup
      join public.runs r on r.id = x.run_id and r.status not in ('pending', 'running')
      where x.created_at < now() - make_interval(days => s.max_history_days)
      limit batch_size
      for update of x skip locked);
    get diagnostics n = row_count;
    logs_total := logs_total + n;
    batches := batches + 1;
    exit when n < batch_size;
  end loop;

  batches := 0;
  loop
    exit when batches >= max_batches;
    delete from public.run_events e where e.id in (
      select x.id from public.run_events x
      join public.user_settings s on s.user_id = x.user_id and s.auto_cleanup
      where x.created_at < now() - make_interval(days => s.max_history_days)
      limit batch_size
      for update of x skip locked);
    get diagnostics n = row_count;
    events_total := events_total + n;
    batches := batches + 1;
    exit when n < batch_size;
  end loop;

  return jsonb_build_object('runs', runs_total, 'run_logs', logs_total, 'run_events', events_total);
end;
$$;
comment on function private.prune_history(integer, integer) is
  'Deletes runs, run logs and run events past each user''s max_history_days (auto_cleanup on), never a run in flight, in bounded batches.';
revoke all on function private.prune_history(integer, integer) from public, anon, authenticated;
grant execute on function private.prune_history(integer, integer) to service_role;

create function public.daily_maintenance(batch_size integer default 1000, max_batches integer default 100)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  started timestamptz := clock_timestamp();
  pruned jsonb;
  days integer;
begin
  perform private.require_admin();
  pruned := private.prune_history(batch_size, max_batches);
  days := private.refresh_feedback_analytics();
  return jsonb_build_object('pruned', pruned, 'feedback_analytics_days', days,
    'duration_ms', round(extract(epoch from clock_timestamp() - started) * 1000));
end;
$$;
comment on function public.daily_maintenance(integer, integer) is
  'Nightly (pg_cron daily-maintenance): prunes history past each user''s policy and refreshes feedback_analytics; admins may run it.';

create function private.schedule_daily_maintenance_job()
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'daily-maintenance';
  return cron.schedule('daily-maintenance', '0 4 * * *', 'select public.daily_maintenance()');
end;
$$;
comment on function private.schedule_daily_maintenance_job() is
  'Schedules (or reschedules) daily-maintenance at 04:00 UTC.';
revoke all on function private.schedule_daily_maintenance_job() from public, anon, authenticated;

select private.schedule_daily_maintenance_job();

-- Integrity: each check with how many rows break it and a few of them. --------------------------
create function public.integrity_check()
returns table (check_name text, description text, issues bigint, sample jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return query
  with checks (check_name, description, ids) as (
    select 'current_version_of_other_prompt', 'a prompt''s current_version_id names a version of another prompt',
      array(select p.id::text from public.prompts p join public.prompt_versions v on v.id = p.current_version_id
        where v.prompt_id <> p.id)
    union all
    select 'prompt_without_current_version', 'a prompt has versions but no current version',
      array(select p.id::text from public.prompts p where p.current_version_id is null
        and exists (select 1 from public.prompt_versions v where v.prompt_id = p.id))
    union all
    select 'version_owner_mismatch', 'a version''s owner is not its prompt''s owner',
      array(select v.id::text from public.prompt_versions v join public.prompts p on p.id = v.prompt_id
        where v.user_id <> p.user_id)
    union all
    select 'run_owner_mismatch', 'a run''s owner is not its prompt''s owner',
      array(select r.id::text from public.runs r join public.prompts p on p.id = r.prompt_id
        where r.user_id <> p.user_id)
    union all
    select 'run_log_owner_mismatch', 'a run log''s owner is not its run''s owner',
      array(select l.id::text from public.run_logs l join public.runs r on r.id = l.run_id
        where l.user_id <> r.user_id)
    union all
    select 'run_cost_mismatch', 'a run''s cost_usd is not its tokens at its price snapshot',
      array(select r.id::text from public.runs r
        where r.cost_usd is distinct from private.run_cost(r.token_usage, r.price_snapshot))
    union all
    select 'run_stuck', 'a run still pending or running an hour after it started',
      array(select r.id::text from public.runs r where r.status in ('pending', 'running')
        and r.created_at < now() - interval '1 hour')
    union all
    select 'user_without_profile', 'an auth user has no profile or no settings',
      array(select u.id::text from auth.users u
        where not exists (select 1 from public.profiles p where p.id = u.id)
          or not exists (select 1 from public.user_settings s where s.user_id = u.id))
    union all
    select 'prompt_tag_owner_mismatch', 'a prompt carries another user''s tag',
      array(select pt.prompt_id::text from public.prompt_tags pt
        join public.prompts p on p.id = pt.prompt_id join public.tags t on t.id = pt.tag_id
        where p.user_id <> t.user_id)
  )
  select c.check_name, c.description, cardinality(c.ids)::bigint,
    to_jsonb(c.ids[1:5])
  from checks c;
end;
$$;
comment on function public.integrity_check() is
  'Admin: pointer consistency, ownership, run cost totals, stuck runs and orphans; issues per check with up to 5 ids.';

-- Security: what the advisors look for, from inside. ----------------------------------------------
create function public.security_audit()
returns table (check_name text, severity text, object_name text, detail text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return query
  select 'table_without_rls', 'error', c.oid::regclass::text, 'row level security is off'
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity
  union all
  select 'definer_without_search_path', 'error', p.oid::regprocedure::text,
    'security definer function without a fixed search_path'
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private') and p.prosecdef
    and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) s where s like 'search_path=%')
  union all
  select 'function_executable_by_anon', 'warning', p.oid::regprocedure::text,
    'anon may execute it'
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private')
    and not exists (select 1 from pg_catalog.pg_depend d
      where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass and d.objid = p.oid and d.deptype = 'e')
    and pg_catalog.has_function_privilege('anon', p.oid, 'execute')
  union all
  select 'view_without_security_invoker', 'warning', c.oid::regclass::text,
    'a view that runs as its owner and API roles may read'
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind = 'v'
    and not coalesce('security_invoker=on' = any (c.reloptions) or 'security_invoker=true' = any (c.reloptions), false)
    and (pg_catalog.has_table_privilege('anon', c.oid, 'select')
      or pg_catalog.has_table_privilege('authenticated', c.oid, 'select'));
end;
$$;
comment on function public.security_audit() is
  'Admin: public tables without RLS, definer functions without a fixed search_path, functions anon may execute, definer views the API roles read.';

-- Stats: sizes, rows and index use of the public tables. ------------------------------------------
create function public.get_database_stats()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return jsonb_build_object(
    'database_bytes', pg_catalog.pg_database_size(pg_catalog.current_database()),
    'connections', (select count(*) from pg_catalog.pg_stat_activity a
      where a.datname = pg_catalog.current_database()),
    'tables', coalesce((select jsonb_agg(jsonb_build_object(
        'table', s.relname, 'rows', s.n_live_tup, 'dead_rows', s.n_dead_tup,
        'total_bytes', pg_catalog.pg_total_relation_size(s.relid),
        'index_bytes', pg_catalog.pg_indexes_size(s.relid),
        'seq_scans', s.seq_scan, 'index_scans', coalesce(s.idx_scan, 0),
        'last_autovacuum', s.last_autovacuum, 'last_autoanalyze', s.last_autoanalyze)
        order by pg_catalog.pg_total_relation_size(s.relid) desc, s.relname)
      from pg_catalog.pg_stat_user_tables s where s.schemaname = 'public'), '[]'),
    'indexes', coalesce((select jsonb_agg(jsonb_build_object(
        'index', i.indexrelname, 'table', i.relname, 'scans', i.idx_scan,
        'bytes', pg_catalog.pg_relation_size(i.indexrelid)) order by i.idx_scan, i.indexrelname)
      from pg_catalog.pg_stat_user_indexes i where i.schemaname = 'public'), '[]')
  );
end;
$$;
comment on function public.get_database_stats() is
  'Admin: database size, connections, and per public table rows, dead rows, sizes and scans; index usage.';

-- Health: one answer for the admin area and monitoring. -------------------------------------------
create function public.health_check()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  integrity_issues bigint;
  security_errors bigint;
  stuck bigint;
  failed_jobs jsonb;
begin
  perform private.require_admin();
  select coalesce(sum(i.issues), 0) into integrity_issues from public.integrity_check() i;
  select count(*) into security_errors from public.security_audit() s where s.severity = 'error';
  select count(*) into stuck from public.runs r
  where r.status in ('pending', 'running') and r.created_at < now() - interval '1 hour';
  select coalesce(jsonb_agg(jsonb_build_object('job', j.jobname, 'status', d.status,
      'at', d.start_time, 'message', left(d.return_message, 200)) order by j.jobname), '[]')
    into failed_jobs
  from cron.job j
  cross join lateral (select x.status, x.start_time, x.return_message
    from cron.job_run_details x where x.jobid = j.jobid order by x.start_time desc limit 1) d
  where d.status = 'failed';
  return jsonb_build_object(
    'status', case when integrity_issues = 0 and security_errors = 0 and stuck = 0
      and jsonb_array_length(failed_jobs) = 0 then 'ok' else 'degraded' end,
    'checked_at', now(),
    'postgres_version', pg_catalog.current_setting('server_version'),
    'database_bytes', pg_catalog.pg_database_size(pg_catalog.current_database()),
    'integrity_issues', integrity_issues,
    'security_errors', security_errors,
    'stuck_runs', stuck,
    'runs_last_hour', (select count(*) from public.runs r where r.created_at > now() - interval '1 hour'),
    'jobs', coalesce((select jsonb_agg(jsonb_build_object('job', j.jobname, 'schedule', j.schedule,
        'active', j.active, 'last_status', d.status, 'last_run_at', d.start_time) order by j.jobname)
      from cron.job j
      left join lateral (select x.status, x.start_time from cron.job_run_details x
        where x.jobid = j.jobid order by x.start_time desc limit 1) d on true), '[]'),
    'failed_jobs', failed_jobs
  );
end;
$$;
comment on function public.health_check() is
  'Admin: ok or degraded, with integrity issues, security errors, stuck runs and each pg_cron job''s last outcome.';

revoke all on function public.daily_maintenance(integer, integer), public.integrity_check(),
  public.security_audit(), public.get_database_stats(), public.health_check() from public, anon;
grant execute on function public.daily_maintenance(integer, integer), public.integrity_check(),
  public.security_audit(), public.get_database_stats(), public.health_check()
  to authenticated, service_role;
