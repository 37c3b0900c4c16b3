-- search_prompts: ranked full-text search over the caller's prompts (RLS scopes it), with
-- highlighted snippets, catalog and tag filters, keyset pagination, and a trigram fallback on
-- titles for queries full text cannot match (typos such as "Etherum devloper").

create extension if not exists pg_trgm with schema extensions;

create index prompts_title_trgm_idx on public.prompts using gin (title extensions.gin_trgm_ops);

-- A named type rather than "returns table": its catalog_id column would clash with the
-- catalog_id parameter.
create type public.prompt_search_result as (
  id uuid,
  title text,
  catalog_id uuid,
  rank real,
  snippet text,
  updated_at timestamptz,
  -- Set on the last row of a full page when more rows follow: pass it back as cursor.
  next_cursor text
);

-- Snippets are shown as HTML: escape the text so the only markup in them is our <mark>.
create function private.escape_html(value text)
returns text
language sql
immutable
security invoker
set search_path = ''
as $$
  select replace(replace(replace(value, '&', '&amp;'), '<', '&lt;'), '>', '&gt;');
$$;
-- search_prompts runs as its caller, so its callers call this too.
revoke all on function private.escape_html(text) from public;
grant execute on function private.escape_html(text) to authenticated, service_role;

create function public.search_prompts(
  query text,
  catalog_id uuid default null,
  tag text default null,
  result_limit integer default 20,
  cursor text default null
)
returns setof public.prompt_search_result
language plpgsql
stable
security invoker
set search_path = ''
-- The default word threshold (0.6) misses two-word typos like "Etherum devloper".
set pg_trgm.word_similarity_threshold = '0.5'
as $$
declare
  search_text text := btrim(coalesce(search_prompts.query, ''));
  ts_query tsquery;
  cursor_score numeric;
  cursor_id uuid;
begin
  if search_text = '' or char_length(search_text) > 500 then
    raise exception 'the search query must have 1 to 500 characters'
      using errcode = 'PL400', hint = 'invalid_query';
  end if;
  if search_prompts.result_limit is null or search_prompts.result_limit not between 1 and 100 then
    raise exception 'result_limit must be between 1 and 100'
      using errcode = 'PL400', hint = 'invalid_limit';
  end if;
  if search_prompts.cursor is not null then
    begin
      cursor_score := split_part(search_prompts.cursor, ':', 1)::numeric;
      cursor_id := split_part(search_prompts.cursor, ':', 2)::uuid;
    exception when others then
      raise exception 'malformed cursor' using errcode = 'PL400', hint = 'invalid_cursor';
    end;
  end if;

  -- Content, title and catalog are indexed stemmed ('english'), tag names as written ('simple'),
  -- so the query is asked both ways: "postgres" finds a tag "Postgres" (stemmed: 'postgr').
  ts_query := websearch_to_tsquery('english', search_text)
    || websearch_to_tsquery('simple', search_text);

  -- Scores are rounded to fixed numerics so the cursor ("score:id") compares exactly.
  -- Each branch reads public.prompts itself (no shared CTE, which Postgres would materialise),
  -- so the full-text branch can use the GIN index on search_vector and the fallback the trigram
  -- index on title; RLS adds the caller's user_id to both.
  return query
  with text_hits as (
    select p.id, p.title, p.catalog_id, p.updated_at, p.current_version_id, true as full_text,
      -- weights {D, C, B, A}: tags, catalog, content, title
      round(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::real[], p.search_vector, ts_query)::numeric, 6) as score
    from public.prompts p
    where numnode(ts_query) > 0 and p.search_vector @@ ts_query
      and (search_prompts.catalog_id is null or p.catalog_id = search_prompts.catalog_id)
      and (search_prompts.tag is null or exists (
        select 1 from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
        where pt.prompt_id = p.id and lower(t.name) = lower(btrim(search_prompts.tag))))
  ),
  title_hits as (
    select p.id, p.title, p.catalog_id, p.updated_at, p.current_version_id, false as full_text,
      round(greatest(
        extensions.similarity(p.title, search_text),
        extensions.word_similarity(search_text, p.title))::numeric, 6) as score
    from public.prompts p
    where not exists (select 1 from text_hits)
      and (p.title operator(extensions.%) search_text or search_text operator(extensions.<%) p.title)
      and (search_prompts.catalog_id is null or p.catalog_id = search_prompts.catalog_id)
      and (search_prompts.tag is null or exists (
        select 1 from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
        where pt.prompt_id = p.id and lower(t.name) = lower(btrim(search_prompts.tag))))
  ),
  page as (
    select h.*, row_number() over (order by h.score desc, h.id) as place
    from (select * from text_hits union all select * from title_hits) h
    where cursor_id is null or h.score < cursor_score or (h.score = cursor_score and h.id > cursor_id)
    order by h.score desc, h.id
    limit search_prompts.result_limit + 1
  )
  select pg.id, pg.title, pg.catalog_id, pg.score::real,
    case
      when pg.full_text then ts_headline('english',
        private.escape_html(pg.title || E'\n' || coalesce(v.content, '')), ts_query,
        'StartSel=<mark>, StopSel=</mark>, MinWords=10, MaxWords=30, MaxFragments=2, FragmentDelimiter=" … "')
      else (
        -- Trigram hits: mark the title words that resemble a query word.
        select string_agg(case
          when exists (
            select 1 from regexp_split_to_table(lower(search_text), '\s+') as q (word)
            where extensions.similarity(w.word, q.word) >= 0.3)
          then '<mark>' || private.escape_html(w.word) || '</mark>'
          else private.escape_html(w.word) end, ' ' order by w.n)
        from regexp_split_to_table(pg.title, '\s+') with ordinality as w (word, n))
    end,
    pg.updated_at,
    case when pg.place = search_prompts.result_limit
      and exists (select 1 from page more where more.place > search_prompts.result_limit)
      then pg.score::text || ':' || pg.id::text end
  from page pg
  left join public.prompt_versions v on v.id = pg.current_version_id
  where pg.place <= search_prompts.result_limit
  order by pg.place;
end;
$$;

comment on function public.search_prompts(text, uuid, text, integer, text) is
  'Ranked search over the caller''s prompts with <mark> snippets, filters, cursor pages and typo fallback.';

-- A search of the caller's own library: anon has nothing to search.
revoke execute on function public.search_prompts(text, uuid, text, integer, text) from public, anon;
