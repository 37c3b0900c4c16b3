-- KPI events about prompts (seed 000's run_events): deletions and version restores are logged
-- by triggers, saving an improvement (a version with source 'improve') logs 'improve_saved' so
-- the event exists however the version was written, and the API records 'improve' when a model
-- suggested a better version. Run events are written by start_run.
-- run_events take no writes from callers (bookkeeping: 20261204001200_runs.sql), so the triggers
-- and record_prompt_event write them as their owner, for the prompt's owner.

-- The prompt row is gone, so the event keeps its id and title in the payload.
-- security definer: callers cannot insert into run_events; the event is the deleted row's owner's.
create function private.log_prompt_deleted()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  begin
    insert into public.run_events (user_id, prompt_id, event_type, payload)
    values (old.user_id, null, 'delete',
      jsonb_build_object('prompt_id', old.id, 'title', old.title, 'catalog_id', old.catalog_id));
  exception when foreign_key_violation then
    -- The owner is being deleted with everything they had: there is no one to log it for.
    null;
  end;
  return null;
end;
$$;

create trigger prompts_log_deleted after delete on public.prompts
  for each row execute function private.log_prompt_deleted();

-- security definer: callers cannot insert into run_events; the event is the version's owner's
-- (a version belongs to its prompt's owner: prompt_versions' guard trigger).
create function private.log_prompt_version_restored()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.run_events (user_id, prompt_id, event_type, payload)
  values (new.user_id, new.prompt_id, 'restore', jsonb_build_object(
    'version_id', new.id,
    'version_number', new.version_number,
    'restored_from_version', new.restored_from_version));
  return null;
end;
$$;

create trigger prompt_versions_log_restored after insert on public.prompt_versions
  for each row when (new.source = 'restore')
  execute function private.log_prompt_version_restored();

-- security definer: callers cannot insert into run_events; the event is the version's owner's.
create function private.log_prompt_version_improved()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.run_events (user_id, prompt_id, event_type, payload)
  values (new.user_id, new.prompt_id, 'improve_saved', jsonb_build_object(
    'version_id', new.id,
    'version_number', new.version_number));
  return null;
end;
$$;

create trigger prompt_versions_log_improved after insert on public.prompt_versions
  for each row when (new.source = 'improve')
  execute function private.log_prompt_version_improved();

-- Trigger functions need no execute privilege to fire: nobody calls them directly.
revoke all on function private.log_prompt_deleted() from public, anon, authenticated, service_role;
revoke all on function private.log_prompt_version_restored() from public, anon, authenticated, service_role;
revoke all on function private.log_prompt_version_improved() from public, anon, authenticated, service_role;

-- Records an event for the caller (auth.uid()), on their own prompt. Called by the API as
-- service_role with the caller's claims, never by callers themselves (the event says what a
-- model suggested, which only the API knows). A prompt that is not the caller's is "not found",
-- and only the events the API itself logs are accepted: 'run', 'delete', 'restore' and
-- 'improve_saved' are written by triggers and the run engine, not asked for by callers.
-- security definer: callers cannot insert into run_events; ownership is checked here instead.
create function public.record_prompt_event(prompt_id uuid, event_type text, payload jsonb default null)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  event_id uuid;
begin
  if record_prompt_event.event_type is distinct from 'improve' then
    raise exception 'event type % cannot be recorded directly', record_prompt_event.event_type
      using errcode = 'PL422', hint = 'invalid_event_type';
  end if;
  if record_prompt_event.payload is not null and jsonb_typeof(record_prompt_event.payload) <> 'object' then
    raise exception 'event payload must be a JSON object'
      using errcode = 'PL422', hint = 'invalid_event_payload';
  end if;
  if caller is null or not exists (select 1 from public.prompts p
      where p.id = record_prompt_event.prompt_id and p.user_id = caller) then
    raise exception 'prompt % not found', record_prompt_event.prompt_id
      using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  insert into public.run_events (user_id, prompt_id, event_type, payload)
  values (caller, record_prompt_event.prompt_id, record_prompt_event.event_type,
    record_prompt_event.payload)
  returning id into event_id;
  return event_id;
end;
$$;

comment on function public.record_prompt_event(uuid, text, jsonb) is
  'Logs an improve event on one of the caller''s (auth.uid()) prompts; returns the event id. service_role only.';

revoke execute on function public.record_prompt_event(uuid, text, jsonb) from public, anon, authenticated;
grant execute on function public.record_prompt_event(uuid, text, jsonb) to service_role;
