-- Gallery search stays bounded at 100,000 public prompts among a million. With one RUM-ranked
-- candidate scan, "act as" (78,764 public matches) took 217 ms: RUM's ordered scan ranks every
-- match before it returns the best 200; and a prefix term mixed into a query over such a posting
-- list made it 8x slower ("developer" 104 ms, its prefix 'developer':* alone 7 ms). The typo
-- fallback's lossy similarity scan over 100,000 titles took 25 ms.
--
-- So the candidates come three ways, each bounded, and search_gallery still ranks them exactly
-- (ts_rank_cd over the whole prompt, popularity breaking near-ties):
-- * a common query (200 of the 1,000 most popular public prompts match it): those 200, which
--   an index range read finds in a few hundred rows, and the 200 best matches by title, goal
--   and tags (a RUM index over those alone: short posting lists, since common words live in the
--   content); the content's own best matches are then not looked for;
-- * any other query: the 200 best matches of its whole words by the RUM index's rank;
-- * search as you type: the last word as a prefix (with the words before it), matched on its own
--   and only when the whole words find fewer than 200: when they find 200, the last word is a
--   word the gallery knows ("act as a travel guide": 15 ms of partial match for no candidate).
-- The typo fallback looks for titles that only resemble the query (similarity) when the titles
-- holding a word like it (word_similarity) do not fill the page, as the library's search does.

-- The searchable head of a prompt: title (A), goal (B), tags (C); search_vector without content.
create function private.gallery_head_vector(title text, description text, tags text[])
returns tsvector
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(description, '')), 'B')
    || setweight(to_tsvector('simple'::regconfig,
         coalesce(pg_catalog.array_to_string(tags, ' '), '')), 'C');
$$;
comment on function private.gallery_head_vector(text, text, text[]) is
  'A shared prompt''s title (A), goal (B) and tags (C) as a search vector (shared_prompts.head_vector).';
-- Computed for the generated column as the snapshot's writer (refresh_shared_prompt, a definer).
revoke all on function private.gallery_head_vector(text, text, text[]) from public, anon, authenticated;

alter table public.shared_prompts
  add column head_vector tsvector
  generated always as (private.gallery_head_vector(title, description, tags)) stored;
comment on column public.shared_prompts.head_vector is
  'Title (A), goal (B) and tags (C), for the candidates of a common query (generated).';

create index shared_prompts_head_search_idx on public.shared_prompts
  using rum (head_vector extensions.rum_tsvector_ops) where visibility = 'public';

-- security definer: under RLS the planner may not use the RUM operators as index conditions
-- ahead of the policy's, and would rank every public match. Public prompts only.
create function private.gallery_search_candidates(
  words tsquery,
  prefix tsquery,
  category text
)
returns setof uuid
language plpgsql
stable
rows 400
security definer
set search_path = ''
as $$
declare
  whole tsquery := case when prefix is null then words else words || prefix end;
  popular uuid[];
  found uuid[];
begin
  -- Is it common? Among the 1,000 most popular public prompts (an index range read), 200 match.
  select array_agg(p.prompt_id) into popular
  from (
    select m.prompt_id
    from (
      select s.prompt_id, s.search_vector from public.shared_prompts s
      where s.visibility = 'public' and (category is null or s.category_id = category)
      order by s.likes_count desc, s.uses_count desc, s.prompt_id
      limit 1000
    ) m
    where m.search_vector @@ whole
    limit 200
  ) p;

  if coalesce(cardinality(popular), 0) = 200 then
    return query
    select unnest(popular)
    union
    (select s.prompt_id from public.shared_prompts s
     where s.visibility = 'public' and s.head_vector @@ whole
       and (category is null or s.category_id = category)
     order by s.head_vector operator(extensions.<=>) whole
     limit 200);
    return;
  end if;

  -- the whole words first; the prefix part only when they find fewer than 200
  select array_agg(w.prompt_id) into found
  from (
    select s.prompt_id from public.shared_prompts s
    where s.visibility = 'public' and numnode(words) > 0 and s.search_vector @@ words
      and (category is null or s.category_id = category)
    order by s.search_vector operator(extensions.<=>) words
    limit 200
  ) w;
  return query select unnest(found);
  if prefix is null or coalesce(cardinality(found), 0) >= 200 then
    return;
  end if;
  return query
  select s.prompt_id from public.shared_prompts s
  where s.visibility = 'public' and s.search_vector @@ prefix
    and (category is null or s.category_id = category)
    and not (s.prompt_id = any (coalesce(found, '{}')))
  order by s.search_vector operator(extensions.<=>) prefix
  limit 200;
