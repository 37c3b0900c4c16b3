-- The gallery's typo fallback looks for titles that only resemble the query (similarity) when
-- the titles holding a word like it (word_similarity) do not fill the page, as the library's
-- search does (search_title_candidates): with 100,000 public titles, the lossy similarity scan
-- made "Etherum devloper" 25 ms. A title that passes only the similarity threshold (0.3) has
-- word_similarity below 0.5 and similarity no higher (word_similarity is never below similarity),
-- so it scores below every word hit and cannot reach a page that word hits fill. Pages after the
-- first (enough is null) always look. At most 200, as before.
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

-- 20261206000200_gallery_common_queries.sql's search_gallery, calling it (the line marked
-- "changed").
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
  words_query tsquery;
  prefix_query tsquery;
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
  words_query := websearch_to_tsquery('english', search_text)
    || websearch_to_tsquery('simple', search_text);
  ts_query := words_query;
  if last_word is not null then
    prefix_query := websearch_to_tsquery('simple',
        left(search_text, char_length(search_text) - char_length(last_word)))
      && to_tsquery('simple', quote_literal(lower(last_word)) || ':*');
    ts_query := ts_query || prefix_query;
  end if;

  return query
  with text_hits as (
    select s.prompt_id, true as full_text,
      -- weights {D, C, B, A}: content, tags, goal, title; popularity breaks near-ties.
      round((ts_rank_cd('{0.1, 0.3, 0.5, 1.0}'::real[], s.search_vector, ts_query)
        + ln(2 + s.likes_count + s.uses_count) / 1000)::numeric, 6) as score
    from private.gallery_search_candidates(words_query, prefix_query,
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

drop function private.gallery_title_candidates(text, text);
