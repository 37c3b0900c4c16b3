-- The gallery (issue 15): categories readable by everyone and editable by admins only; popular
-- by likes then uses; newest first; ranked search over title, goal, tags and content with a
-- category filter, prefix matching as you type, a typo fallback and keyset pages.
begin;
select plan(16);

select tests.create_supabase_user('gl_author');
select tests.create_supabase_user('gl_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('gl_admin');

-- Other tests may have left public prompts behind: lists here are narrowed to this author's.
select set_config('tests.author', tests.get_supabase_uid('gl_author')::text, true);
create temp view mine with (security_invoker = true) as
  select prompt_id from public.shared_prompts where user_id = current_setting('tests.author')::uuid;
grant select on mine to anon, authenticated;

select tests.authenticate_as('gl_author');
select public.set_prompt_sharing(public.create_prompt(title => 'Travel planner', content => 'Plan a trip to {{city}} zqkeyset',
  description => 'Itineraries for holidays'), 'public', 'productivity');
select public.set_prompt_sharing(public.create_prompt(title => 'SQL tutor', content => 'Explain this query zqkeyset',
  description => 'Learn databases', tags => array['postgres']), 'public', 'education');
select public.set_prompt_sharing(public.create_prompt(title => 'Poem writer', content => 'Write a poem about travel zqkeyset'),
  'public', 'creative');
select public.set_prompt_sharing(public.create_prompt(title => 'Quiet draft', content => 'travel notes'), 'private');
-- Counters as the run functions and triggers would leave them (the table owner here).
select tests.clear_authentication();
update public.shared_prompts set likes_count = 5, uses_count = 1 where title = 'SQL tutor';
update public.shared_prompts set likes_count = 5, uses_count = 9 where title = 'Poem writer';
update public.shared_prompts set published_at = now() - interval '1 day' where title = 'Travel planner';

select tests.authenticate_as_anon();
select is(array(select title from public.get_popular_templates(100, null) where id in (select prompt_id from mine)),
  array['Poem writer', 'SQL tutor', 'Travel planner'], 'popular: by likes, then uses');
select is(array(select title from public.get_popular_templates(100, 'education') where id in (select prompt_id from mine)), array['SQL tutor'],
  'popular in one category');
select is(array(select title from public.search_gallery(sort => 'newest', result_limit => 100) where id in (select prompt_id from mine)),
  array['Poem writer', 'SQL tutor', 'Travel planner'], 'newest first (ties by id)')
  -- Poem writer and SQL tutor were published in the same transaction: order them by id.
  where (select prompt_id from public.shared_prompts where title = 'Poem writer')
      < (select prompt_id from public.shared_prompts where title = 'SQL tutor')
union all
select is(array(select title from public.search_gallery(sort => 'newest', result_limit => 100) where id in (select prompt_id from mine)),
  array['SQL tutor', 'Poem writer', 'Travel planner'], 'newest first (ties by id)')
  where (select prompt_id from public.shared_prompts where title = 'Poem writer')
      > (select prompt_id from public.shared_prompts where title = 'SQL tutor');
select is(array(select title from public.search_gallery('travel', result_limit => 100) where id in (select prompt_id from mine)), array['Travel planner', 'Poem writer'],
  'search ranks a title hit above a content hit, and lists no private prompt');
select is(array(select title from public.search_gallery('holidays', result_limit => 100) where id in (select prompt_id from mine)), array['Travel planner'], 'the goal is searched');
select is(array(select title from public.search_gallery('postgres', result_limit => 100) where id in (select prompt_id from mine)), array['SQL tutor'], 'tags are searched');
select is(array(select title from public.search_gallery('trav', result_limit => 100) where id in (select prompt_id from mine)), array['Travel planner', 'Poem writer'],
  'the last word matches as a prefix (search as you type)');
select is(array(select title from public.search_gallery('travel', 'creative', result_limit => 100) where id in (select prompt_id from mine)), array['Poem writer'],
  'search within a category');
select is(array(select title from public.search_gallery('Travle planer', result_limit => 100) where id in (select prompt_id from mine)), array['Travel planner'],
  'a typo falls back to title similarity');
select throws_ok($$select * from public.search_gallery('travel', 'no-such-category')$$, 'PL422', null,
  'an unknown category is refused');

-- keyset pages, over the three prompts that mention 'zqkeyset'
select is((select count(*)::int from public.search_gallery('zqkeyset', result_limit => 2) where next_cursor is not null), 1,
  'a full page carries a cursor on its last row');
select is((select count(*)::int from (
    select id from public.search_gallery('zqkeyset', result_limit => 2)
    union
    select id from public.search_gallery('zqkeyset', result_limit => 2, cursor =>
      (select next_cursor from public.search_gallery('zqkeyset', result_limit => 2) where next_cursor is not null))) pages),
  3, 'the next page follows it: two pages, all three, none twice');
select throws_ok($$select * from public.search_gallery(cursor => 'garbage')$$, 'PL400', null,
  'a malformed cursor is refused');

-- categories
select throws_ok($$insert into public.gallery_categories (id, name) values ('hacked', 'Hacked')$$, '42501', null,
  'anon cannot add a category');
select tests.authenticate_as('gl_author');
select throws_ok($$insert into public.gallery_categories (id, name) values ('hacked', 'Hacked')$$, '42501', null,
  'a user cannot add a category');
select tests.authenticate_as('gl_admin');
insert into public.gallery_categories (id, name) values ('legal', 'Legal');
select is((select name from public.gallery_categories where id = 'legal'), 'Legal', 'an admin can');

select * from finish();
rollback;
