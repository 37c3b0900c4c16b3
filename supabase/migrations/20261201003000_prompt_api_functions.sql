-- Library API functions: creating a prompt with its first version and tags in one statement,
-- and a prompt's full picture (current version, tags, last run) in one query. Both run as the
-- caller, so RLS decides what they reach; a row the caller cannot see is "not found".
-- Coded errors: SQLSTATE PLnnn maps to HTTP nnn in the API, the hint is the machine code.

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
      from public.runs r where r.id = p.last_run_id))
  from public.prompts p
  where p.id = prompt_detail.prompt_id;
$$;

comment on function public.prompt_detail(uuid) is
  'A prompt with its catalog, current version, tags and last run as JSON; null when not visible.';
