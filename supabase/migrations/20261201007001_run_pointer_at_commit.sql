-- The prompt's last-run pointer is now set at commit instead of at the run's insert. The update
-- locks the prompt row until commit; set at the insert, that lock was held through the rest of
-- start_run (its event and log rows), and concurrent runs of one prompt queued on it: sampled
-- at 32 runs in flight, most active start_run calls were waiting on that lock. Deferred, the
-- lock lasts for the commit only. Tests that need the pointer inside their transaction say
-- `set constraints public.runs_point_prompt immediate`.
-- security definer: the pointer is moved for a run whose insert RLS has just admitted (its
-- prompt is the caller's), so checking the prompt's update policies again only cost time.

create or replace function public.point_prompt_to_new_run()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- By commit time the run may be gone again (deleted in the same transaction).
  update public.prompts p set last_run_id = new.id
  where p.id = new.prompt_id and exists (select 1 from public.runs r where r.id = new.id);
  return null;
end;
$$;
revoke execute on function public.point_prompt_to_new_run() from public, anon, authenticated;

drop trigger runs_point_prompt on public.runs;
create constraint trigger runs_point_prompt after insert on public.runs
  deferrable initially deferred
  for each row execute function public.point_prompt_to_new_run();
