-- Run lifecycle and KPI events: the allowed status transitions, the prompt's last-run pointer,
-- and run_events written for prompt deletions and version restores.

-- pending -> running | cancelled | error; running -> success | error | timeout | cancelled;
-- a final state is final. Entering running or a final state stamps started_at / completed_at
-- when the caller did not, so the API only has to set the status.
create function public.check_run_transition()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if new.status is distinct from old.status then
    if not (
      (old.status = 'pending' and new.status in ('running', 'cancelled', 'error'))
      or (old.status = 'running' and new.status in ('success', 'error', 'timeout', 'cancelled'))
    ) then
      raise exception 'a run cannot go from % to %', old.status, new.status
        using errcode = 'PL409', hint = 'invalid_run_transition';
    end if;
    if new.status = 'running' and new.started_at is null then
      new.started_at := now();
    end if;
    if new.status <> 'running' and new.completed_at is null then
      new.completed_at := now();
    end if;
  end if;
  return new;
end;
$$;

create trigger runs_check_transition before update on public.runs
  for each row execute function public.check_run_transition();

create function public.point_prompt_to_new_run()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.prompts set last_run_id = new.id where id = new.prompt_id;
  return null;
end;
$$;

create trigger runs_point_prompt after insert on public.runs
  for each row execute function public.point_prompt_to_new_run();

-- The prompt row is gone, so the event keeps its id and title in the payload.
create function public.log_prompt_deleted()
returns trigger
language plpgsql
security invoker
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
  for each row execute function public.log_prompt_deleted();

create function public.log_prompt_version_restored()
returns trigger
language plpgsql
security invoker
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
  execute function public.log_prompt_version_restored();
