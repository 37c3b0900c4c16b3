-- Versions: numbered 1, 2, 3 per prompt, newest is current, immutable, the current one
-- cannot be deleted directly, pointers stay within their prompt, content at most 100 000 chars.
begin;
select plan(15);

select tests.create_supabase_user('vn_user');
select tests.authenticate_as('vn_user');
insert into public.prompts (title) values ('First'), ('Second');

insert into public.prompt_versions (prompt_id, content, version_number)
  select id, 'one', 42 from public.prompts where title = 'First';
insert into public.prompt_versions (prompt_id, content) select id, 'two' from public.prompts where title = 'First';
insert into public.prompt_versions (prompt_id, content) select id, 'other' from public.prompts where title = 'Second';
insert into public.prompt_versions (prompt_id, content) select id, 'three' from public.prompts where title = 'First';

select results_eq(
  $$select version_number from public.prompt_versions v join public.prompts p on p.id = v.prompt_id
    where p.title = 'First' order by array_position(array['one', 'two', 'three'], v.content)$$,
  array[1, 2, 3], 'versions are numbered 1, 2, 3 within their prompt, whatever the caller sends');
select is((select version_number from public.prompt_versions v join public.prompts p on p.id = v.prompt_id
  where p.title = 'Second'), 1, 'numbering starts at 1 for each prompt');
select is((select v.content from public.prompts p join public.prompt_versions v on v.id = p.current_version_id
  where p.title = 'First'), 'three', 'the newest version is the current one');
select is((select title from public.prompt_versions where content = 'one'), 'First',
  'a version''s title defaults to the prompt''s title');
select is((select source::text from public.prompt_versions where content = 'one'), 'manual', 'source defaults to manual');
select is((select created_by from public.prompt_versions where content = 'one'), tests.get_supabase_uid('vn_user'),
  'created_by defaults to the caller');

-- immutable, for every role
select throws_ok($$update public.prompt_versions set content = 'changed' where content = 'one'$$,
  'PL409', null, 'the owner cannot edit a version');
select tests.clear_authentication();
select throws_ok($$update public.prompt_versions set content = 'changed' where content = 'one'$$,
  'PL409', null, 'not even the database owner can edit a version');
select tests.authenticate_as('vn_user');

-- current version
select throws_ok($$delete from public.prompt_versions where content = 'three'$$,
  'PL409', null, 'the current version cannot be deleted directly');
delete from public.prompt_versions where content = 'two';
select is((select count(*)::int from public.prompt_versions v join public.prompts p on p.id = v.prompt_id
  where p.title = 'First'), 2, 'an older version can be deleted');

-- pointers stay within their prompt
select throws_ok(
  $$update public.prompts set current_version_id = (select id from public.prompt_versions where content = 'other')
    where title = 'First'$$,
  'PL422', null, 'a prompt cannot point at another prompt''s version');
select lives_ok(
  $$update public.prompts set current_version_id = (select id from public.prompt_versions where content = 'one')
    where title = 'First'$$,
  'a prompt can point back at one of its own versions');

-- size limit
select lives_ok(
  $$insert into public.prompt_versions (prompt_id, content) select id, repeat('word ', 20000) from public.prompts where title = 'Second'$$,
  'content of exactly 100 000 characters is accepted');
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content) select id, repeat('word ', 20000) || 'x' from public.prompts where title = 'Second'$$,
  '23514', null, 'content over 100 000 characters is refused');
select is((select version_number from public.prompt_versions where char_length(content) = 100000), 2,
  'a refused insert does not use up a number');

select * from finish();
rollback;
