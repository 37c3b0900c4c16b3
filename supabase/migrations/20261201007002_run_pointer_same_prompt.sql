-- prompts.last_run_id references a run of the same prompt, declared as a composite foreign key
-- (id, last_run_id) -> runs (prompt_id, id) instead of being checked by the pointers trigger.
-- Why: the single-column key needed an index on last_run_id (for ON DELETE SET NULL lookups),
-- and an indexed column made every run's pointer update a non-HOT update of the prompt row,
-- writing new entries into all eight of its indexes, both GIN indexes included. The composite
-- key's lookups go through the prompts primary key, so the index goes and the pointer update
-- becomes a heap-only (HOT) update; fillfactor leaves room on each page for those.

alter table public.runs add constraint runs_prompt_id_id_key unique (prompt_id, id);

alter table public.prompts drop constraint prompts_last_run_id_fkey;
drop index public.prompts_last_run_idx;
alter table public.prompts
  add constraint prompts_last_run_id_fkey foreign key (id, last_run_id)
  references public.runs (prompt_id, id) on delete set null (last_run_id);
alter table public.prompts set (fillfactor = 90);

-- The trigger keeps checking current_version_id; last_run_id is the key's job now.
create or replace function public.check_prompt_pointers()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if new.current_version_id is not null and not exists (
    select 1 from public.prompt_versions v where v.id = new.current_version_id and v.prompt_id = new.id
  ) then
    raise exception 'version % is not a version of prompt %', new.current_version_id, new.id
      using errcode = 'PL422', hint = 'version_not_in_prompt';
  end if;
  return new;
end;
$$;

drop trigger prompts_check_pointers on public.prompts;
create trigger prompts_check_pointers
  before insert or update of current_version_id on public.prompts
  for each row execute function public.check_prompt_pointers();
