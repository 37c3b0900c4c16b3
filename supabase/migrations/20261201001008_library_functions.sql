-- Library operations that are more than one statement: restoring an old version as a new one,
-- and replacing a prompt's tag set by names. Both run as the caller, so RLS decides what they
-- can reach; a row the caller cannot see is "not found".

-- Restoring never rewrites history: it adds a new version copying the old one's content,
-- variables and model settings, which becomes current (and logs a 'restore' event).
create function public.restore_prompt_version(version_id uuid)
returns public.prompt_versions
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  original public.prompt_versions;
  restored public.prompt_versions;
begin
  select * into original from public.prompt_versions v where v.id = restore_prompt_version.version_id;
  if not found then
    raise exception 'version % not found', restore_prompt_version.version_id
      using errcode = 'PL404', hint = 'version_not_found';
  end if;

  -- title is left to the numbering trigger: the prompt's current title.
  insert into public.prompt_versions
    (prompt_id, user_id, content, variables, model_config, summary, source, restored_from_version, created_by)
  values (
    original.prompt_id, original.user_id, original.content, original.variables, original.model_config,
    format('Restored from version %s', original.version_number), 'restore', original.version_number,
    coalesce(auth.uid(), original.user_id))
  returning * into restored;
  return restored;
end;
$$;

comment on function public.restore_prompt_version(uuid) is
  'Adds a new current version that copies the given one; returns the new version.';

-- Names are trimmed and matched ignoring case: an existing tag keeps its spelling, a new one is
-- created as first written. Blank names are ignored; an empty list removes every tag.
create function public.set_prompt_tags(prompt_id uuid, names text[])
returns setof public.tags
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  owner_id uuid;
  wanted text[];
begin
  select p.user_id into owner_id from public.prompts p where p.id = set_prompt_tags.prompt_id;
  if not found then
    raise exception 'prompt % not found', set_prompt_tags.prompt_id
      using errcode = 'PL404', hint = 'prompt_not_found';
  end if;

  select coalesce(array_agg(d.name order by d.ord), '{}') into wanted
  from (
    select distinct on (lower(btrim(x.name))) btrim(x.name) as name, x.ord
    from unnest(coalesce(set_prompt_tags.names, '{}')) with ordinality as x (name, ord)
    where btrim(coalesce(x.name, '')) <> ''
    order by lower(btrim(x.name)), x.ord
  ) d;

  if exists (select 1 from unnest(wanted) as w (name) where char_length(w.name) > 50) then
    raise exception 'tag names have at most 50 characters'
      using errcode = 'PL400', hint = 'invalid_tag_name';
  end if;
  if cardinality(wanted) > 50 then
    raise exception 'a prompt has at most 50 tags' using errcode = 'PL400', hint = 'too_many_tags';
  end if;

  insert into public.tags (user_id, name)
  select owner_id, w.name from unnest(wanted) as w (name)
  on conflict (user_id, lower(name)) do nothing;

  delete from public.prompt_tags pt
  where pt.prompt_id = set_prompt_tags.prompt_id
    and not exists (
      select 1 from public.tags t
      where t.id = pt.tag_id and lower(t.name) in (select lower(w.name) from unnest(wanted) as w (name)));

  insert into public.prompt_tags (prompt_id, tag_id, user_id)
  select set_prompt_tags.prompt_id, t.id, owner_id
  from public.tags t
  where t.user_id = owner_id and lower(t.name) in (select lower(w.name) from unnest(wanted) as w (name))
  on conflict on constraint prompt_tags_pkey do nothing;

  return query
  select t.* from public.tags t
  where t.user_id = owner_id and lower(t.name) in (select lower(w.name) from unnest(wanted) as w (name))
  order by lower(t.name);
end;
$$;

comment on function public.set_prompt_tags(uuid, text[]) is
  'Replaces a prompt''s tags by names (created if missing, matched ignoring case); returns them.';
