-- Retention (seed 000's retention note): a nightly pg_cron job deletes prompt versions older
-- than their owner's retention_policy (14 or 30 days; 'always' keeps everything), never a
-- prompt's current version, in bounded batches so one night's work has a known ceiling.

-- Hosted Supabase needs the extension created; the local bootstrap already has it.
create extension if not exists pg_cron with schema pg_catalog;

-- security definer: the job prunes every user's versions, which RLS hides from any ordinary
-- caller; execute is kept for postgres (pg_cron) and service_role only.
create function private.prune_prompt_versions(batch_size integer default 1000, max_batches integer default 100)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  deleted_total integer := 0;
  deleted_batch integer;
  batches integer := 0;
begin
  if batch_size is null or batch_size < 1 or max_batches is null or max_batches < 1 then
    raise exception 'batch_size and max_batches must be positive'
      using errcode = 'PL400', hint = 'invalid_batch';
  end if;

  loop
    exit when batches >= max_batches;
    with expired as (
      select v.id
      from public.prompt_versions v
      join public.prompts p on p.id = v.prompt_id
      left join public.user_settings s on s.user_id = v.user_id
      where coalesce(s.retention_policy, 'thirty_days') <> 'always'
        and v.created_at < now() - case coalesce(s.retention_policy, 'thirty_days')
          when 'fourteen_days' then interval '14 days'
          else interval '30 days'
        end
        and p.current_version_id is distinct from v.id
      limit batch_size
      for update of v skip locked
    )
    delete from public.prompt_versions v using expired e where v.id = e.id;
    get diagnostics deleted_batch = row_count;
    deleted_total := deleted_total + deleted_batch;
    batches := batches + 1;
    exit when deleted_batch < batch_size;
  end loop;

  return deleted_total;
end;
$$;

comment on function private.prune_prompt_versions(integer, integer) is
  'Deletes versions past their owner''s retention (never a current version); returns how many.';
revoke all on function private.prune_prompt_versions(integer, integer) from public, anon, authenticated;
grant execute on function private.prune_prompt_versions(integer, integer) to service_role;

-- Idempotent: replaces the job by name, so re-running a migration or a restore leaves one job.
-- pg_cron reads schedules in GMT, so this is 03:00 UTC.
create function private.schedule_retention_job()
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'prune-prompt-versions';
  return cron.schedule('prune-prompt-versions', '0 3 * * *', 'select private.prune_prompt_versions()');
end;
$$;

comment on function private.schedule_retention_job() is
  'Schedules (or reschedules) the nightly retention job prune-prompt-versions at 03:00 UTC.';
revoke all on function private.schedule_retention_job() from public, anon, authenticated;

select private.schedule_retention_job();
