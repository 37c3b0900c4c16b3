-- export_library() and import_library(): a library exported by one user and imported by another
-- is the same library; re-importing adds nothing; bad documents abort with a coded error.
begin;
select plan(14);

select tests.create_supabase_user('io_a');
select tests.create_supabase_user('io_b');

select tests.authenticate_as('io_a');
insert into public.catalogs (name, description) values ('Writing', 'drafts');
insert into public.prompts (catalog_id, title, description, status, published_at)
select id, 'Essay', 'long form', 'published', now() from public.catalogs where name = 'Writing';
insert into public.prompts (title) values ('Loose');
insert into public.prompt_versions (prompt_id, content, variables, model_config, summary)
select id, 'Write about {{topic}}', '[{"name":"topic","type":"string","required":true}]',
  '{"temperature":0.5}', 'first' from public.prompts where title = 'Essay';
insert into public.prompt_versions (prompt_id, content, summary)
select id, 'Write well about {{topic}}', 'second' from public.prompts where title = 'Essay';
insert into public.prompt_versions (prompt_id, content) select id, 'loose text' from public.prompts where title = 'Loose';
select public.set_prompt_tags((select id from public.prompts where title = 'Essay'), array['Writing', 'long']);
insert into public.tags (name) values ('unused');

create temporary table exported (who text, doc jsonb);
grant all on exported to authenticated;
insert into exported select 'a', public.export_library();

select is((select doc ->> 'format' from exported where who = 'a'), 'promptline.library', 'the format is named');
select is((select jsonb_array_length(doc -> 'prompts') from exported where who = 'a'), 2, 'both prompts are exported');
select is(
  (select jsonb_path_query_array(doc, '$.prompts[*] ? (@.title == "Essay").versions[*].content') from exported where who = 'a'),
  '["Write about {{topic}}", "Write well about {{topic}}"]'::jsonb,
  'every version is exported in order');
select is((select doc -> 'tags' from exported where who = 'a'), '["long", "unused", "Writing"]'::jsonb,
  'every tag is exported, unused ones too');

-- A normalised view: the document without timestamps.
create function pg_temp.normalised(doc jsonb) returns jsonb language sql as $$
  select jsonb_path_query_array(doc, '$.catalogs') || jsonb_path_query_array(doc, '$.tags')
    || coalesce((select jsonb_agg((p - 'created_at' - 'published_at') || jsonb_build_object('versions',
         (select jsonb_agg(v - 'created_at') from jsonb_array_elements(p -> 'versions') v)))
       from jsonb_array_elements(doc -> 'prompts') p), '[]');
$$;

select tests.authenticate_as('io_b');
select is(
  public.import_library((select doc from exported where who = 'a')),
  '{"imported": 2, "skipped": 0, "catalogs": 1, "catalogs_created": 1, "versions": 3, "tags_created": 3}'::jsonb,
  'the import reports what it added');
insert into exported select 'b', public.export_library();
select is(pg_temp.normalised((select doc from exported where who = 'b')),
  pg_temp.normalised((select doc from exported where who = 'a')),
  'the importing user now has the same library');
select is(
  public.import_library((select doc from exported where who = 'a')) ->> 'skipped', '2',
  'importing again skips every prompt');
select is((select count(*)::int from public.prompts), 2, 'and adds none');
select is((select count(*)::int from public.prompts where user_id = tests.get_supabase_uid('io_a')), 0,
  'the importer sees none of the exporter''s rows');

select throws_ok($$select public.import_library('{"format":"other","version":1}')$$, 'PL422',
  'not a promptline.library version 1 document', 'a foreign document is refused');
select throws_like(
  $$select public.import_library('{"format":"promptline.library","version":1,"prompts":[
     {"title":"Bad vars","versions":[{"content":"x","variables":[{"name":"1bad","type":"string"}]}]}]}')$$,
  'prompt 1 (Bad vars): %prompt_versions_variables_check%', 'a bad version names its prompt');
select throws_ok(
  $$select public.import_library('{"format":"promptline.library","version":1,"prompts":[
     {"title":"Fine","versions":[{"content":"x"}]}, {"title":"Bad status","status":"gone"}]}')$$,
  'PL422', null, 'a bad enum value is a 422');
select is((select count(*)::int from public.prompts where title = 'Fine'), 0,
  'a failed import leaves nothing behind');

select tests.authenticate_as_anon();
select throws_ok($$select public.import_library('{"format":"promptline.library","version":1}')$$,
  '42501', null, 'anon cannot import');

select * from finish();
rollback;
