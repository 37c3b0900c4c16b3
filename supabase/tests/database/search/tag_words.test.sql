-- search_prompts finds prompts by tag names whose English stem differs from the word.
begin;
select plan(4);

select tests.create_supabase_user('st_owner');
select tests.authenticate_as('st_owner');
insert into public.prompts (title) values ('Query tuner'), ('Essay helper'), ('Unrelated');
insert into public.prompt_versions (prompt_id, content) select id, 'Plain content.' from public.prompts;
select public.set_prompt_tags(id, array['Postgres']) from public.prompts where title = 'Query tuner';
select public.set_prompt_tags(id, array['Writing']) from public.prompts where title = 'Essay helper';

select is((select array_agg(title) from public.search_prompts('postgres')), array['Query tuner'],
  'a tag is found by its own word although its stem differs');
select is((select array_agg(title) from public.search_prompts('writing')), array['Essay helper'],
  'an -ing tag is found by its word');
select is((select array_agg(title) from public.search_prompts('Postgres essay')), null::text[],
  'all words must still match');
select ok((select snippet from public.search_prompts('postgres')) is not null,
  'a tag-only match still has a snippet');

select * from finish();
rollback;
