-- The audit log (issue 18, seed 004's audit logging): an append-only record of who changed what
-- and when, with a before/after diff, written by triggers (never by the API), so every write
-- path is covered, Studio's direct SQL as postgres included.
--
-- Audited: prompts (visibility and status changes included), prompt versions, user settings,
-- API keys and provider keys (never their secrets: no key hash, no ciphertext, no iv), profiles
-- (plan, role, disabling), and the admin-managed reference tables (models, providers,
-- plan_limits, audit_settings). Runs and their logs and events are not: they are the
-- bookkeeping of the run path, already a record of their own.
--
-- Append-only: no role of the app holds insert, update, delete or truncate on it; a trigger
-- refuses every update and delete (even as the table owner) unless the retention function
-- private.prune_audit_log is the caller, which it says with a transaction-local setting it sets
-- and clears itself; truncate is refused always. (A superuser can still drop triggers: the log
-- guards against the app and against mistakes, not against the database's owner.)

create table public.audit_settings (
  id boolean primary key default true check (id),
  retention_days integer not null default 365 check (retention_days between 1 and 3650),
  updated_at timestamptz not null default now()
);
comment on table public.audit_settings is
  'One row: how long audit_log entries are kept (retention_days); admins change it in Studio or SQL.';
comment on column public.audit_settings.id is 'Always true: the table has exactly one row.';
comment on column public.audit_settings.retention_days is
  'Entries older than this many days are deleted by the nightly prune-audit-log job.';
comment on column public.audit_settings.updated_at is 'When the settings last changed.';
insert into public.audit_settings default values;

create trigger audit_settings_set_updated_at before update on public.audit_settings
  for each row execute function private.set_updated_at();

alter table public.audit_settings enable row level security;
create policy "Admins can view the audit settings" on public.audit_settings
  for select to authenticated using ((select private.is_admin()));
create policy "Admins can change the audit settings" on public.audit_settings
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
revoke all on public.audit_settings from anon, authenticated;
grant select, update (retention_days) on public.audit_settings to authenticated;

create table public.audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  -- Who: the signed-in user (auth.uid()), null when the change came from Studio, psql or a job.
  actor_id uuid,
  -- The database role the change came through: authenticated, service_role, or the session
  -- user (postgres) when no API role was set.
  actor_role text not null,
  -- The API key the request used, when it used one.
  api_key_id uuid,
  -- Whose data changed (the row's owner): users read the entries about themselves.
  subject_user_id uuid,
  table_name text not null,
  record_id text,
  action text not null check (action in ('insert', 'update', 'delete')),
  -- insert: after only; delete: before only; update: the changed columns, before and after.
  before jsonb,
  after jsonb,
  changed_columns text[]
);
comment on table public.audit_log is
  'Append-only audit trail written by triggers: who, what, when and a before/after diff. Never updated; deleted only by retention.';
comment on column public.audit_log.id is 'Order of the entries.';
comment on column public.audit_log.occurred_at is 'When the change was made (the transaction''s time).';
comment on column public.audit_log.actor_id is 'The signed-in user who made the change; null from Studio, psql or a job.';
comment on column public.audit_log.actor_role is 'The role the change came through: authenticated, service_role, or the session user (postgres) in Studio.';
comment on column public.audit_log.api_key_id is 'The API key the request used, if any.';
comment on column public.audit_log.subject_user_id is 'The user whose data changed (row owner); null for shared reference data.';
comment on column public.audit_log.table_name is 'The table changed (public schema).';
comment on column public.audit_log.record_id is 'The changed row''s key, as text.';
comment on column public.audit_log.action is 'insert, update or delete.';
comment on column public.audit_log.before is 'The row before (delete), or the changed columns before (update). Secrets never appear.';
comment on column public.audit_log.after is 'The row after (insert), or the changed columns after (update). Secrets never appear.';
comment on column public.audit_log.changed_columns is 'For an update, the columns that changed.';

create index audit_log_subject_idx on public.audit_log (subject_user_id, occurred_at desc, id desc);
create index audit_log_occurred_idx on public.audit_log (occurred_at, id);
create index audit_log_actor_idx on public.audit_log (actor_id);

alter table public.audit_log enable row level security;
create policy "Users read their own entries, admins all" on public.audit_log
  for select to authenticated
  using (subject_user_id = (select auth.uid()) or (select private.is_admin()));
revoke all on public.audit_log from anon, authenticated, service_role;
grant select on public.audit_log to authenticated, service_role;

-- A row as the log keeps it: a version's content (up to 100,000 characters, and immutable in
-- prompt_versions itself) is kept as its length and SHA-256, so bulk imports and long prompts
-- do not copy every text into the log; any change to it still shows as a changed digest.
create function private.audit_values(r jsonb)
returns jsonb
language sql
immutable
security invoker
set search_path = ''
as $$
  select case when jsonb_typeof(r -> 'content') = 'string'
    then r || jsonb_build_object('content', jsonb_build_object(
      'chars', char_length(r ->> 'content'),
      'sha256', encode(extensions.digest(r ->> 'content', 'sha256'), 'hex')))
    else r end;
$$;
comment on function private.audit_values(jsonb) is
  'A row as audit_log keeps it: long content as its length and SHA-256.';
revoke all on function private.audit_values(jsonb) from public, anon, authenticated;

-- The writer. security definer: callers cannot insert into audit_log. Arguments: the owner
-- column ('' for shared rows), the key column, then columns never recorded (secrets, derived).
-- A row deleted by the cascade of its owner's deletion is not recorded one by one: the profile's
-- deletion stands for the user's.
create function private.audit_row_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  owner_col text := tg_argv[0];
  key_col text := tg_argv[1];
  hidden text[] := coalesce(tg_argv[2:], '{}');
  before_row jsonb;
  after_row jsonb;
  changed text[];
  claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
  api_role text := nullif(nullif(current_setting('role', true), 'none'), '');
  subject uuid;
begin
  if tg_op <> 'INSERT' then before_row := private.audit_values(to_jsonb(old) - hidden); end if;
  if tg_op <> 'DELETE' then after_row := private.audit_values(to_jsonb(new) - hidden); end if;
  if owner_col <> '' then
    subject := (coalesce(after_row, before_row) ->> owner_col)::uuid;
  end if;
  if tg_op = 'DELETE' and subject is not null and tg_table_name <> 'profiles'
     and not exists (select 1 from auth.users u where u.id = subject) then
    return null;
  end if;
  if tg_op = 'UPDATE' then
    select array_agg(k order by k) into changed
    from jsonb_object_keys(after_row) k
    where k <> 'updated_at' and before_row -> k is distinct from after_row -> k;
    if changed is null then
      return null;
    end if;
    select jsonb_object_agg(k, before_row -> k), jsonb_object_agg(k, after_row -> k)
      into before_row, after_row
    from unnest(changed) k;
  end if;
  insert into public.audit_log (actor_id, actor_role, api_key_id, subject_user_id, table_name,
    record_id, action, before, after, changed_columns)
  values (
    nullif(claims ->> 'sub', '')::uuid,
    coalesce(api_role, session_user::text),
    nullif(claims ->> 'api_key_id', '')::uuid,
    subject,
    tg_table_name,
    coalesce(after_row, before_row) ->> key_col,
    lower(tg_op),
    case when tg_op <> 'INSERT' then before_row end,
    case when tg_op <> 'DELETE' then after_row end,
    changed
  );
  return null;
end;
$$;
comment on function private.audit_row_change() is
  'Trigger: appends the change to audit_log (args: owner column, key column, hidden columns).';
revoke all on function private.audit_row_change() from public, anon, authenticated;

create trigger audit_prompts after insert or update or delete on public.prompts
  for each row execute function private.audit_row_change('user_id', 'id', 'search_vector');
create trigger audit_prompt_versions after insert or update or delete on public.prompt_versions
  for each row execute function private.audit_row_change('user_id', 'id');
create trigger audit_user_settings after insert or update or delete on public.user_settings
  for each row execute function private.audit_row_change('user_id', 'user_id');
-- last_used_at is bookkeeping of authentication, not a change anybody made.
create trigger audit_api_keys after insert or update or delete on public.api_keys
  for each row execute function private.audit_row_change('user_id', 'id', 'key_hash', 'last_used_at');
create trigger audit_provider_keys after insert or update or delete on public.provider_keys
  for each row execute function private.audit_row_change('user_id', 'id', 'encrypted_key', 'iv');
create trigger audit_profiles after insert or update or delete on public.profiles
  for each row execute function private.audit_row_change('id', 'id');
create trigger audit_models after insert or update or delete on public.models
  for each row execute function private.audit_row_change('', 'id');
create trigger audit_providers after insert or update or delete on public.providers
  for each row execute function private.audit_row_change('', 'id');
create trigger audit_plan_limits after insert or update or delete on public.plan_limits
  for each row execute function private.audit_row_change('', 'plan');
create trigger audit_audit_settings after insert or update or delete on public.audit_settings
  for each row execute function private.audit_row_change('', 'id');

-- Append-only: every update and delete is refused unless prune_audit_log set the marker.
create function private.audit_log_append_only()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' and current_setting('promptline.audit_prune', true) = 'on' then
    return old;
  end if;
  raise exception 'the audit log is append-only: % is not allowed', lower(tg_op)
    using errcode = 'PL403', hint = 'audit_log_append_only';
end;
$$;
comment on function private.audit_log_append_only() is
  'Trigger: refuses updates, deletes and truncates of audit_log (retention''s deletes excepted).';
revoke all on function private.audit_log_append_only() from public, anon, authenticated;

create trigger audit_log_no_update before update on public.audit_log
  for each row execute function private.audit_log_append_only();
create trigger audit_log_no_delete before delete on public.audit_log
  for each row execute function private.audit_log_append_only();
create trigger audit_log_no_truncate before truncate on public.audit_log
  for each statement execute function private.audit_log_append_only();

-- Retention: the only path that removes entries. security definer (the owner deletes; no app
-- role holds delete), in bounded batches; the marker is transaction-local and cleared before
-- returning, so nothing after it in the transaction inherits the right.
create function private.prune_audit_log(batch_size integer default 5000, max_batches integer default 100)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  keep_days integer := coalesce((select s.retention_days from public.audit_settings s), 365);
  deleted_total integer := 0;
  deleted_batch integer;
  batches integer := 0;
begin
  if batch_size is null or batch_size < 1 or max_batches is null or max_batches < 1 then
    raise exception 'batch_size and max_batches must be positive'
      using errcode = 'PL400', hint = 'invalid_batch';
  end if;
  perform set_config('promptline.audit_prune', 'on', true);
  loop
    exit when batches >= max_batches;
    delete from public.audit_log a
    where a.id in (select x.id from public.audit_log x
      where x.occurred_at < now() - make_interval(days => keep_days)
      order by x.occurred_at, x.id limit batch_size);
    get diagnostics deleted_batch = row_count;
    deleted_total := deleted_total + deleted_batch;
    batches := batches + 1;
    exit when deleted_batch < batch_size;
  end loop;
  perform set_config('promptline.audit_prune', '', true);
  return deleted_total;
end;
$$;
comment on function private.prune_audit_log(integer, integer) is
  'Deletes audit_log entries older than audit_settings.retention_days; the only path that removes entries.';
revoke all on function private.prune_audit_log(integer, integer) from public, anon, authenticated;
grant execute on function private.prune_audit_log(integer, integer) to service_role;

-- Idempotent, like schedule_retention_job: 03:30 UTC, after the versions' pruning.
create function private.schedule_audit_retention_job()
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'prune-audit-log';
  return cron.schedule('prune-audit-log', '30 3 * * *', 'select private.prune_audit_log()');
end;
$$;
comment on function private.schedule_audit_retention_job() is
  'Schedules (or reschedules) the nightly audit retention job prune-audit-log at 03:30 UTC.';
revoke all on function private.schedule_audit_retention_job() from public, anon, authenticated;

select private.schedule_audit_retention_job();
