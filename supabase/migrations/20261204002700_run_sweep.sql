-- The last resort against runs left unfinished (an edge worker killed mid-call, a database that
-- stayed unreachable): every minute, a run still running past its timeout plus a margin becomes
-- `timeout`, and a run stuck in pending (never started) becomes `error`. Its log is written as
-- finish_run writes one: the start line (stamped when the run started, when it did) and the
-- outcome.

-- security definer: the sweep finishes every user's abandoned runs, which RLS hides from any
-- ordinary caller; execute is kept for postgres (pg_cron) and service_role only.
create function private.sweep_stuck_runs(margin interval default interval '1 minute')
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
    returning r.id, r.user_id, r.status, r.started_at, r.model, r.provider_id, r.key_source,
      r.timeout_ms, r.streamed
  ),
  logged as (
    insert into public.run_logs (run_id, user_id, level, message, data, created_at)
    select l.run_id, l.user_id, l.level, l.message, l.data, l.at
    from (
      select m.id as run_id, m.user_id, 0 as ord, 'info' as level, 'run started' as message,
        jsonb_build_object('model', m.model, 'provider_id', m.provider_id,
          'key_source', m.key_source, 'timeout_ms', m.timeout_ms, 'streamed', m.streamed) as data,
        m.started_at as at
      from moved m
      where m.started_at is not null
      union all
      select m.id, m.user_id, 1, 'error', 'run finished: ' || m.status::text || ' (sweep)',
        jsonb_build_object('swept', true), now()
      from moved m
    ) l
    order by l.run_id, l.ord
    returning 1
  )
  select count(*)::int into swept from moved;
  return swept;
end;
$$;

comment on function private.sweep_stuck_runs(interval) is
  'Marks runs running past timeout_ms + margin as timeout (pending ones as error); returns how many.';
revoke all on function private.sweep_stuck_runs(interval) from public, anon, authenticated;
grant execute on function private.sweep_stuck_runs(interval) to service_role;

-- Idempotent: replaces the job by name, so re-running a migration leaves one job.
create function private.schedule_run_sweep_job()
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'sweep-stuck-runs';
  return cron.schedule('sweep-stuck-runs', '* * * * *', 'select private.sweep_stuck_runs()');
end;
$$;

comment on function private.schedule_run_sweep_job() is
  'Schedules (or reschedules) the every-minute job sweep-stuck-runs.';
revoke all on function private.schedule_run_sweep_job() from public, anon, authenticated;

select private.schedule_run_sweep_job();
