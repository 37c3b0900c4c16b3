-- Retention in short transactions (issue 14): the nightly job deletes every expired version in
-- batches of 1,000, each committed on its own, so a night with 500,000 expired versions holds no
-- lock and no snapshot for longer than one batch, and readers and writers of the same prompts
-- wait on none of it. The rule (each owner's retention_policy, never a current version) is one
-- batch function; a procedure commits between its batches for pg_cron, and
-- prune_prompt_versions keeps its bounded, one-transaction form on the same batches.

-- The batches walk versions oldest first, so each starts where the last one stopped.
create index prompt_versions_created_idx on public.prompt_versions (created_at, id);

-- security definer: it deletes every user's versions, which RLS hides from any ordinary caller;
-- execute is kept for postgres (pg_cron) and service_role.
create function private.prune_version_batch(
  batch_size integer,
  after_created timestamptz,
  after_id uuid,
  out deleted integer,
  out last_created timestamptz,
  out last_id uuid
)
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Expired: older than the owner's policy (14 or 30 days; 'always' keeps everything; no
  -- settings row counts as 30 days) and not its prompt's current version. 14 days is the
  -- shortest policy, so nothing newer is read.
  with expired as (
    select v.id, v.created_at
    from public.prompt_versions v
    join public.prompts p on p.id = v.prompt_id
    left join public.user_settings s on s.user_id = v.user_id
    where v.created_at < now() - interval '14 days'
      and (v.created_at, v.id) > (prune_version_batch.after_created, prune_version_batch.after_id)
      and coalesce(s.retention_policy, 'thirty_days') <> 'always'
      and v.created_at < now() - case coalesce(s.retention_policy, 'thirty_days')
        when 'fourteen_days' then interval '14 days'
        else interval '30 days'
      end
      and p.current_version_id is distinct from v.id
    order by v.created_at, v.id
    limit prune_version_batch.batch_size
  ),
  gone as (
    delete from public.prompt_versions v using expired e where v.id = e.id
    returning v.id, v.created_at
  )
  select count(*)::int,
    (array_agg(g.created_at order by g.created_at desc, g.id desc))[1],
    (array_agg(g.id order by g.created_at desc, g.id desc))[1]
  into deleted, last_created, last_id
  from gone g;
end;
$$;

comment on function private.prune_version_batch(integer, timestamptz, uuid) is
  'Deletes up to batch_size expired versions after (after_created, after_id), oldest first; returns how many and the last key.';
revoke all on function private.prune_version_batch(integer, timestamptz, uuid) from public, anon, authenticated;
grant execute on function private.prune_version_batch(integer, timestamptz, uuid) to service_role;

-- Commits after each batch. A procedure that commits may have neither a SET clause nor
-- security definer (PostgreSQL refuses transaction control in either), so it runs as its caller
-- (pg_cron as postgres, or service_role), names every object with its schema, and leaves the
-- rule to the definer batch function above.
create procedure private.prune_expired_versions(
  batch_size integer default 1000,
  inout deleted bigint default 0,
  inout batches integer default 0,
  inout longest_batch_ms numeric default 0
)
language plpgsql
as $$
declare
  after_created timestamptz := '-infinity';
  after_id uuid := '00000000-0000-0000-0000-000000000000';
  batch record;
  started timestamptz;
begin
  if batch_size is null or batch_size < 1 then
    raise exception 'batch_size must be positive' using errcode = 'PL400', hint = 'invalid_batch';
  end if;
  deleted := 0;
  batches := 0;
  longest_batch_ms := 0;
  loop
    started := pg_catalog.clock_timestamp();
    select * into batch
    from private.prune_version_batch(batch_size, after_created, after_id);
    commit;
    exit when batch.deleted = 0;
    deleted := deleted + batch.deleted;
    batches := batches + 1;
    longest_batch_ms := greatest(longest_batch_ms,
      pg_catalog.round((extract(epoch from pg_catalog.clock_timestamp() - started) * 1000)::numeric, 1));
    -- Fewer than a full batch: the walk reached the newest expired version.
    exit when batch.deleted < batch_size;
    after_created := batch.last_created;
    after_id := batch.last_id;
  end loop;
end;
$$;

comment on procedure private.prune_expired_versions(integer, bigint, integer, numeric) is
  'Deletes every expired version in batches of batch_size, committing after each (the nightly retention job).';
revoke all on procedure private.prune_expired_versions(integer, bigint, integer, numeric) from public, anon, authenticated;
grant execute on procedure private.prune_expired_versions(integer, bigint, integer, numeric) to service_role;

-- The same rule in one transaction, at most max_batches batches (callers that cannot commit).
create or replace function private.prune_prompt_versions(batch_size integer default 1000, max_batches integer default 100)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  deleted_total integer := 0;
  batches integer := 0;
  after_created timestamptz := '-infinity';
  after_id uuid := '00000000-0000-0000-0000-000000000000';
  batch record;
begin
  if batch_size is null or batch_size < 1 or max_batches is null or max_batches < 1 then
    raise exception 'batch_size and max_batches must be positive'
      using errcode = 'PL400', hint = 'invalid_batch';
  end if;

  loop
    exit when batches >= max_batches;
    select * into batch
    from private.prune_version_batch(batch_size, after_created, after_id);
    deleted_total := deleted_total + batch.deleted;
    batches := batches + 1;
    exit when batch.deleted < batch_size;
    after_created := batch.last_created;
    after_id := batch.last_id;
  end loop;

  return deleted_total;
end;
$$;

-- Idempotent, by name: the nightly job now calls the procedure. pg_cron runs a single CALL
-- outside any transaction block, so the procedure's commits are allowed.
create or replace function private.schedule_retention_job()
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'prune-prompt-versions';
  return cron.schedule('prune-prompt-versions', '0 3 * * *', 'call private.prune_expired_versions()');
end;
$$;

select private.schedule_retention_job();
