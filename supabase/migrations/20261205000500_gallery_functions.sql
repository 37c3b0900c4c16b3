-- The gallery and the sharing calls (issue 15; seed 001's get_popular_templates and template
-- search). Lists and search run as the caller, so RLS alone decides what is listed: public
-- prompts, for anon too. A shared prompt's page by id (public) or by slug (public or unlisted)
-- is a function that checks exactly that, because an unlisted prompt is readable through its
-- link and nothing else. Forking, sharing settings and rotating a link are the owner's or the
-- reader's calls, checked here.

-- A gallery card: what lists show. next_cursor is set on the last row of a full page.
create type public.gallery_card as (
  id uuid,
  title text,
  description text,
  category_id text,
  tags text[],
  author_name text,
  likes_count integer,
  uses_count integer,
  forks_count integer,
  version_number integer,
  excerpt text,
  published_at timestamptz,
  rank real,
  next_cursor text
);

-- Seed 001's get_popular_templates: public prompts by likes, then uses, in one category or all.
create function public.get_popular_templates(
  limit_count integer default 10,
  category_filter text default null
)
returns setof public.gallery_card
language sql
stable
security invoker
set search_path = ''
as $$
  select s.prompt_id, s.title, s.description, s.category_id, s.tags, s.author_name,
    s.likes_count, s.uses_count, s.forks_count, s.version_number, left(s.content, 240),
    s.published_at, null::real, null::text
  from public.shared_prompts s
  where s.visibility = 'public'
    and (category_filter is null or s.category_id = category_filter)
  order by s.likes_count desc, s.uses_count desc, s.prompt_id
  limit least(greatest(coalesce(limit_count, 10), 1), 100);
$$;
comment on function public.get_popular_templates(integer, text) is
  'The most liked (then most used) public prompts, optionally in one category.';

