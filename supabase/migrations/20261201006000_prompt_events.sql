-- Improve KPI events (seed 000 run_events): the API records 'improve' when a model suggested a
-- better version, and saving a suggestion (a version with source 'improve') records
-- 'improve_saved' here, so the event exists however the version was written.

-- Records an event as the caller. A prompt the caller cannot see is "not found" (not an RLS
-- refusal), and only the events the API itself logs are accepted: 'run', 'delete', 'restore'
-- and 'improve_saved' are written by triggers and the run engine, not asked for by callers.
create function public.record_prompt_event(prompt_id uuid, event_type text, payload jsonb default null)
returns uuid
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
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
  if not exists (select 1 from public.prompts p where p.id = record_prompt_event.prompt_id) then
    raise exception 'prompt % not found', record_prompt_event.prompt_id
      using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  insert into public.run_events (user_id, prompt_id, event_type, payload)
  select p.user_id, p.id, record_prompt_event.event_type, record_prompt_event.payload
  from public.prompts p where p.id = record_prompt_event.prompt_id
  returning id into event_id;
  return event_id;
end;
$$;

comment on function public.record_prompt_event(uuid, text, jsonb) is
  'Logs an improve event on one of the caller''s prompts; returns the event id.';

revoke execute on function public.record_prompt_event(uuid, text, jsonb) from public, anon;
grant execute on function public.record_prompt_event(uuid, text, jsonb) to authenticated;

create function public.log_prompt_version_improved()
returns trigger
language plpgsql
security invoker
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
  execute function public.log_prompt_version_improved();
