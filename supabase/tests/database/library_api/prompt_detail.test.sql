-- prompt_detail: a prompt with its catalog, current version, tags and last run; null for a
-- prompt the caller cannot see.
begin;
select plan(8);

select tests.create_supabase_user('pd_owner');
select tests.create_supabase_user('pd_other');
select tests.authenticate_as('pd_owner');
insert into public.catalogs (name) values ('Shelf');
select set_config('tests.prompt', public.create_prompt(
  title => 'Detailed', content => 'v1', catalog_id => (select id from public.catalogs),
  tags => array['b', 'A'])::text, true);
insert into public.prompt_versions (prompt_id, content, summary)
values (current_setting('tests.prompt')::uuid, 'v2', 'second');

select is(public.prompt_detail(current_setting('tests.prompt')::uuid) -> 'current_version' ->> 'content',
  'v2', 'the current version is the newest');
select is((public.prompt_detail(current_setting('tests.prompt')::uuid) ->> 'version_count')::int,
  2, 'versions are counted');
select is(public.prompt_detail(current_setting('tests.prompt')::uuid) -> 'tags' -> 0 ->> 'name',
  'A', 'tags are listed by name, ignoring case');
select is(public.prompt_detail(current_setting('tests.prompt')::uuid) -> 'catalog' ->> 'name',
  'Shelf', 'the catalog is included');
select is(public.prompt_detail(current_setting('tests.prompt')::uuid) -> 'last_run',
  'null'::jsonb, 'no run yet: last_run is null');

-- Runs are written only by SQL functions (callers cannot): this one as the table owner.
reset role;
insert into public.runs (user_id, prompt_id, model, input)
values (tests.get_supabase_uid('pd_owner'), current_setting('tests.prompt')::uuid, 'stand-in', '{}');
select tests.authenticate_as('pd_owner');
select is(public.prompt_detail(current_setting('tests.prompt')::uuid) -> 'last_run' ->> 'status',
  'pending', 'the last run is summarised');
select ok(not (public.prompt_detail(current_setting('tests.prompt')::uuid) -> 'current_version' ? 'user_id'),
  'owner columns are not exposed');

select tests.authenticate_as('pd_other');
select is(public.prompt_detail(current_setting('tests.prompt')::uuid), null,
  'another user gets null');

select * from finish();
rollback;
