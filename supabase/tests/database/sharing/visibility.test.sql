-- Who reads a prompt by its visibility (issue 15), as the owner, another user and anon: private
-- stays private; unlisted is readable by its link only and listed nowhere; public is readable by
-- everyone, signed out too, and writable by no one but its owner; making it private again hides
-- it at once; rotating the link makes the old one dead.
begin;
select plan(28);

select tests.create_supabase_user('vis_owner');
select tests.create_supabase_user('vis_other');
update public.profiles set display_name = 'Ada Author' where id = tests.get_supabase_uid('vis_owner');
-- Other tests may have left public prompts behind: every list here is narrowed to this owner's.
select set_config('tests.owner', tests.get_supabase_uid('vis_owner')::text, true);
create temp view owner_shared with (security_invoker = true) as
  select * from public.shared_prompts where user_id = current_setting('tests.owner')::uuid;
grant select on owner_shared to anon, authenticated;

select tests.authenticate_as('vis_owner');
select public.create_prompt(title => 'Private haiku', content => 'Write a haiku about {{topic}}');
select public.create_prompt(title => 'Unlisted travel guide', content => 'Act as a travel guide for {{city}}',
  visibility => 'unlisted');
select public.create_prompt(title => 'Public code reviewer', content => 'Review this code: {{code}}',
  tags => array['Coding', 'review']);
select public.set_prompt_sharing(id, 'public', 'coding', null) from public.prompts where title = 'Public code reviewer';
select set_config('tests.unlisted_slug', (select s.slug from public.shared_prompts s
  join public.prompts p on p.id = s.prompt_id where p.title = 'Unlisted travel guide'), true);
select set_config('tests.public_id', (select id::text from public.prompts where title = 'Public code reviewer'), true);
select set_config('tests.private_id', (select id::text from public.prompts where title = 'Private haiku'), true);

select is((select count(*)::int from owner_shared), 2,
  'the owner sees their unlisted and public prompts'' shared rows (a private prompt has none)');
select is((select author_name from public.shared_prompts where prompt_id = current_setting('tests.public_id')::uuid),
  'Ada Author', 'the snapshot carries the author''s display name');
select ok(not exists (select 1 from public.shared_prompts s where s.author_name like '%@%'),
  'and never an email');

-- A user who never chose a public name: sign-up named them after their email's local part,
-- which readers must not see.
select tests.authenticate_as('vis_other');
select public.set_prompt_sharing(public.create_prompt(title => 'Nameless author''s prompt', content => 'x'),
  'public', 'other');
select is((select author_name from public.shared_prompts where title = 'Nameless author''s prompt'), 'Anonymous',
  'an author who chose no public name is Anonymous, not their email''s local part');
update public.profiles set display_name = 'Grace' where id = (select auth.uid());
select is((select author_name from public.shared_prompts where title = 'Nameless author''s prompt'), 'Grace',
  'and their chosen name once they choose one');
delete from public.prompts where title = 'Nameless author''s prompt';

-- another user
select is((select count(*)::int from public.prompts), 0, 'another user reads none of the owner''s prompts rows');
select is((select count(*)::int from public.prompt_versions), 0, 'nor their versions');
select is(array(select title from owner_shared), array['Public code reviewer'],
  'another user sees the public prompt only: private and unlisted are not listed');
select is(array(select title from public.search_gallery('travel guide') where title = 'Unlisted travel guide'), '{}'::text[],
  'an unlisted prompt is not found by search');
select is(array(select title from public.get_popular_templates(100, null)
    where id in (select prompt_id from owner_shared)), array['Public code reviewer'],
  'nor listed as popular');
select is(public.shared_prompt(current_setting('tests.unlisted_slug')) ->> 'title', 'Unlisted travel guide',
  'an unlisted prompt is readable through its link');
select is(public.gallery_prompt((select prompt_id from owner_shared limit 1)) ->> 'title', 'Public code reviewer',
  'a public prompt is readable by id');
select is(public.gallery_prompt(current_setting('tests.private_id')::uuid), null,
  'a private prompt is not readable by id');
select is(public.shared_prompt('not-the-slug-' || current_setting('tests.unlisted_slug')), null,
  'a forged slug reads nothing');
select is((public.gallery_prompt(current_setting('tests.public_id')::uuid) -> 'version' ->> 'content'),
  'Review this code: {{code}}', 'readers see the current version''s content');
select is((public.gallery_prompt(current_setting('tests.public_id')::uuid) -> 'history'), 'null'::jsonb,
  'but not the history, unless the owner shares it');

-- public is readable but not writable
update public.prompts set title = 'Defaced' where id = current_setting('tests.public_id')::uuid;
select throws_ok($$update public.shared_prompts set title = 'Defaced'$$, '42501', null,
  'the shared snapshot cannot be written by a reader');
select throws_ok($$select public.set_prompt_sharing(current_setting('tests.public_id')::uuid, 'private')$$,
  'PL404', null, 'nor can a reader change its sharing');
select throws_ok($$select public.rotate_share_link(current_setting('tests.public_id')::uuid)$$,
  'PL404', null, 'or rotate its link');

-- anon
select tests.authenticate_as_anon();
select is(array(select title from owner_shared), array['Public code reviewer'], 'anon sees the public prompt only');
select is((select count(*)::int from public.prompts), 0, 'anon reads no prompt rows');
select is(public.shared_prompt(current_setting('tests.unlisted_slug')) ->> 'title', 'Unlisted travel guide',
  'anon reads an unlisted prompt through its link');
select is(array(select title from public.search_gallery('review')
    where id in (select prompt_id from owner_shared)), array['Public code reviewer'],
  'anon searches the gallery');

-- the owner shares the history, then makes the prompt private again and rotates a link
select tests.authenticate_as('vis_owner');
select is((select title from public.prompts where id = current_setting('tests.public_id')::uuid),
  'Public code reviewer', 'the reader''s update changed nothing');
select public.set_prompt_sharing(current_setting('tests.public_id')::uuid, null, null, true);
insert into public.prompt_versions (prompt_id, content)
values (current_setting('tests.public_id')::uuid, 'Review this code carefully: {{code}}');
select public.rotate_share_link(p.id) from public.prompts p where p.title = 'Unlisted travel guide';

select tests.authenticate_as('vis_other');
select is(jsonb_array_length(public.gallery_prompt(current_setting('tests.public_id')::uuid) -> 'history'), 2,
  'with the history shared, readers see every version');
select is(public.shared_prompt(current_setting('tests.unlisted_slug')), null, 'a rotated link is dead');

select tests.authenticate_as('vis_owner');
select public.set_prompt_sharing(current_setting('tests.public_id')::uuid, 'private');
select tests.authenticate_as('vis_other');
select is((select count(*)::int from owner_shared), 0, 'made private, it leaves every list at once');
select is(public.gallery_prompt(current_setting('tests.public_id')::uuid), null, 'and cannot be read by id');

select * from finish();
rollback;
