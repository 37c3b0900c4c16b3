-- Reading and sharing one prompt (issue 15). A shared prompt's page by id (public) or by slug
-- (public or unlisted) is a function that checks exactly that, because an unlisted prompt is
-- readable through its link and nothing else. Sharing settings and rotating a link are the
-- owner's calls, forking a reader's; each checks who may.

-- A shared prompt as its readers see it, with the version history when its owner shares it,
-- and the caller's own like and favorite. Only called by the two functions below, which decide
-- whether the caller may read it.
-- security definer: the version history lives in prompt_versions, which only the owner reads.
create function private.shared_prompt_json(p_prompt_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'id', s.prompt_id,
    'title', s.title,
    'description', s.description,
    'visibility', s.visibility,
    'category_id', s.category_id,
    'category', (select g.name from public.gallery_categories g where g.id = s.category_id),
    'tags', to_jsonb(s.tags),
    'author_name', s.author_name,
    'is_owner', s.user_id = (select auth.uid()),
    'version', jsonb_build_object('id', s.version_id, 'version_number', s.version_number,
      'content', s.content, 'variables', s.variables, 'model_config', s.model_config),
    'likes_count', s.likes_count,
    'uses_count', s.uses_count,
    'forks_count', s.forks_count,
    'liked', exists (select 1 from public.prompt_likes l
      where l.prompt_id = s.prompt_id and l.user_id = (select auth.uid())),
    'favorited', exists (select 1 from public.prompt_favorites f
      where f.prompt_id = s.prompt_id and f.user_id = (select auth.uid())),
    'published_at', s.published_at,
    'updated_at', s.updated_at,
    'history', case when s.show_history then coalesce((
      select jsonb_agg(jsonb_build_object('version_number', h.version_number,
        'summary', h.summary, 'content', h.content, 'variables', h.variables,
        'model_config', h.model_config, 'created_at', h.created_at)
        order by h.version_number desc)
      from (select v.* from public.prompt_versions v where v.prompt_id = s.prompt_id
        order by v.version_number desc limit 50) h), '[]') end)
  from public.shared_prompts s
  where s.prompt_id = p_prompt_id;
$$;
comment on function private.shared_prompt_json(uuid) is
  'A shared prompt''s reader view as JSON (current version, optional history, the caller''s like and favorite).';
revoke all on function private.shared_prompt_json(uuid) from public, anon, authenticated;