end;
$$;
comment on function private.gallery_search_candidates(tsquery, tsquery, text) is
  'Public prompts search_gallery ranks: for a common query its 200 most popular and 200 best title/goal/tag matches, else the 200 best of its words and, when those are fewer, the 200 best of its prefix part.';
revoke all on function private.gallery_search_candidates(tsquery, tsquery, text) from public;
grant execute on function private.gallery_search_candidates(tsquery, tsquery, text)
  to anon, authenticated, service_role;

-- security definer, for the same reason. Word hits (word_similarity >= 0.5) first; a title that
-- passes only the similarity threshold (0.3) has word_similarity below 0.5 and similarity no
-- higher (word_similarity is never below similarity), so it scores below every word hit and
-- cannot reach a page they fill. Pages after the first (enough is null) always look. At most 200.
create function private.gallery_title_candidates(search_text text, category text, enough integer)
returns setof uuid
language plpgsql
stable
rows 100
security definer
set search_path = ''
-- The default word threshold (0.6) misses two-word typos like "Etherum devloper".
set pg_trgm.word_similarity_threshold = '0.5'
as $$
declare
  word_hits integer;
begin
  return query
  select s.prompt_id from public.shared_prompts s
  where s.visibility = 'public'
    and gallery_title_candidates.search_text operator(extensions.<%) s.title
    and (gallery_title_candidates.category is null
      or s.category_id = gallery_title_candidates.category)
  limit 200;
  get diagnostics word_hits = row_count;
  if word_hits >= 200 or (gallery_title_candidates.enough is not null
    and word_hits >= gallery_title_candidates.enough) then
    return;
  end if;
  return query
  select s.prompt_id from public.shared_prompts s
  where s.visibility = 'public'
    and s.title operator(extensions.%) gallery_title_candidates.search_text
    and not (gallery_title_candidates.search_text operator(extensions.<%) s.title)
    and (gallery_title_candidates.category is null
      or s.category_id = gallery_title_candidates.category)
  limit 200 - word_hits;
end;
$$;
comment on function private.gallery_title_candidates(text, text, integer) is
  'Public prompts whose titles resemble the text by trigrams (the typo fallback of search_gallery): word hits, then, unless they fill the page, similar titles.';
revoke all on function private.gallery_title_candidates(text, text, integer) from public;
grant execute on function private.gallery_title_candidates(text, text, integer)
  to anon, authenticated, service_role;

-- 20261205000500_gallery_functions.sql's search_gallery with these candidates (lines marked
-- "changed"); the rest as it was.
create or replace function public.search_gallery(
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
  words_query tsquery; -- changed
  prefix_query tsquery; -- changed
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
  words_query := websearch_to_tsquery('english', search_text) -- changed
    || websearch_to_tsquery('simple', search_text);
  ts_query := words_query; -- changed
  if last_word is not null then
    prefix_query := websearch_to_tsquery('simple', -- changed
        left(search_text, char_length(search_text) - char_length(last_word)))
      && to_tsquery('simple', quote_literal(lower(last_word)) || ':*');
    ts_query := ts_query || prefix_query; -- changed
  end if;

  return query
  with text_hits as (
    select s.prompt_id, true as full_text,
      -- weights {D, C, B, A}: content, tags, goal, title; popularity breaks near-ties.
      round((ts_rank_cd('{0.1, 0.3, 0.5, 1.0}'::real[], s.search_vector, ts_query)
        + ln(2 + s.likes_count + s.uses_count) / 1000)::numeric, 6) as score
    from private.gallery_search_candidates(words_query, prefix_query, -- changed
      search_gallery.category) c (id)
    join public.shared_prompts s on s.prompt_id = c.id
    where numnode(ts_query) > 0
  ),
  title_hits as (
    select s.prompt_id, false as full_text,
      round(greatest(extensions.similarity(s.title, search_text),
        extensions.word_similarity(search_text, s.title))::numeric, 6) as score
    from private.gallery_title_candidates(search_text, search_gallery.category, -- changed
      case when c_id is null then search_gallery.result_limit + 1 end) c (id)
    join public.shared_prompts s on s.prompt_id = c.id
    where not exists (select 1 from text_hits)
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

drop function private.gallery_search_candidates(tsquery, text);
drop function private.gallery_title_candidates(text, text);
