-- tags and prompt_tags: RLS as owner, as another user and as anon; nobody attaches their tags
-- to another user's prompt.
begin;
select plan(15);

select tests.create_supabase_user('tg_owner');
select tests.create_supabase_user('tg_other');

select tests.authenticate_as('tg_owner');
insert into public.prompts (title) values ('Owner prompt');
insert into public.tags (name) values ('alpha'), ('beta');
insert into public.prompt_tags (prompt_id, tag_id) select p.id, t.id from public.prompts p, public.tags t;
select set_config('tests.owner_prompt', (select id::text from public.prompts), true);
select set_config('tests.owner_tag', (select id::text from public.tags where name = 'alpha'), true);
select is((select count(*)::int from public.tags), 2, 'owner sees their tags');
select is((select count(*)::int from public.prompt_tags), 2, 'owner sees their tag links');
update public.tags set name = 'gamma' where name = 'beta';
select is((select count(*)::int from public.tags where name = 'gamma'), 1, 'owner can rename their tag');
delete from public.prompt_tags where tag_id = (select id from public.tags where name = 'gamma');
select is((select count(*)::int from public.prompt_tags), 1, 'owner can detach a tag');
delete from public.tags where name = 'gamma';
select is((select count(*)::int from public.tags), 1, 'owner can delete a tag');
select throws_ok(
  $$insert into public.tags (user_id, name) values (tests.get_supabase_uid('tg_other'), 'forged')$$,
  '42501', null, 'owner cannot create a tag owned by someone else');

-- another user
select tests.authenticate_as('tg_other');
insert into public.tags (name) values ('intruder');
insert into public.prompts (title) values ('Other prompt');
select is((select count(*)::int from public.tags), 1, 'another user sees only their own tags');
select is((select count(*)::int from public.prompt_tags), 0, 'another user cannot see the owner''s tag links');
select throws_ok(
  $$insert into public.prompt_tags (prompt_id, tag_id)
    select current_setting('tests.owner_prompt')::uuid, id from public.tags$$,
  'PL403', null, 'another user cannot attach their tag to the owner''s prompt');
select throws_ok(
  $$insert into public.prompt_tags (prompt_id, tag_id)
    select id, current_setting('tests.owner_tag')::uuid from public.prompts$$,
  'PL403', null, 'another user cannot put the owner''s tag on their own prompt');
update public.tags set name = 'hacked';
delete from public.tags where user_id = tests.get_supabase_uid('tg_owner');
delete from public.prompt_tags;

select tests.clear_authentication();
select is((select name from public.tags where user_id = tests.get_supabase_uid('tg_owner')),
  'alpha', 'another user cannot rename or delete the owner''s tags');
select is((select count(*)::int from public.prompt_tags where user_id = tests.get_supabase_uid('tg_owner')),
  1, 'another user cannot detach the owner''s tags');

-- anon
select tests.authenticate_as_anon();
select is((select count(*)::int from public.tags), 0, 'anon sees no tags');
select is((select count(*)::int from public.prompt_tags), 0, 'anon sees no tag links');
select throws_ok(
  $$insert into public.tags (user_id, name) values (tests.get_supabase_uid('tg_owner'), 'anon')$$,
  '42501', null, 'anon cannot create tags');

select * from finish();
rollback;
