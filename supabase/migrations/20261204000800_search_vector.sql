-- prompts.search_vector (seed 000's full-text search): title (A), current version content (B),
-- catalog name (C) and tag names (D), kept right on every path that changes one of them: prompt
-- insert, title edit, new version, move to another catalog, catalog rename, tag attach/detach,
-- tag rename. Tags use the simple config: they are labels, not prose, so they are not stemmed.

create function private.build_prompt_search_vector(
  prompt_id uuid,
  prompt_title text,
  prompt_catalog_id uuid,
  prompt_version_id uuid
)
returns tsvector
language sql
stable
security invoker
set search_path = ''
as $$
  select
    setweight(to_tsvector('english', coalesce(prompt_title, '')), 'A')
    || setweight(to_tsvector('english', coalesce(
      (select v.content from public.prompt_versions v where v.id = prompt_version_id), '')), 'B')
    || setweight(to_tsvector('english', coalesce(
      (select c.name from public.catalogs c where c.id = prompt_catalog_id), '')), 'C')
    || setweight(to_tsvector('simple', coalesce(
      (select string_agg(t.name, ' ' order by t.name)
       from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
       where pt.prompt_id = build_prompt_search_vector.prompt_id), '')), 'D');
$$;

comment on function private.build_prompt_search_vector(uuid, text, uuid, uuid) is
  'The weighted tsvector of a prompt from its title, current version, catalog and tags.';
-- The triggers below run as the writer, and call it as the writer.
revoke all on function private.build_prompt_search_vector(uuid, text, uuid, uuid) from public, anon;
grant execute on function private.build_prompt_search_vector(uuid, text, uuid, uuid) to authenticated, service_role;

-- Prompt insert, title edit, catalog move and new version (current_version_id changes).
create function private.set_prompt_search_vector()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.search_vector := private.build_prompt_search_vector(
    new.id, new.title, new.catalog_id, new.current_version_id);
  return new;
end;
$$;

create trigger prompts_set_search_vector
  before insert or update of title, catalog_id, current_version_id on public.prompts
  for each row execute function private.set_prompt_search_vector();

-- The other paths rewrite only search_vector, which neither fires the trigger above nor
-- moves updated_at.
create function private.refresh_search_vector_on_catalog_rename()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.prompts p
  set search_vector = private.build_prompt_search_vector(p.id, p.title, p.catalog_id, p.current_version_id)
  where p.catalog_id = new.id;
  return null;
end;
$$;

create trigger catalogs_refresh_search_vector
  after update of name on public.catalogs
  for each row when (old.name is distinct from new.name)
  execute function private.refresh_search_vector_on_catalog_rename();

create function private.refresh_search_vector_on_tag_link()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  affected uuid[] := '{}'::uuid[];
begin
  if tg_op in ('INSERT', 'UPDATE') then
    affected := affected || new.prompt_id;
  end if;
  if tg_op in ('DELETE', 'UPDATE') then
    affected := affected || old.prompt_id;
  end if;
  update public.prompts p
  set search_vector = private.build_prompt_search_vector(p.id, p.title, p.catalog_id, p.current_version_id)
  where p.id = any (affected);
  return null;
end;
$$;

create trigger prompt_tags_refresh_search_vector
  after insert or update or delete on public.prompt_tags
  for each row execute function private.refresh_search_vector_on_tag_link();

create function private.refresh_search_vector_on_tag_rename()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.prompts p
  set search_vector = private.build_prompt_search_vector(p.id, p.title, p.catalog_id, p.current_version_id)
  where p.id in (select pt.prompt_id from public.prompt_tags pt where pt.tag_id = new.id);
  return null;
end;
$$;

create trigger tags_refresh_search_vector
  after update of name on public.tags
  for each row when (old.name is distinct from new.name)
  execute function private.refresh_search_vector_on_tag_rename();

-- Trigger functions need no execute privilege to fire: nobody calls them directly.
revoke all on function private.set_prompt_search_vector() from public, anon, authenticated;
revoke all on function private.refresh_search_vector_on_catalog_rename() from public, anon, authenticated;
revoke all on function private.refresh_search_vector_on_tag_link() from public, anon, authenticated;
revoke all on function private.refresh_search_vector_on_tag_rename() from public, anon, authenticated;
