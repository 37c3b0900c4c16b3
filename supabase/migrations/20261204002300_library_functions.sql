-- The library's API functions: restoring an old version as a new one, replacing a prompt's tag
-- set by names, creating a prompt with its first version and tags in one statement, a version
-- as the API shows it, a prompt's last run (a computed field), and a prompt's full picture in one
-- query. All run as the caller, so RLS decides what they reach; a row the caller cannot see is
-- "not found".
-- Coded errors: SQLSTATE PLnnn maps to HTTP nnn in the API, the hint is the machine code.

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

-- A prompt, its version 1 and its tags, all or nothing. The catalog is checked up front so a
-- catalog that is not the caller's is a clear "catalog not found" rather than an RLS refusal.
create function public.create_prompt(
  title text,
  content text,
  description text default null,
  catalog_id uuid default null,
  status public.prompt_status default 'draft',
  visibility public.prompt_visibility default 'private',
  variables jsonb default '[]'::jsonb,
  model_config jsonb default '{}'::jsonb,
  summary text default null,
  tags text[] default '{}'::text[],
  source public.prompt_version_source default 'manual'
)
returns uuid
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  new_id uuid;
begin
  if caller is null then
    raise exception 'sign in to create a prompt' using errcode = 'PL401', hint = 'not_authenticated';
  end if;
  if create_prompt.source = 'restore' then
    raise exception 'a first version cannot be a restore'
      using errcode = 'PL422', hint = 'invalid_source';
  end if;
  if create_prompt.catalog_id is not null and not exists (
    select 1 from public.catalogs c where c.id = create_prompt.catalog_id and c.user_id = caller
  ) then
    raise exception 'catalog % not found', create_prompt.catalog_id
      using errcode = 'PL404', hint = 'catalog_not_found';
  end if;

  insert into public.prompts (user_id, catalog_id, title, description, status, published_at, visibility)
  values (
    caller, create_prompt.catalog_id, create_prompt.title, create_prompt.description,
    coalesce(create_prompt.status, 'draft'),
    case when create_prompt.status = 'published' then now() end,
    coalesce(create_prompt.visibility, 'private'))
  returning id into new_id;

  insert into public.prompt_versions (prompt_id, user_id, content, variables, model_config, summary, source, created_by)
  values (
    new_id, caller, create_prompt.content, coalesce(create_prompt.variables, '[]'::jsonb),
    coalesce(create_prompt.model_config, '{}'::jsonb), create_prompt.summary,
    coalesce(create_prompt.source, 'manual'), caller);

  if cardinality(coalesce(create_prompt.tags, '{}'::text[])) > 0 then
    perform public.set_prompt_tags(new_id, create_prompt.tags);
  end if;
  return new_id;
end;
$$;

comment on function public.create_prompt(text, text, text, uuid, public.prompt_status, public.prompt_visibility, jsonb, jsonb, text, text[], public.prompt_version_source) is
  'Creates a prompt with its first version and tags in one transaction; returns its id.';

-- A version as the API shows it (no owner columns: the caller is the owner).
create function public.prompt_version_json(v public.prompt_versions)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'id', v.id,
    'prompt_id', v.prompt_id,
    'version_number', v.version_number,
    'title', v.title,
    'content', v.content,
    'summary', v.summary,
    'variables', v.variables,
    'model_config', v.model_config,
    'source', v.source,
    'restored_from_version', v.restored_from_version,
    'created_at', v.created_at);
$$;

comment on function public.prompt_version_json(public.prompt_versions) is
  'The API''s JSON for a prompt version.';

-- A prompt's last run, as the computed field prompts.last_run_id (PostgREST treats a function of
-- a table's row type as one: `select=id,last_run_id` on prompts; in SQL public.last_run_id(p), or
-- p.last_run_id with public on the search path). Read from runs rather than stored on the prompt:
-- a stored pointer is one update of the prompt's row per run, on which runs of one prompt queue.
-- The derived value also follows deletions (deleting the newest run makes the one before it the
-- last run) and RLS (never a run the caller may not see).
-- A run of the prompt, not an improvement suggested for it. Newest by created_at
-- (runs_prompt_created_idx); runs made in one transaction share it, and the id breaks that tie
-- so the answer does not change between calls.
create function public.last_run_id(p public.prompts)
returns uuid
language sql
stable
security invoker
set search_path = ''
as $$
  select r.id
  from public.runs r
  where r.prompt_id = p.id and r.kind = 'prompt'
  order by r.created_at desc, r.id desc
  limit 1;
$$;

comment on function public.last_run_id(public.prompts) is
  'Computed field prompts.last_run_id: the prompt''s newest run the caller can see, or null.';

-- Everything a prompt page shows, in one query: null when the caller cannot see the prompt.
create function public.prompt_detail(prompt_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p.id,
    'title', p.title,
    'description', p.description,
    'catalog_id', p.catalog_id,
    'catalog', (select jsonb_build_object('id', c.id, 'name', c.name)
      from public.catalogs c where c.id = p.catalog_id),
    'status', p.status,
    'published_at', p.published_at,
    'visibility', p.visibility,
    'created_at', p.created_at,
    'updated_at', p.updated_at,
    'version_count', (select count(*)::int from public.prompt_versions v where v.prompt_id = p.id),
    'current_version', (select public.prompt_version_json(v)
      from public.prompt_versions v where v.id = p.current_version_id),
    'tags', coalesce((select jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by lower(t.name))
      from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
      where pt.prompt_id = p.id), '[]'::jsonb),
    'last_run', (select jsonb_build_object(
        'id', r.id,
        'status', r.status,
        'model', r.model,
        'latency_ms', r.latency_ms,
        'token_usage', r.token_usage,
        'error_message', r.error_message,
        'created_at', r.created_at,
        'completed_at', r.completed_at)
      -- (select …): the id is found first, then the run by its key. As a bare call in the
      -- condition, the planner may instead test it against each of the user's runs.
      from public.runs r where r.id = (select public.last_run_id(p))))
  from public.prompts p
  where p.id = prompt_detail.prompt_id;
$$;

comment on function public.prompt_detail(uuid) is
  'A prompt with its catalog, current version, tags and last run as JSON; null when not visible.';

-- The library is the signed-in owner's: anon executes none of these (PostgreSQL gives every new
-- function to PUBLIC, and the Data API would offer them to anon as RPCs).
revoke execute on function public.restore_prompt_version(uuid) from public, anon;
revoke execute on function public.set_prompt_tags(uuid, text[]) from public, anon;
revoke execute on function public.create_prompt(text, text, text, uuid, public.prompt_status, public.prompt_visibility, jsonb, jsonb, text, text[], public.prompt_version_source) from public, anon;
revoke execute on function public.prompt_version_json(public.prompt_versions) from public, anon;
revoke execute on function public.last_run_id(public.prompts) from public, anon;
revoke execute on function public.prompt_detail(uuid) from public, anon;
