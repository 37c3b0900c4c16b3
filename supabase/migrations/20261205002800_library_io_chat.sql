-- Export and import of chat prompts and names (issue 19): a version's messages and response
-- format travel with it, and so does a prompt's name (an import keeps it when it is still free,
-- else names the prompt from its title, as creating one does). export_library is now the head
-- and the pages; export_library_page and import_library are those of
-- 20261204030000_library_io_export_pages.sql and 20261204002500_import_library.sql with the
-- lines marked "changed".

-- changed: the whole document is the head and every page, so the one JSON of a prompt is
-- export_library_page's (export_library built its own copy before).
create or replace function public.export_library()
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  parts text[] := '{}';
  page record;
  after_catalog text;
  after_title text;
  after_id uuid;
begin
  loop
    select * into page
    from public.export_library_page(after_catalog, after_title, after_id, 5000);
    exit when coalesce(page.prompt_count, 0) = 0;
    parts := parts || page.prompts;
    after_catalog := page.last_catalog;
    after_title := page.last_title;
    after_id := page.last_id;
  end loop;
  return public.export_library_head()
    || jsonb_build_object('prompts', ('[' || array_to_string(parts, ',') || ']')::jsonb);
end;
$$;

create or replace function public.export_library_page(
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
      p.description, p.status, p.visibility, p.published_at, p.created_at, p.current_version_id,
      p.name  -- changed: the prompt's name
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
        'name', pg.name,  -- changed: the prompt's name
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
              -- changed: a chat version's messages and response format
              'messages', v.messages,
              'response_format', v.response_format,
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

create or replace function public.import_library(document jsonb)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  item jsonb;
  item_prompt jsonb;
  item_version jsonb;
  prompt_index integer := 0;
  prompt_title text;
  catalog_key text;
  target_catalog uuid;
  new_prompt_id uuid;
  last_version_id uuid;
  new_version public.prompt_versions;
  version_ids jsonb;
  wanted_current text;
  imported integer := 0;
  skipped integer := 0;
  versions_added integer := 0;
  catalogs_before integer;
  tags_before integer;
  err_state text;
  err_message text;
  err_hint text;
  err_where text;
begin
  if caller is null then
    raise exception 'sign in to import a library' using errcode = 'PL401', hint = 'not_authenticated';
  end if;
  if jsonb_typeof(document) is distinct from 'object'
    or document ->> 'format' is distinct from 'promptline.library'
    or document -> 'version' is distinct from '1'::jsonb then
    raise exception 'not a promptline.library version 1 document'
      using errcode = 'PL422', hint = 'unsupported_format';
  end if;
  if jsonb_typeof(coalesce(document -> 'catalogs', '[]')) <> 'array'
    or jsonb_typeof(coalesce(document -> 'tags', '[]')) <> 'array'
    or jsonb_typeof(coalesce(document -> 'prompts', '[]')) <> 'array' then
    raise exception 'catalogs, tags and prompts must be arrays'
      using errcode = 'PL422', hint = 'invalid_library';
  end if;
  if jsonb_array_length(coalesce(document -> 'prompts', '[]')) > 10000 then
    raise exception 'at most 10000 prompts per import' using errcode = 'PL413', hint = 'too_many_prompts';
  end if;

  -- One import per user at a time, so two concurrent imports cannot both add the same title.
  perform pg_advisory_xact_lock(hashtext('import_library:' || caller::text));
  select count(*) into catalogs_before from public.catalogs c where c.user_id = caller;
  select count(*) into tags_before from public.tags t where t.user_id = caller;

  -- One block for the whole load: any error is re-raised below with the prompt it came from.
  begin
    for item in select value from jsonb_array_elements(coalesce(document -> 'catalogs', '[]')) loop
      if jsonb_typeof(item) is distinct from 'object' or jsonb_typeof(item -> 'name') is distinct from 'string' then
        raise exception 'each catalog needs a name' using errcode = 'PL422', hint = 'invalid_library';
      end if;
      insert into public.catalogs (name, description)
      values (btrim(item ->> 'name'), item ->> 'description')
      on conflict (user_id, lower(name)) do nothing;
    end loop;

    insert into public.tags (name)
    select distinct on (lower(btrim(t.name))) btrim(t.name)
    from jsonb_array_elements_text(coalesce(document -> 'tags', '[]')) as t (name)
    where btrim(t.name) <> ''
    on conflict (user_id, lower(name)) do nothing;

    for item_prompt in select value from jsonb_array_elements(coalesce(document -> 'prompts', '[]')) loop
      prompt_index := prompt_index + 1;
      if jsonb_typeof(item_prompt) is distinct from 'object'
        or jsonb_typeof(item_prompt -> 'title') is distinct from 'string' then
        raise exception 'each prompt needs a title' using errcode = 'PL422', hint = 'invalid_library';
      end if;
      prompt_title := btrim(item_prompt ->> 'title');
      catalog_key := nullif(btrim(item_prompt ->> 'catalog'), '');

      target_catalog := null;
      if catalog_key is not null then
        select c.id into target_catalog from public.catalogs c
        where c.user_id = caller and lower(c.name) = lower(catalog_key);
        if not found then
          insert into public.catalogs (name) values (catalog_key) returning id into target_catalog;
        end if;
        if exists (select 1 from public.prompts p
                   where p.catalog_id = target_catalog and p.title = prompt_title) then
          skipped := skipped + 1;
          continue;
        end if;
      elsif exists (select 1 from public.prompts p
                    where p.user_id = caller and p.catalog_id is null and p.title = prompt_title) then
        skipped := skipped + 1;
        continue;
      end if;

      -- changed: the exported name when it is a name and still free; else from the title
      insert into public.prompts (catalog_id, name, title, description, status, published_at,
        visibility)
      values (
        target_catalog,
        case when item_prompt ->> 'name' ~ '^[a-z0-9][a-z0-9._-]{0,99}$' and not exists (
            select 1 from public.prompts n where n.user_id = caller and n.name = item_prompt ->> 'name')
          then item_prompt ->> 'name' end,
        prompt_title,
        item_prompt ->> 'description',
        coalesce(item_prompt ->> 'status', 'draft')::public.prompt_status,
        coalesce((item_prompt ->> 'published_at')::timestamptz,
          case when item_prompt ->> 'status' = 'published' then now() end),
        coalesce(item_prompt ->> 'visibility', 'private')::public.prompt_visibility)
      returning id into new_prompt_id;

      if jsonb_typeof(coalesce(item_prompt -> 'versions', '[]')) <> 'array' then
        raise exception 'versions must be an array' using errcode = 'PL422', hint = 'invalid_library';
      end if;
      version_ids := '{}'::jsonb;
      last_version_id := null;
      for item_version in
        select v.value
        from jsonb_array_elements(coalesce(item_prompt -> 'versions', '[]')) with ordinality as v (value, n)
        order by case when jsonb_typeof(v.value -> 'version_number') = 'number'
          then (v.value ->> 'version_number')::numeric end nulls last, v.n
      loop
        -- changed: a chat version may carry messages instead of content
        if jsonb_typeof(item_version) is distinct from 'object'
          or (jsonb_typeof(item_version -> 'content') is distinct from 'string'
            and jsonb_typeof(item_version -> 'messages') is distinct from 'array') then
          raise exception 'each version needs its content' using errcode = 'PL422', hint = 'invalid_library';
        end if;
        -- A missing title is filled from the prompt by the numbering trigger.
        insert into public.prompt_versions
          (prompt_id, title, content, messages, response_format, variables, model_config, summary,
           source, restored_from_version)
        values (
          new_prompt_id,
          nullif(btrim(item_version ->> 'title'), ''),
          coalesce(item_version ->> 'content', ''),
          nullif(item_version -> 'messages', 'null'::jsonb),
          nullif(item_version -> 'response_format', 'null'::jsonb),
          coalesce(nullif(item_version -> 'variables', 'null'::jsonb), '[]'::jsonb),
          coalesce(nullif(item_version -> 'model_config', 'null'::jsonb), '{}'::jsonb),
          item_version ->> 'summary',
          coalesce(item_version ->> 'source', 'import')::public.prompt_version_source,
          (item_version ->> 'restored_from_version')::integer)
        returning * into new_version;
        last_version_id := new_version.id;
        version_ids := version_ids || jsonb_build_object(
          coalesce(item_version ->> 'version_number', new_version.version_number::text), new_version.id);
        versions_added := versions_added + 1;
      end loop;

      wanted_current := item_prompt ->> 'current_version';
      if wanted_current is not null then
        if not version_ids ? wanted_current then
          raise exception 'current_version % is not one of its versions', wanted_current
            using errcode = 'PL422', hint = 'invalid_library';
        end if;
        if (version_ids ->> wanted_current)::uuid is distinct from last_version_id then
          update public.prompts set current_version_id = (version_ids ->> wanted_current)::uuid
          where id = new_prompt_id;
        end if;
      end if;

      if jsonb_typeof(item_prompt -> 'tags') = 'array' and jsonb_array_length(item_prompt -> 'tags') > 0 then
        perform public.set_prompt_tags(new_prompt_id,
          array(select jsonb_array_elements_text(item_prompt -> 'tags')));
      end if;
      imported := imported + 1;
    end loop;
  exception when others then
    get stacked diagnostics err_state = returned_sqlstate, err_message = message_text,
      err_hint = pg_exception_hint;
    err_where := case when prompt_index > 0
      then format('prompt %s (%s): ', prompt_index, left(coalesce(item_prompt ->> 'title', '?'), 100))
      else '' end;
    if err_state like 'PL%' then
      raise exception '%', err_where || err_message
        using errcode = err_state, hint = coalesce(nullif(err_hint, ''), 'invalid_library');
    elsif left(err_state, 2) in ('22', '23') then
      -- Check, not-null, cast and enum errors: bad data in the document. The row detail is
      -- left out (it would echo the whole prompt back).
      raise exception '%', err_where || err_message using errcode = 'PL422', hint = 'invalid_library';
    end if;
    raise;
  end;

  return jsonb_build_object(
    'imported', imported,
    'skipped', skipped,
    'catalogs', (
      select count(distinct lower(x.name)) from (
        select btrim(c ->> 'name') as name from jsonb_array_elements(coalesce(document -> 'catalogs', '[]')) c
        union all
        select nullif(btrim(p ->> 'catalog'), '') from jsonb_array_elements(document -> 'prompts') p
      ) x where x.name <> ''),
    'catalogs_created', (select count(*) from public.catalogs c where c.user_id = caller) - catalogs_before,
    'versions', versions_added,
    'tags_created', (select count(*) from public.tags t where t.user_id = caller) - tags_before);
end;
$$;
