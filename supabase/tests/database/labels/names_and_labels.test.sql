-- Names and labels (issue 19): names are slugs unique per user (the same name for two users is
-- fine), given from the title when missing and kept across title edits; a label points only at
-- one of its own prompt's versions; every move is written to the history by trigger, which
-- nobody can edit; a labelled version is not pruned; latest is reserved.
begin;
select plan(19);

select tests.create_supabase_user('nl_owner');
select tests.create_supabase_user('nl_other');

select tests.authenticate_as('nl_owner');
select set_config('tests.p1', public.create_prompt(title => 'Support Reply!', content => 'v1')::text, true);
select set_config('tests.p2', public.create_prompt(title => 'Support reply', content => 'other')::text, true);
select is((select name from public.prompts where id = current_setting('tests.p1')::uuid), 'support-reply',
  'a name is made from the title');
select is((select name from public.prompts where id = current_setting('tests.p2')::uuid), 'support-reply-2',
  'a second prompt with the same title gets the next free name');
update public.prompts set title = 'Renamed title' where id = current_setting('tests.p1')::uuid;
select is((select name from public.prompts where id = current_setting('tests.p1')::uuid), 'support-reply',
  'the name is stable across title edits');
select throws_ok($$update public.prompts set name = 'support-reply-2' where id = current_setting('tests.p1')::uuid$$,
  '23505', null, 'names are unique per user');
select throws_ok($$update public.prompts set name = 'Not A Slug' where id = current_setting('tests.p1')::uuid$$,
  '23514', null, 'a name is a slug');

insert into public.prompt_versions (prompt_id, content) values (current_setting('tests.p1')::uuid, 'v2');
insert into public.prompt_versions (prompt_id, content) values (current_setting('tests.p2')::uuid, 'p2 v2');
select public.move_label(current_setting('tests.p1')::uuid, 'production', null, 1);
select is((select v.version_number from public.prompt_labels l join public.prompt_versions v on v.id = l.version_id
    where l.prompt_id = current_setting('tests.p1')::uuid and l.label = 'production'), 1, 'production points at v1');
select throws_ok($$insert into public.prompt_labels (prompt_id, label, version_id)
    select current_setting('tests.p1')::uuid, 'staging', v.id from public.prompt_versions v
    where v.prompt_id = current_setting('tests.p2')::uuid limit 1$$,
  '23503', null, 'a label cannot point at another prompt''s version');
select throws_ok($$select public.move_label(current_setting('tests.p1')::uuid, 'latest', null, 1)$$,
  'PL422', null, 'latest is reserved');
select throws_ok($$select public.move_label(current_setting('tests.p1')::uuid, 'production', null, 9)$$,
  'PL404', null, 'a version the prompt does not have is not found');
select public.move_label(current_setting('tests.p1')::uuid, 'production', null, 2);
select public.move_label(current_setting('tests.p1')::uuid, 'production', null, 1);
select is(array(select (from_version_number, to_version_number)::text from public.prompt_label_history
    where prompt_id = current_setting('tests.p1')::uuid order by id),
  array['(,1)', '(1,2)', '(2,1)'], 'every move is recorded: created at v1, moved to v2, rolled back to v1');
select is((select count(*)::int from public.prompt_label_history where moved_by = tests.get_supabase_uid('nl_owner')), 3,
  'with who moved it');
select throws_ok($$update public.prompt_label_history set to_version_number = 99$$, '42501', null,
  'the history cannot be edited');
select throws_ok($$delete from public.prompt_label_history$$, '42501', null, 'nor deleted');
select throws_ok($$insert into public.prompt_label_history (prompt_id, user_id, label) values
    (current_setting('tests.p1')::uuid, (select auth.uid()), 'forged')$$, '42501', null, 'nor forged');
select is(public.fetch_prompt('support-reply', 'production') ->> 'version_number', '1',
  'fetch by label follows the label');
select is(public.fetch_prompt('support-reply') ->> 'version_number', '2', 'latest is the current version');

select tests.authenticate_as('nl_other');
select set_config('tests.p3', public.create_prompt(title => 'Support reply', content => 'mine')::text, true);
select is((select name from public.prompts where id = current_setting('tests.p3')::uuid), 'support-reply',
  'another user may use the same name');
select is((select count(*)::int from public.prompt_labels) + (select count(*)::int from public.prompt_label_history), 0,
  'another user sees none of the owner''s labels or their history');
select throws_ok($$select public.fetch_prompt(p_prompt_id => current_setting('tests.p1')::uuid)$$, 'PL404', null,
  'nor fetches the owner''s prompt by id');

select * from finish();
rollback;