-- A public prompt by id (its owner sees theirs whatever the visibility); null otherwise.
-- security definer: for shared_prompt_json's history; it returns only what RLS would list.
create function public.gallery_prompt(p_prompt_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select private.shared_prompt_json(s.prompt_id)
  from public.shared_prompts s
  where s.prompt_id = p_prompt_id
    and (s.visibility = 'public' or s.user_id = (select auth.uid()));
$$;
comment on function public.gallery_prompt(uuid) is 'A public prompt''s reader view by id; null when it is not public.';

-- A shared prompt by its link: public or unlisted; null for a private prompt or a rotated slug.
-- security definer: unlisted rows are readable through their slug and nothing else.
create function public.shared_prompt(p_slug text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select private.shared_prompt_json(s.prompt_id)
  from public.shared_prompts s
  where s.slug = p_slug and s.visibility in ('public', 'unlisted');
$$;
comment on function public.shared_prompt(text) is 'A public or unlisted prompt''s reader view by share-link slug; null otherwise.';

-- The owner's view of a prompt's sharing: visibility, category, history flag, link and counts.
create function public.prompt_sharing(p_prompt_id uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'prompt_id', p.id,
    'visibility', p.visibility,
    'category_id', p.gallery_category_id,
    'show_history', p.share_history,
    'slug', case when p.visibility <> 'private' then s.slug end,
    'likes_count', coalesce(s.likes_count, 0),
    'uses_count', coalesce(s.uses_count, 0),
    'forks_count', coalesce(s.forks_count, 0),
    'published_at', s.published_at)
  from public.prompts p
  left join public.shared_prompts s on s.prompt_id = p.id
  where p.id = p_prompt_id and p.user_id = (select auth.uid());
$$;
comment on function public.prompt_sharing(uuid) is 'The caller''s sharing settings, link and counters for one of their prompts; null if not theirs.';

-- Changes how one of the caller's prompts is shared; null arguments keep the current value.
-- Publishing (public) needs a category; an unknown or retired category is refused.
create function public.set_prompt_sharing(
  p_prompt_id uuid,
  p_visibility public.prompt_visibility default null,
  p_category_id text default null,
  p_show_history boolean default null
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  current_category text;
begin
  select p.gallery_category_id into current_category
  from public.prompts p where p.id = p_prompt_id and p.user_id = (select auth.uid())
  for update;
  if not found then
    raise exception 'prompt % not found', p_prompt_id using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  if p_category_id is not null and not exists (
    select 1 from public.gallery_categories g where g.id = p_category_id and g.is_active
  ) then
    raise exception 'unknown category %', p_category_id
      using errcode = 'PL422', hint = 'unknown_category',
        detail = '{"fields":[{"field":"category_id","message":"no such category"}]}';
  end if;
  if p_visibility = 'public' and coalesce(p_category_id, current_category) is null then
    raise exception 'publishing to the gallery needs a category'
      using errcode = 'PL422', hint = 'category_required',
        detail = '{"fields":[{"field":"category_id","message":"choose a category to publish"}]}';
  end if;
  update public.prompts p set
    visibility = coalesce(p_visibility, p.visibility),
    gallery_category_id = coalesce(p_category_id, p.gallery_category_id),
    share_history = coalesce(p_show_history, p.share_history)
  where p.id = p_prompt_id;
  return public.prompt_sharing(p_prompt_id);
end;
$$;
comment on function public.set_prompt_sharing(uuid, public.prompt_visibility, text, boolean) is
  'Sets a prompt''s visibility, gallery category and history flag (the caller''s prompts only); returns prompt_sharing.';

-- A new share link: the old slug stops working at once.
-- security definer: the owner cannot write shared_prompts.
create function public.rotate_share_link(p_prompt_id uuid)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  update public.shared_prompts s set slug = private.new_share_slug(), updated_at = now()
  where s.prompt_id = p_prompt_id and s.user_id = (select auth.uid()) and s.visibility <> 'private';
  if not found then
    if exists (select 1 from public.prompts p
        where p.id = p_prompt_id and p.user_id = (select auth.uid())) then
      raise exception 'a private prompt has no share link'
        using errcode = 'PL409', hint = 'prompt_not_shared';
    end if;
    raise exception 'prompt % not found', p_prompt_id using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  return public.prompt_sharing(p_prompt_id);
end;
$$;
comment on function public.rotate_share_link(uuid) is 'Gives one of the caller''s shared prompts a new link; the old one becomes a 404.';

-- Copies a public prompt (by id) or a public or unlisted one (by its link) into the caller's
-- library as a new prompt with its lineage: title, goal, current content, variables, model
-- settings and tags. No quota: it calls no model. Someone else's fork counts as a fork and a use.
-- security definer: the source's snapshot of an unlisted prompt is readable only through its link,
-- and the counters are SQL's alone. The copy is created as the caller (create_prompt, auth.uid()).
create function public.fork_prompt(
  p_prompt_id uuid default null,
  p_slug text default null,
  p_catalog_id uuid default null,
  p_title text default null
)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  src public.shared_prompts;
  new_id uuid;
begin
  if caller is null then
    raise exception 'sign in to fork a prompt' using errcode = 'PL401', hint = 'not_authenticated';
  end if;
  select s.* into src from public.shared_prompts s
  where (p_slug is not null and s.slug = p_slug and s.visibility in ('public', 'unlisted'))
     or (p_slug is null and s.prompt_id = p_prompt_id and s.visibility = 'public');
  if src.prompt_id is null or src.version_id is null then
    raise exception 'shared prompt not found' using errcode = 'PL404', hint = 'prompt_not_found';
  end if;

  new_id := public.create_prompt(
    title => coalesce(nullif(btrim(p_title), ''), src.title),
    content => src.content,
    description => src.description,
    catalog_id => p_catalog_id,
    variables => src.variables,
    model_config => src.model_config,
    summary => left(format('Forked from "%s" v%s by %s', src.title, src.version_number,
      src.author_name), 1000),
    tags => src.tags,
    source => 'fork',
    -- a chat prompt's messages and response format, from the version the snapshot shows
    messages => (select v.messages from public.prompt_versions v where v.id = src.version_id),
    response_format => (select v.response_format from public.prompt_versions v
      where v.id = src.version_id));
  insert into public.prompt_forks (prompt_id, user_id, source_prompt_id, source_version_id,
    source_version_number, source_title)
  values (new_id, caller, src.prompt_id, src.version_id, src.version_number, src.title);

  if src.user_id <> caller then
    update public.shared_prompts s
    set forks_count = s.forks_count + 1, uses_count = s.uses_count + 1
    where s.prompt_id = src.prompt_id;
  end if;
  return new_id;
end;
$$;
comment on function public.fork_prompt(uuid, text, uuid, text) is
  'Copies a public prompt (by id) or a shared one (by slug) into the caller''s library with its lineage; returns the new prompt''s id.';

-- Reading a shared prompt is public; the rest needs a signed-in user.
revoke execute on function public.gallery_prompt(uuid) from public;
grant execute on function public.gallery_prompt(uuid) to anon, authenticated, service_role;
revoke execute on function public.shared_prompt(text) from public;
grant execute on function public.shared_prompt(text) to anon, authenticated, service_role;
revoke execute on function public.prompt_sharing(uuid) from public, anon;
grant execute on function public.prompt_sharing(uuid) to authenticated, service_role;
revoke execute on function public.set_prompt_sharing(uuid, public.prompt_visibility, text, boolean) from public, anon;
grant execute on function public.set_prompt_sharing(uuid, public.prompt_visibility, text, boolean) to authenticated, service_role;
revoke execute on function public.rotate_share_link(uuid) from public, anon;
grant execute on function public.rotate_share_link(uuid) to authenticated, service_role;
revoke execute on function public.fork_prompt(uuid, text, uuid, text) from public, anon;
grant execute on function public.fork_prompt(uuid, text, uuid, text) to authenticated, service_role;
