-- The prompt_tags guard: the link, the prompt and the tag have one owner, for every role, and
-- the refusal carries SQLSTATE PL403 with hint tag_owner_mismatch (the API's 403 code).
begin;
select plan(6);

create function pg_temp.error_of(statement text)
returns text language plpgsql as $$
declare
  state text;
  hint text;
begin
  execute statement;
  return 'no error';
exception when others then
  get stacked diagnostics state = returned_sqlstate, hint = pg_exception_hint;
  return state || '/' || hint;
end;
$$;

select tests.create_supabase_user('gd_alice');
select tests.create_supabase_user('gd_bob');
insert into public.prompts (user_id, title) values
  (tests.get_supabase_uid('gd_alice'), 'Alice prompt'), (tests.get_supabase_uid('gd_bob'), 'Bob prompt');
insert into public.tags (user_id, name) values
  (tests.get_supabase_uid('gd_alice'), 'alice-tag'), (tests.get_supabase_uid('gd_bob'), 'bob-tag');

-- as the database owner (RLS does not apply): only the trigger stands in the way
select is(pg_temp.error_of($$
  insert into public.prompt_tags (prompt_id, tag_id, user_id)
  select p.id, t.id, tests.get_supabase_uid('gd_alice')
  from public.prompts p, public.tags t where p.title = 'Alice prompt' and t.name = 'bob-tag'$$),
  'PL403/tag_owner_mismatch', 'another user''s tag cannot go on a prompt');
select is(pg_temp.error_of($$
  insert into public.prompt_tags (prompt_id, tag_id, user_id)
  select p.id, t.id, tests.get_supabase_uid('gd_bob')
  from public.prompts p, public.tags t where p.title = 'Alice prompt' and t.name = 'bob-tag'$$),
  'PL403/tag_owner_mismatch', 'a tag cannot go on another user''s prompt');
select is(pg_temp.error_of($$
  insert into public.prompt_tags (prompt_id, tag_id, user_id)
  select p.id, t.id, tests.get_supabase_uid('gd_bob')
  from public.prompts p, public.tags t where p.title = 'Alice prompt' and t.name = 'alice-tag'$$),
  'PL403/tag_owner_mismatch', 'a link cannot be owned by someone other than the prompt''s owner');
select is(pg_temp.error_of($$
  insert into public.prompt_tags (prompt_id, tag_id, user_id)
  select p.id, t.id, tests.get_supabase_uid('gd_alice')
  from public.prompts p, public.tags t where p.title = 'Alice prompt' and t.name = 'alice-tag'$$),
  'no error', 'matching owners are accepted');
select is(pg_temp.error_of($$
  update public.prompt_tags set tag_id = (select id from public.tags where name = 'bob-tag')$$),
  'PL403/tag_owner_mismatch', 'an update cannot swap in another user''s tag');

-- as a signed-in user the guard fires before RLS, so the API gets the same code
select tests.authenticate_as('gd_bob');
select is(pg_temp.error_of($$
  insert into public.prompt_tags (prompt_id, tag_id)
  select (select id from public.prompts), (select id from public.tags)$$),
  'no error', 'bob can tag his own prompt');

select * from finish();
rollback;
