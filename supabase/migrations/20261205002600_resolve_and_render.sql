-- Fetch and render (issue 19): a prompt by the caller's name for it and a label (latest, the
-- default, is the current version; or a version number), compiled: content or messages, typed
-- variables, model settings, response format, version number and an ETag (the version's id and
-- the label, so moving the label changes it). Rendering checks the variables like a run does (a
-- 422 per variable) and calls no model. Only the caller's own prompts: another user's names
-- (and ids) are a 404.

create function private.resolve_version(
  p_prompt_id uuid,
  p_name text,
  p_label text,
  p_version integer
)
returns table (prompt public.prompts, version public.prompt_versions, label text)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  found_prompt public.prompts;
  found_version public.prompt_versions;
  version_id uuid;
begin
  select p.* into found_prompt from public.prompts p
  where p.user_id = (select auth.uid())
    and ((p_prompt_id is not null and p.id = p_prompt_id)
      or (p_prompt_id is null and p.name = p_name));
  if found_prompt.id is null then
    raise exception '%', case when p_prompt_id is not null then format('prompt %s not found', p_prompt_id)
        else 'no prompt of yours has this name' end
      using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  if p_version is not null then
    select v.id into version_id from public.prompt_versions v
    where v.prompt_id = found_prompt.id and v.version_number = p_version;
    if version_id is null then
      raise exception 'no version % of this prompt', p_version
        using errcode = 'PL404', hint = 'version_not_found';
    end if;
  elsif coalesce(p_label, 'latest') = 'latest' then
    version_id := found_prompt.current_version_id;
  else
    select l.version_id into version_id from public.prompt_labels l
    where l.prompt_id = found_prompt.id and l.label = p_label;
    if version_id is null then
      raise exception 'this prompt has no label %', p_label
        using errcode = 'PL404', hint = 'label_not_found',
          detail = '{"fields":[{"field":"label","message":"no such label on this prompt"}]}';
    end if;
  end if;
  select v.* into found_version from public.prompt_versions v where v.id = version_id;
  if found_version.id is null then
    raise exception 'this prompt has no version yet' using errcode = 'PL422', hint = 'no_version';
  end if;
  return query select found_prompt, found_version,
    case when p_version is null then coalesce(p_label, 'latest') end;
end;
$$;
comment on function private.resolve_version(uuid, text, text, integer) is
  'The caller''s prompt (by id or name) and the version a label (latest by default) or number names; raises PL404 naming what is missing.';
revoke all on function private.resolve_version(uuid, text, text, integer) from public, anon, authenticated;

create function public.fetch_prompt(
  p_name text default null,
  p_label text default 'latest',
  p_version integer default null,
  p_prompt_id uuid default null
)
returns jsonb
language sql
stable
-- security definer: it calls resolve_version, which finds only the caller's (auth.uid()) prompts.
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', (r.prompt).id,
    'name', (r.prompt).name,
    'title', (r.prompt).title,
    'description', (r.prompt).description,
    'label', r.label,
    'version_id', (r.version).id,
    'version_number', (r.version).version_number,
    'type', case when (r.version).messages is null then 'text' else 'chat' end,
    'content', case when (r.version).messages is null then (r.version).content end,
    'messages', (r.version).messages,
    'variables', (r.version).variables,
    'model_config', (r.version).model_config,
    'response_format', (r.version).response_format,
    'etag', '"' || (r.version).id || coalesce(':' || r.label, '') || '"')
  from private.resolve_version(p_prompt_id, p_name, p_label, p_version) r;
$$;
comment on function public.fetch_prompt(text, text, integer, uuid) is
  'The caller''s prompt by name (or id) at a label (latest by default) or version number, compiled for an app, with an ETag.';

create function public.render_prompt(
  p_variables jsonb default '{}',
  p_name text default null,
  p_label text default 'latest',
  p_version integer default null,
  p_prompt_id uuid default null
)
returns jsonb
language plpgsql
stable
-- security definer: the renderers are private; resolve_version finds only the caller's prompts.
security definer
set search_path = ''
as $$
declare
  r record;
  out_text text;
  out_messages jsonb;
  used jsonb;
begin
  select * into r from private.resolve_version(p_prompt_id, p_name, p_label, p_version);
  if (r.version).messages is not null then
    select m.rendered, m.used into out_messages, used
    from private.render_messages((r.version).messages, (r.version).variables, p_variables) m;
  else
    select t.rendered, t.used into out_text, used
    from private.render_prompt((r.version).content, (r.version).variables, p_variables) t;
  end if;
  return jsonb_build_object(
    'id', (r.prompt).id,
    'name', (r.prompt).name,
    'label', r.label,
    'version_id', (r.version).id,
    'version_number', (r.version).version_number,
    'type', case when out_messages is null then 'text' else 'chat' end,
    'text', out_text,
    'messages', out_messages,
    'variables', used,
    'model_config', (r.version).model_config,
    'response_format', (r.version).response_format);
end;
$$;
comment on function public.render_prompt(jsonb, text, text, integer, uuid) is
  'The caller''s prompt rendered with their values (checked like a run, PL422 per variable); no model call, no quota.';

revoke execute on function public.fetch_prompt(text, text, integer, uuid) from public, anon;
grant execute on function public.fetch_prompt(text, text, integer, uuid) to authenticated, service_role;
revoke execute on function public.render_prompt(jsonb, text, text, integer, uuid) from public, anon;
grant execute on function public.render_prompt(jsonb, text, text, integer, uuid) to authenticated, service_role;

-- The prompt page shows the name and the labels (20261204002300's prompt_detail plus two keys).
create or replace function public.prompt_detail(prompt_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'id', p.id,
    'name', p.name,
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
    'labels', coalesce((select jsonb_agg(jsonb_build_object('label', l.label,
        'version_id', l.version_id, 'version_number', v.version_number, 'updated_at', l.updated_at)
        order by l.label)
      from public.prompt_labels l join public.prompt_versions v on v.id = l.version_id
      where l.prompt_id = p.id), '[]'::jsonb),
    'last_run', (select jsonb_build_object(
        'id', r.id,
        'status', r.status,
        'model', r.model,
        'latency_ms', r.latency_ms,
        'token_usage', r.token_usage,
        'error_message', r.error_message,
        'created_at', r.created_at,
        'completed_at', r.completed_at)
      from public.runs r where r.id = (select public.last_run_id(p))))
  from public.prompts p
  where p.id = prompt_detail.prompt_id;
$$;
