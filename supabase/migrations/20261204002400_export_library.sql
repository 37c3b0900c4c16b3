-- export_library(): the caller's whole library as one portable jsonb document
-- ({"format":"promptline.library","version":1,...}) that import_library() loads back. Rows are
-- named by their names, never by ids, so a document moves between accounts and projects.
-- Prompts refer to their catalog by name (catalog names are unique per user, ignoring case).

create function public.export_library()
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  -- RLS already limits every table to the caller; the explicit owner filter lets the planner
  -- use the user_id indexes.
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
      where t.user_id = (select auth.uid())), '[]'::jsonb),
    'prompts', coalesce((
      select jsonb_agg(jsonb_build_object(
          'catalog', c.name,
          'title', p.title,
          'description', p.description,
          'status', p.status,
          'visibility', p.visibility,
          'published_at', p.published_at,
          'created_at', p.created_at,
          'tags', coalesce((
            select jsonb_agg(t.name order by lower(t.name))
            from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
            where pt.prompt_id = p.id), '[]'::jsonb),
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
            where v.prompt_id = p.id), '[]'::jsonb))
        order by lower(c.name) nulls first, p.title, p.id)
      from public.prompts p
      left join public.catalogs c on c.id = p.catalog_id
      left join public.prompt_versions cv on cv.id = p.current_version_id
      where p.user_id = (select auth.uid())), '[]'::jsonb)
  );
$$;

comment on function public.export_library() is
  'The caller''s catalogs, tags and prompts with every version, as a promptline.library v1 document.';
revoke execute on function public.export_library() from public, anon;
grant execute on function public.export_library() to authenticated;
