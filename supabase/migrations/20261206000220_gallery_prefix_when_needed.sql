-- Search as you type: the prefix part of a gallery query (the last word as a prefix, with the
-- words before it) is looked for only when the whole words find fewer than 200 candidates. When
-- they find 200, the last word is a word the gallery knows, and the prefix scan cost most of
-- the time of a long phrase ("act as a travel guide": 15 ms of RUM's partial match for no
-- candidate). 20261206000200_gallery_common_queries.sql's candidates with that change (marked
-- "changed").
create or replace function private.gallery_search_candidates(
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
  found uuid[]; -- changed
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

  -- changed: the whole words first; the prefix part only when they find fewer than 200
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
