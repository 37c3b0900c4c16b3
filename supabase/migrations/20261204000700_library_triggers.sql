-- Library triggers: updated_at, version numbering and immutability, the current-version
-- pointer and its integrity, and the prompt_tags ownership guard. All run as the caller, so
-- RLS still applies to what they read and write.
-- Coded errors: SQLSTATE PLnnn maps to HTTP nnn in the API, the hint is the machine code.

create trigger catalogs_set_updated_at before update on public.catalogs
  for each row execute function private.set_updated_at();

-- Only edits of the prompt itself count: search-vector upkeep (catalog or tag renames) leaves
-- updated_at alone, a new version (current_version_id) moves it.
create trigger prompts_set_updated_at
  before update of catalog_id, title, description, status, published_at, visibility, current_version_id
  on public.prompts
  for each row execute function private.set_updated_at();

-- The current version may only be one of this prompt's own versions (its foreign key would
-- accept any prompt's).
create function private.check_prompt_pointers()
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

create trigger prompts_check_pointers
  before insert or update of current_version_id on public.prompts
  for each row execute function private.check_prompt_pointers();

-- Numbers a new version 1, 2, 3, ... within its prompt and fills its title from the prompt.
create function private.number_prompt_version()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  owner_id uuid;
  prompt_title text;
begin
  -- Locking the prompt row serialises concurrent inserts into one prompt, so max() + 1 is
  -- unique: the second insert waits here and then sees the first one's committed version.
  select p.user_id, p.title into owner_id, prompt_title
  from public.prompts p where p.id = new.prompt_id
  for update;
  if not found then
    raise exception 'prompt % not found', new.prompt_id
      using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  if new.user_id is distinct from owner_id then
    raise exception 'a version must belong to the owner of its prompt'
      using errcode = 'PL403', hint = 'prompt_owner_mismatch';
  end if;

  select coalesce(max(v.version_number), 0) + 1 into new.version_number
  from public.prompt_versions v where v.prompt_id = new.prompt_id;
  new.title := coalesce(new.title, prompt_title);
  return new;
end;
$$;

create trigger prompt_versions_number before insert on public.prompt_versions
  for each row execute function private.number_prompt_version();

create function private.reject_prompt_version_update()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  raise exception 'prompt versions are immutable; save a new version instead'
    using errcode = 'PL409', hint = 'version_immutable';
end;
$$;

create trigger prompt_versions_immutable before update on public.prompt_versions
  for each row execute function private.reject_prompt_version_update();

-- A direct delete may not remove the version a prompt currently shows (restore another one
-- first). Deleting the prompt, its catalog or the user removes every version: those deletes
-- arrive through a foreign-key cascade, one trigger level deeper, and pass.
create function private.protect_current_prompt_version()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if pg_trigger_depth() = 1
    and exists (select 1 from public.prompts p where p.current_version_id = old.id) then
    raise exception 'version % is the current version of its prompt', old.id
      using errcode = 'PL409', hint = 'current_version_protected';
  end if;
  return old;
end;
$$;

create trigger prompt_versions_protect_current before delete on public.prompt_versions
  for each row execute function private.protect_current_prompt_version();

-- The newest version becomes the prompt's current one (which also moves prompts.updated_at
-- and refreshes its search vector through the prompts triggers).
create function private.point_prompt_to_new_version()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.prompts set current_version_id = new.id where id = new.prompt_id;
  return null;
end;
$$;

create trigger prompt_versions_point_prompt after insert on public.prompt_versions
  for each row execute function private.point_prompt_to_new_version();

-- A link's owner must own both the prompt and the tag: nobody can tag another user's prompt
-- or put another user's tag on their own prompt. Rows the caller cannot see count as not theirs.
create function private.guard_prompt_tag_owner()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  prompt_owner uuid;
  tag_owner uuid;
begin
  select p.user_id into prompt_owner from public.prompts p where p.id = new.prompt_id;
  select t.user_id into tag_owner from public.tags t where t.id = new.tag_id;
  if prompt_owner is distinct from new.user_id or tag_owner is distinct from new.user_id then
    raise exception 'prompt, tag and link must belong to the same user'
      using errcode = 'PL403', hint = 'tag_owner_mismatch';
  end if;
  return new;
end;
$$;

create trigger prompt_tags_guard_owner before insert or update on public.prompt_tags
  for each row execute function private.guard_prompt_tag_owner();

-- Trigger functions need no execute privilege to fire: nobody calls them directly.
revoke all on function private.check_prompt_pointers() from public, anon, authenticated;
revoke all on function private.number_prompt_version() from public, anon, authenticated;
revoke all on function private.reject_prompt_version_update() from public, anon, authenticated;
revoke all on function private.protect_current_prompt_version() from public, anon, authenticated;
revoke all on function private.point_prompt_to_new_version() from public, anon, authenticated;
revoke all on function private.guard_prompt_tag_owner() from public, anon, authenticated;
