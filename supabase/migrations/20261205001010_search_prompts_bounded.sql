-- search_prompts reads a bounded set of the caller's own rows, whatever the library's size
-- (issue 14: 50,000 prompts among a million, p95 402 ms):
-- * full text: the caller's 200 best matches by the RUM index's rank (ts_rank's weighting, read
--   from the per-owner index in rank order), then ranked exactly as before (ts_rank_cd with the
--   same weights). A library with at most 200 matches gets exactly the ranking it had; a bigger
--   one gets the top of its 200 best, and its pages stop after them.
-- * typo fallback: as before, titles that pass the trigram thresholds, now read through the
--   (owner, title) trigram index: the caller's titles only, not every user's then dropped by RLS;
--   a query nothing resembles reads a few empty posting lists.
-- Candidates come from two definer functions that read the caller's rows only: under RLS the
-- planner cannot use these indexes as it should (see each).
-- Both read the caller's own library (user_id = the caller), as before under RLS.
-- Same signature, result type and errors; create or replace keeps its grants.

-- security definer: under RLS the planner sees the policy's owner predicate and reads the
-- caller's whole library by the owner index (a heavy user's 50,000 rows, 100+ ms) instead of the
-- RUM index. It reads the caller's rows only: the owner-prefixed lexemes of auth.uid() match no
-- other user's.
create function private.search_candidates(ts_query tsquery, catalog_id uuid, tag text)
returns setof uuid
language plpgsql
stable
-- At most 200: the planner then joins them to prompts by key.
rows 200
security definer
set search_path = ''
as $$
declare
  owner_id uuid := auth.uid();
  owner_query tsquery;
begin
  if owner_id is null or numnode(search_candidates.ts_query) = 0 then
    return;
  end if;
  owner_query := private.owner_search_query(owner_id, search_candidates.ts_query);
  return query
  select p.id
  from public.prompts p
  where p.owner_search_vector @@ owner_query
    and (search_candidates.catalog_id is null or p.catalog_id = search_candidates.catalog_id)
    and (search_candidates.tag is null or exists (
      select 1 from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
      where pt.prompt_id = p.id and lower(t.name) = lower(btrim(search_candidates.tag))))
  -- No tie-breaker: the index gives this order, a second key would sort every match (the exact
  -- order, id breaking ties, comes after in search_prompts).
  order by p.owner_search_vector operator(extensions.<=>) owner_query
  limit 200;
end;
$$;

comment on function private.search_candidates(tsquery, uuid, text) is
  'The caller''s 200 best full-text matches by the per-owner RUM index''s rank (search_prompts ranks them exactly).';
-- search_prompts runs as its caller, so its callers call this too.
revoke all on function private.search_candidates(tsquery, uuid, text) from public, anon;
grant execute on function private.search_candidates(tsquery, uuid, text) to authenticated, service_role;

-- security definer, for the same reason: under RLS the trigram operators (not leakproof) may
-- not be index conditions before the policy's, so the (owner, title) index was read by owner
-- only and every title of the caller's library rechecked (50,000 for a heavy user, 400+ ms).
-- It reads the caller's rows only (user_id = auth.uid()).
-- Word hits (word_similarity >= 0.5) come first. A title that passes only the similarity
-- threshold (0.3) has word_similarity below 0.5 and similarity no higher (word_similarity is
-- never below similarity: its best extent is at least the whole title), so it scores below
-- every word hit. When there are `enough` word hits for the page, those cannot reach it and are
-- not looked for: their index scan is lossy (a heavy user's "Etherum devloper" rechecked 1,046
-- titles for 59 hits, 13 ms). Pages after the first (enough is null) always look.
create function private.search_title_candidates(search_text text, catalog_id uuid, tag text, enough integer)
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
  owner_id uuid := auth.uid();
  word_hits integer;
begin
  if owner_id is null then
    return;
  end if;
  return query
  select p.id from public.prompts p
  where p.user_id = owner_id and search_title_candidates.search_text operator(extensions.<%) p.title
    and (search_title_candidates.catalog_id is null or p.catalog_id = search_title_candidates.catalog_id)
    and (search_title_candidates.tag is null or exists (
      select 1 from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
      where pt.prompt_id = p.id and lower(t.name) = lower(btrim(search_title_candidates.tag))));
  get diagnostics word_hits = row_count;
  if search_title_candidates.enough is not null and word_hits >= search_title_candidates.enough then
    return;
  end if;
  return query
  select p.id from public.prompts p
  where p.user_id = owner_id and p.title operator(extensions.%) search_title_candidates.search_text
    and not (search_title_candidates.search_text operator(extensions.<%) p.title)
    and (search_title_candidates.catalog_id is null or p.catalog_id = search_title_candidates.catalog_id)
    and (search_title_candidates.tag is null or exists (
      select 1 from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
      where pt.prompt_id = p.id and lower(t.name) = lower(btrim(search_title_candidates.tag))));
end;
$$;

comment on function private.search_title_candidates(text, uuid, text, integer) is
  'The caller''s prompts whose titles resemble the text by trigrams (the typo fallback of search_prompts).';
revoke all on function private.search_title_candidates(text, uuid, text, integer) from public, anon;
grant execute on function private.search_title_candidates(text, uuid, text, integer) to authenticated, service_role;

create or replace function public.search_prompts(
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
-- A generic plan takes the caller for any user (1,000 rows by the owner index) and hashed a heavy
-- user's whole library to join the candidates; a plan for the actual caller joins them by key.
set plan_cache_mode = force_custom_plan
as $$
declare
  search_text text := btrim(coalesce(search_prompts.query, ''));
  ts_query tsquery;
  cursor_score numeric;
  cursor_id uuid;
  owner_id uuid := auth.uid();
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
  return query
  with text_candidates as (
    select c.id from private.search_candidates(ts_query, search_prompts.catalog_id, search_prompts.tag) c (id)
  ),
  text_hits as (
    select p.id, p.title, p.catalog_id, p.updated_at, p.current_version_id, true as full_text,
      -- weights {D, C, B, A}: tags, catalog, content, title
      round(ts_rank_cd('{0.1, 0.2, 0.4, 1.0}'::real[], p.search_vector, ts_query)::numeric, 6) as score
    from text_candidates c
    join public.prompts p on p.id = c.id
    where p.user_id = owner_id
  ),
  title_candidates as (
    select c.id from private.search_title_candidates(search_text, search_prompts.catalog_id,
      search_prompts.tag, case when cursor_id is null then search_prompts.result_limit + 1 end) c (id)
    where not exists (select 1 from text_hits)
  ),
  title_hits as (
    select p.id, p.title, p.catalog_id, p.updated_at, p.current_version_id, false as full_text,
      round(greatest(
        extensions.similarity(p.title, search_text),
        extensions.word_similarity(search_text, p.title))::numeric, 6) as score
    from title_candidates c
    join public.prompts p on p.id = c.id
    where p.user_id = owner_id
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
  'Ranked search over the caller''s prompts with <mark> snippets, filters, cursor pages and typo fallback (at most the 200 best full-text matches).';
