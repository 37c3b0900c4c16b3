-- GET /export in pages, so the api function streams a library of any size with bounded memory
-- (hosted Edge Functions: 256 MB and 2 s of CPU per request). export_library() builds the whole
-- document in one value; these two functions give the same document in parts:
--   * export_library_head(): everything but the prompts (format, version, exported_at,
--     catalogs, tags);
--   * export_library_page(after, page_size): the next page of prompts, each exactly as
--     export_library() writes it, already as JSON text joined by commas (the function only
--     copies it to the response), with the key of its last prompt for the next call.
-- The order is export_library()'s: catalog name ignoring case (loose prompts first), title, id;
-- the key is that triple, with '' for a loose prompt (a catalog name is never empty).
-- Both run as the caller (security invoker, under RLS), each page in its own transaction: a
-- large export holds no transaction or connection between two pages.

create function public.export_library_head()
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'format', 'promptline.library',
    'version', 1,
    'exported_at', now(),
    'catalogs', coalesce((
      select jsonb_agg(jsonb_build_object('name', c.name, 'description', c.description)
        order by lower(c.name), c.id)
      from public.catalogs c
      where c.user_id = (select auth.uid())), '[]'::jsonb),
    'tags', coalesce((
      select jsonb_agg(t.name order by lower(t.name))
      from public.tags t
      where t.user_id = (select auth.uid())), '[]'::jsonb));
$$;

comment on function public.export_library_head() is
  'export_library() without its prompts: format, version, exported_at, catalogs and tags.';
revoke execute on function public.export_library_head() from public, anon;
grant execute on function public.export_library_head() to authenticated;

create function public.export_library_page(
  after_catalog text default null,
  after_title text default null,
  after_id uuid default null,
  page_size integer default 500
)
returns table (prompts text, prompt_count integer, last_catalog text, last_title text, last_id uuid)
language sql
stable
security invoker
set search_path = ''
as $$
  with page as (
    select coalesce(lower(c.name), '') as catalog_key, p.title, p.id, c.name as catalog_name,
      p.description, p.status, p.visibility, p.published_at, p.created_at, p.current_version_id
    from public.prompts p
    left join public.catalogs c on c.id = p.catalog_id
    where p.user_id = (select auth.uid())
      and (after_id is null
        or (coalesce(lower(c.name), ''), p.title, p.id) > (after_catalog, after_title, after_id))
    order by 1, 2, 3
    limit least(greatest(coalesce(page_size, 500), 1), 5000)
  ),
  rendered as (
    select pg.catalog_key, pg.title, pg.id, jsonb_build_object(
        'catalog', pg.catalog_name,
        'title', pg.title,
        'description', pg.description,
        'status', pg.status,
        'visibility', pg.visibility,
        'published_at', pg.published_at,
        'created_at', pg.created_at,
        'tags', coalesce((
          select jsonb_agg(t.name order by lower(t.name))
          from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
          where pt.prompt_id = pg.id), '[]'::jsonb),
        'current_version', cv.version_number,
        'versions', coalesce((
          select jsonb_agg(jsonb_build_object(
              'version_number', v.version_number,
              'title', v.title,
              'content', v.content,
              'variables', v.variables,
              'model_config', v.model_config,
              'summary', v.summary,
              'source', v.source,
              'restored_from_version', v.restored_from_version,
              'created_at', v.created_at)
            order by v.version_number)
          from public.prompt_versions v
          where v.prompt_id = pg.id), '[]'::jsonb)) as doc
    from page pg
    left join public.prompt_versions cv on cv.id = pg.current_version_id
  )
  select string_agg(r.doc::text, ',' order by r.catalog_key, r.title, r.id),
    count(*)::integer,
    (array_agg(r.catalog_key order by r.catalog_key desc, r.title desc, r.id desc))[1],
    (array_agg(r.title order by r.catalog_key desc, r.title desc, r.id desc))[1],
    (array_agg(r.id order by r.catalog_key desc, r.title desc, r.id desc))[1]
  from rendered r;
$$;

comment on function public.export_library_page(text, text, uuid, integer) is
  'The caller''s next page of prompts (at most 5000) after the key (lower(catalog) or '''', title, id), as export_library() writes them: JSON objects joined by commas, with the page''s last key; prompt_count 0 at the end.';
revoke execute on function public.export_library_page(text, text, uuid, integer) from public, anon;
grant execute on function public.export_library_page(text, text, uuid, integer) to authenticated;
