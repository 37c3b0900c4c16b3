-- The nightly retention loop lives in the pg_cron job itself, as a DO block that commits after
-- each prune_version_batch, instead of in private.prune_expired_versions: a procedure that
-- commits may not pin its search_path (PostgreSQL refuses transaction control with a SET clause),
-- and the database linter (function_search_path_mutable) rightly warns about any routine that
-- does not. The DO block names every object with its schema and holds no rule: the rule stays in
-- the definer function prune_version_batch. pg_cron runs it outside any transaction block, so
-- its commits are allowed; it ends with a notice of what it did (the job's return message).

drop procedure if exists private.prune_expired_versions(integer, bigint, integer, numeric);

create or replace function private.retention_job_command()
returns text
language sql
immutable
security invoker
set search_path = ''
as $fn$
  select $cmd$do $prune$
declare
  after_created timestamptz := '-infinity';
  after_id uuid := '00000000-0000-0000-0000-000000000000';
  batch record;
  deleted bigint := 0;
  batches integer := 0;
  longest_ms numeric := 0;
  started timestamptz;
begin
  loop
    started := pg_catalog.clock_timestamp();
    select * into batch from private.prune_version_batch(1000, after_created, after_id);
    commit;
    exit when batch.deleted = 0;
    deleted := deleted + batch.deleted;
    batches := batches + 1;
    longest_ms := greatest(longest_ms,
      pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - started) * 1000)::numeric, 1));
    exit when batch.deleted < 1000;
    after_created := batch.last_created;
    after_id := batch.last_id;
  end loop;
  raise notice 'pruned % versions in % batches, longest batch % ms', deleted, batches, longest_ms;
end
$prune$$cmd$;
$fn$;

comment on function private.retention_job_command() is
  'The nightly retention job''s command: prune_version_batch in batches of 1,000, each committed.';
revoke all on function private.retention_job_command() from public, anon, authenticated;
grant execute on function private.retention_job_command() to service_role;

-- Idempotent, by name.
create or replace function private.schedule_retention_job()
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'prune-prompt-versions';
  return cron.schedule('prune-prompt-versions', '0 3 * * *', private.retention_job_command());
end;
$$;

select private.schedule_retention_job();
