-- Deleting a catalog removes its prompts and everything hanging off them (seed 000 §2); the
-- deletions of prompts are logged; deleting the user removes all of it, logs included.
begin;
select plan(10);

select tests.create_supabase_user('cs_user');
select tests.authenticate_as('cs_user');
insert into public.catalogs (name) values ('Doomed'), ('Kept');
insert into public.prompts (title, catalog_id) select 'In doomed ' || g, c.id
  from public.catalogs c, generate_series(1, 2) g where c.name = 'Doomed';
insert into public.prompts (title, catalog_id) select 'In kept', id from public.catalogs where name = 'Kept';
insert into public.prompt_versions (prompt_id, content) select id, 'v1' from public.prompts;
insert into public.prompt_versions (prompt_id, content) select id, 'v2' from public.prompts;
insert into public.tags (name) values ('shared');
insert into public.prompt_tags (prompt_id, tag_id) select p.id, t.id from public.prompts p, public.tags t;
-- Runs are written only by SQL functions (callers cannot): these, as the table owner.
reset role;
insert into public.runs (user_id, prompt_id, model, input)
select user_id, id, 'm', '{}' from public.prompts where user_id = tests.get_supabase_uid('cs_user');
select tests.authenticate_as('cs_user');

delete from public.catalogs where name = 'Doomed';
select is((select count(*)::int from public.prompts), 1, 'the catalog''s prompts are deleted');
select is((select count(*)::int from public.prompt_versions), 2, 'their versions (current ones included) are deleted');
select is((select count(*)::int from public.prompt_tags), 1, 'their tag links are deleted');
select is((select count(*)::int from public.tags), 1, 'the tags themselves stay');
select is((select count(*)::int from public.runs), 1, 'their runs are deleted');
select is((select count(*)::int from public.run_events where event_type = 'delete'), 2,
  'each deleted prompt is logged');
select bag_eq($$select payload ->> 'title' from public.run_events where event_type = 'delete'$$,
  array['In doomed 1', 'In doomed 2'], 'the delete events keep the titles');

delete from public.prompts;
select is((select count(*)::int from public.prompt_versions), 0, 'deleting a prompt deletes its versions');

insert into public.prompts (title) values ('Last');
insert into public.prompt_versions (prompt_id, content) select id, 'current' from public.prompts;
select tests.clear_authentication();
select set_config('tests.uid', tests.get_supabase_uid('cs_user')::text, true);
-- The user's current version and the prompt-deletion log must not block the cascade.
delete from auth.users where id = current_setting('tests.uid')::uuid;
select is((select count(*)::int from public.run_events where user_id = current_setting('tests.uid')::uuid), 0,
  'deleting the user removes their events');
select is(
  (select count(*)::int from public.catalogs where user_id = current_setting('tests.uid')::uuid)
  + (select count(*)::int from public.prompts where user_id = current_setting('tests.uid')::uuid)
  + (select count(*)::int from public.prompt_versions where user_id = current_setting('tests.uid')::uuid)
  + (select count(*)::int from public.tags where user_id = current_setting('tests.uid')::uuid),
  0, 'and their catalogs, prompts, versions and tags');

select * from finish();
rollback;
