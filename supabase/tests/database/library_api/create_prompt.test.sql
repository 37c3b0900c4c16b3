-- create_prompt: a prompt, its first version and its tags in one statement, only in the
-- caller's own catalogs, all or nothing.
begin;
select plan(12);

select tests.create_supabase_user('cpf_owner');
select tests.create_supabase_user('cpf_other');
select tests.authenticate_as('cpf_other');
insert into public.catalogs (name) values ('Other catalog');
select set_config('tests.other_catalog', (select id::text from public.catalogs), true);

select tests.authenticate_as('cpf_owner');
insert into public.catalogs (name) values ('Mine');
select set_config('tests.prompt', public.create_prompt(
  title => 'Greeter', content => 'Hello {{name}}', description => 'says hello',
  catalog_id => (select id from public.catalogs where name = 'Mine'), status => 'published',
  variables => '[{"name": "name", "type": "string", "required": true}]',
  model_config => '{"model": "gpt-4o-mini", "temperature": 0.2}', summary => 'first',
  tags => array['Greeting', 'greeting', 'demo'])::text, true);

select is((select title from public.prompts where id = current_setting('tests.prompt')::uuid),
  'Greeter', 'the prompt is created');
select is((select published_at is not null from public.prompts where id = current_setting('tests.prompt')::uuid),
  true, 'a prompt created as published gets its publication date');
select results_eq(
  $$select v.version_number, v.content, v.summary, v.source::text from public.prompts p
    join public.prompt_versions v on v.id = p.current_version_id where p.id = current_setting('tests.prompt')::uuid$$,
  $$values (1, 'Hello {{name}}', 'first', 'manual')$$,
  'version 1 is created and is current');
select bag_eq(
  $$select t.name from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
    where pt.prompt_id = current_setting('tests.prompt')::uuid$$,
  array['Greeting', 'demo'], 'tags are attached, duplicates ignoring case collapse');
select ok((select search_vector @@ to_tsquery('english', 'hello') from public.prompts
  where id = current_setting('tests.prompt')::uuid), 'the search vector includes the content');

select throws_ok(
  $$select public.create_prompt(title => 'Intruder', content => 'x', catalog_id => current_setting('tests.other_catalog')::uuid)$$,
  'PL404', null, 'another user''s catalog is not found');
select throws_ok(
  $$select public.create_prompt(title => 'Ghost', content => 'x', catalog_id => gen_random_uuid())$$,
  'PL404', null, 'an unknown catalog is not found');
select throws_ok(
  $$select public.create_prompt(title => 'Bad vars', content => 'x', variables => '[{"name": "1bad", "type": "string"}]')$$,
  '23514', null, 'invalid variables are refused');
select throws_ok(
  $$select public.create_prompt(title => 'Big', content => repeat('x', 100001))$$,
  '23514', null, 'content over 100 000 characters is refused');
select throws_ok(
  $$select public.create_prompt(title => 'Restored?', content => 'x', source => 'restore')$$,
  'PL422', null, 'a first version cannot be a restore');
select is((select count(*)::int from public.prompts), 1, 'failed calls leave no prompt behind');

select tests.authenticate_as_anon();
select throws_ok($$select public.create_prompt(title => 'Anon', content => 'x')$$,
  '42501', null, 'anon cannot create prompts (no execute)');

select * from finish();
rollback;
