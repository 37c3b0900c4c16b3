-- The last resort against runs left unfinished (an edge worker killed mid-call, a database that
-- stayed unreachable): every minute, a run still running past its timeout plus a margin becomes
-- `timeout`, and a run stuck in pending (never started) becomes `error`, each with a log line.

-- security definer: the sweep finishes every user's abandoned runs, which RLS hides from any
-- ordinary caller; execute is kept for postgres (pg_cron) and service_role only.
create function public.sweep_stuck_runs(margin interval default interval '1 minute')
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  swept integer;
begin
  with stuck as (
    select r.id
    from public.runs r
    where (r.status = 'running'
        and r.started_at < now() - margin
          - make_interval(secs => coalesce(r.timeout_ms, 600000) / 1000.0))
      or (r.status = 'pending' and r.created_at < now() - margin - interval '10 minutes')
    for update skip locked
  ),
  moved as (
    update public.runs r set
      status = case when r.status = 'running' then 'timeout' else 'error' end::public.run_status,
      error_message = case when r.status = 'running'
        then 'no outcome was recorded before the timeout; the run was marked timed out by the sweep'
        else 'the run never started; marked as failed by the sweep' end,
      validation_status = 'skipped'
    from stuck s
    where r.id = s.id
    returning r.id, r.user_id, r.status
  ),
  logged as (
    insert into public.run_logs (run_id, user_id, level, message, data)
    select m.id, m.user_id, 'error', 'run finished: ' || m.status::text || ' (sweep)',
      jsonb_build_object('swept', true)
    from moved m
    returning 1
  )
  select count(*)::int into swept from logged;
  return swept;
end;
$$;

comment on function public.sweep_stuck_runs(interval) is
  'Marks runs running past timeout_ms + margin as timeout (pending ones as error); returns how many.';
revoke execute on function public.sweep_stuck_runs(interval) from public, anon, authenticated;
grant execute on function public.sweep_stuck_runs(interval) to service_role;

-- Idempotent: replaces the job by name, so re-running a migration leaves one job.
create function public.schedule_run_sweep_job()
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'sweep-stuck-runs';
  return cron.schedule('sweep-stuck-runs', '* * * * *', 'select public.sweep_stuck_runs()');
end;
$$;

comment on function public.schedule_run_sweep_job() is
  'Schedules (or reschedules) the every-minute job sweep-stuck-runs.';
revoke execute on function public.schedule_run_sweep_job() from public, anon, authenticated;

select public.schedule_run_sweep_job();
