-- set_prompt_tags: replaces a prompt's tags by names, creating missing tags, ignoring case.
begin;
select plan(10);

select tests.create_supabase_user('st_owner');
select tests.create_supabase_user('st_other');
select tests.authenticate_as('st_owner');
insert into public.prompts (title) values ('Tagged'), ('Also tagged');
insert into public.tags (name) values ('SQL');
select set_config('tests.prompt', (select id::text from public.prompts where title = 'Tagged'), true);

select results_eq(
  $$select name from public.set_prompt_tags(current_setting('tests.prompt')::uuid, array['sql', ' Writing ', 'writing', '', 'Go'])$$,
  array['Go', 'SQL', 'Writing'],
  'returns the tag set: existing tags keep their spelling, new ones are trimmed, duplicates ignoring case collapse');
select is((select count(*)::int from public.tags), 3, 'only the missing tags are created');
select is((select count(*)::int from public.prompt_tags), 3, 'the prompt carries exactly those tags');

select results_eq(
  $$select name from public.set_prompt_tags(current_setting('tests.prompt')::uuid, array['GO', 'rust'])$$,
  array['Go', 'rust'], 'a second call replaces the set');
select bag_eq($$select t.name from public.prompt_tags pt join public.tags t on t.id = pt.tag_id$$,
  array['Go', 'rust'], 'tags no longer named are detached');
select is((select count(*)::int from public.tags), 4, 'detached tags are kept for other prompts');
select ok((select search_vector @@ to_tsquery('simple', 'rust:D') and not search_vector @@ to_tsquery('simple', 'sql')
  from public.prompts where title = 'Tagged'), 'the search vector follows the new set');

select is((select count(*)::int from public.set_prompt_tags(current_setting('tests.prompt')::uuid, '{}')), 0,
  'an empty list removes every tag');
select throws_ok($$select public.set_prompt_tags(current_setting('tests.prompt')::uuid, array[repeat('t', 51)])$$,
  'PL400', null, 'tag names have at most 50 characters');

select tests.authenticate_as('st_other');
select throws_ok($$select public.set_prompt_tags(current_setting('tests.prompt')::uuid, array['mine'])$$,
  'PL404', null, 'another user cannot tag the owner''s prompt');

select * from finish();
rollback;