-- The gallery: browse by popular or newest, or search (title, goal, tags, content; ranked),
-- in one category or all, a page at a time (keyset: the cursor is the last row's sort key).
create function public.search_gallery(
  query text default null,
  category text default null,
  sort text default 'popular',
  result_limit integer default 20,
  cursor text default null
)
returns setof public.gallery_card
language plpgsql
stable
security invoker
set search_path = ''
set pg_trgm.word_similarity_threshold = '0.5'
as $$
declare
  search_text text := nullif(btrim(coalesce(search_gallery.query, '')), '');
  last_word text;
  ts_query tsquery;
  c1 numeric;
  c2 numeric;
  c_at timestamptz;
  c_id uuid;
begin
  if char_length(search_text) > 200 then
    raise exception 'the search query must have at most 200 characters'
      using errcode = 'PL400', hint = 'invalid_query';
  end if;
  if search_gallery.sort is null or search_gallery.sort not in ('popular', 'newest') then
    raise exception 'sort must be popular or newest' using errcode = 'PL400', hint = 'invalid_sort';
  end if;
  if search_gallery.result_limit is null or search_gallery.result_limit not between 1 and 100 then
    raise exception 'result_limit must be between 1 and 100'
      using errcode = 'PL400', hint = 'invalid_limit';
  end if;
  if search_gallery.category is not null and not exists (
    select 1 from public.gallery_categories g where g.id = search_gallery.category
  ) then
    raise exception 'unknown category %', search_gallery.category
      using errcode = 'PL422', hint = 'unknown_category',
        detail = '{"fields":[{"field":"category","message":"no such category"}]}';
  end if;
  if search_gallery.cursor is not null then
    begin
      if search_text is not null then
        c1 := split_part(search_gallery.cursor, '~', 1)::numeric;
      elsif search_gallery.sort = 'popular' then
        c1 := split_part(search_gallery.cursor, '~', 1)::numeric;
        c2 := split_part(search_gallery.cursor, '~', 2)::numeric;
      else
        c_at := split_part(search_gallery.cursor, '~', 1)::timestamptz;
      end if;
      c_id := split_part(search_gallery.cursor, '~', 3)::uuid;
    exception when others then
      raise exception 'malformed cursor' using errcode = 'PL400', hint = 'invalid_cursor';
    end;
  end if;

  if search_text is null and search_gallery.sort = 'popular' then
    -- Browsing: an index range read (shared_prompts_[category_]popular_idx).
    return query
    with page as (
      select s.*, row_number() over (
          order by s.likes_count desc, s.uses_count desc, s.prompt_id) as place
      from (
        select s.* from public.shared_prompts s
        where s.visibility = 'public'
          and (search_gallery.category is null or s.category_id = search_gallery.category)
          and (c_id is null or s.likes_count < c1 or (s.likes_count = c1
            and (s.uses_count < c2 or (s.uses_count = c2 and s.prompt_id > c_id))))
        order by s.likes_count desc, s.uses_count desc, s.prompt_id
        limit search_gallery.result_limit + 1) s
    )
    select pg.prompt_id, pg.title, pg.description, pg.category_id, pg.tags, pg.author_name,
      pg.likes_count, pg.uses_count, pg.forks_count, pg.version_number, left(pg.content, 240),
      pg.published_at, null::real,
      case when pg.place = search_gallery.result_limit
        and exists (select 1 from page more where more.place > search_gallery.result_limit)
        then pg.likes_count || '~' || pg.uses_count || '~' || pg.prompt_id end
    from page pg
    where pg.place <= search_gallery.result_limit
    order by pg.place;
    return;
  end if;

  if search_text is null then
    -- Newest first: shared_prompts_[category_]newest_idx.
    return query
    with page as (
      select s.*, row_number() over (order by s.published_at desc, s.prompt_id) as place
      from (
        select s.* from public.shared_prompts s
        where s.visibility = 'public'
          and (search_gallery.category is null or s.category_id = search_gallery.category)
          and (c_id is null or s.published_at < c_at
            or (s.published_at = c_at and s.prompt_id > c_id))
        order by s.published_at desc, s.prompt_id
        limit search_gallery.result_limit + 1) s
    )
    select pg.prompt_id, pg.title, pg.description, pg.category_id, pg.tags, pg.author_name,
      pg.likes_count, pg.uses_count, pg.forks_count, pg.version_number, left(pg.content, 240),
      pg.published_at, null::real,
      case when pg.place = search_gallery.result_limit
        and exists (select 1 from page more where more.place > search_gallery.result_limit)
        then to_char(pg.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
          || '~~' || pg.prompt_id end
    from page pg
    where pg.place <= search_gallery.result_limit
    order by pg.place;
    return;
  end if;

  -- Search as you type: the last word also matches as a prefix ("trav" finds "travel").
  last_word := (regexp_match(search_text, '([[:alnum:]]{2,})$'))[1];
  ts_query := websearch_to_tsquery('english', search_text)
    || websearch_to_tsquery('simple', search_text);
  if last_word is not null then
    ts_query := ts_query || (websearch_to_tsquery('simple',
        left(search_text, char_length(search_text) - char_length(last_word)))
      && to_tsquery('simple', quote_literal(lower(last_word)) || ':*'));
  end if;

  return query
  with text_hits as (
    select s.prompt_id, true as full_text,
      -- weights {D, C, B, A}: content, tags, goal, title; popularity breaks near-ties.
      round((ts_rank_cd('{0.1, 0.3, 0.5, 1.0}'::real[], s.search_vector, ts_query)
        + ln(2 + s.likes_count + s.uses_count) / 1000)::numeric, 6) as score
    from public.shared_prompts s
    where numnode(ts_query) > 0 and s.visibility = 'public' and s.search_vector @@ ts_query
      and (search_gallery.category is null or s.category_id = search_gallery.category)
  ),
  title_hits as (
    select s.prompt_id, false as full_text,
      round(greatest(extensions.similarity(s.title, search_text),
        extensions.word_similarity(search_text, s.title))::numeric, 6) as score
    from public.shared_prompts s
    where not exists (select 1 from text_hits) and s.visibility = 'public'
      and (s.title operator(extensions.%) search_text or search_text operator(extensions.<%) s.title)
      and (search_gallery.category is null or s.category_id = search_gallery.category)
  ),
  page as (
    select h.*, row_number() over (order by h.score desc, h.prompt_id) as place
    from (select * from text_hits union all select * from title_hits) h
    where c_id is null or h.score < c1 or (h.score = c1 and h.prompt_id > c_id)
    order by h.score desc, h.prompt_id
    limit search_gallery.result_limit + 1
  )
  select s.prompt_id, s.title, s.description, s.category_id, s.tags, s.author_name,
    s.likes_count, s.uses_count, s.forks_count, s.version_number, left(s.content, 240),
    s.published_at, pg.score::real,
    case when pg.place = search_gallery.result_limit
      and exists (select 1 from page more where more.place > search_gallery.result_limit)
      then pg.score::text || '~~' || pg.prompt_id end
  from page pg
  join public.shared_prompts s on s.prompt_id = pg.prompt_id
  where pg.place <= search_gallery.result_limit
  order by pg.place;
end;
$$;
comment on function public.search_gallery(text, text, text, integer, text) is
  'The public gallery: popular or newest, or ranked search over title, goal, tags and content; category filter; cursor pages.';

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
    source => 'fork');
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

-- The gallery is public: anon lists, searches and reads. Everything else needs a signed-in user.
revoke execute on function public.get_popular_templates(integer, text) from public;
grant execute on function public.get_popular_templates(integer, text) to anon, authenticated, service_role;
revoke execute on function public.search_gallery(text, text, text, integer, text) from public;
grant execute on function public.search_gallery(text, text, text, integer, text) to anon, authenticated, service_role;
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
