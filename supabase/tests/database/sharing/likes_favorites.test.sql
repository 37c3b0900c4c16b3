-- Likes and favorites (issue 15): one like per user per public prompt, counted by SQL alone;
-- favorites a private list; a like by someone else cannot be taken back by you; nothing of the
-- kind on a prompt that is not public; and nobody, the owner included, can set a counter.
begin;
select plan(17);

select tests.create_supabase_user('lk_owner');
select tests.create_supabase_user('lk_fan');
select tests.create_supabase_user('lk_fan2');

select tests.authenticate_as('lk_owner');
select set_config('tests.pub', public.create_prompt(title => 'Liked', content => 'x')::text, true);
select public.set_prompt_sharing(current_setting('tests.pub')::uuid, 'public', 'writing');
select set_config('tests.priv', public.create_prompt(title => 'Mine only', content => 'y')::text, true);
select set_config('tests.unl', public.create_prompt(title => 'By link', content => 'z', visibility => 'unlisted')::text, true);

select throws_ok($$insert into public.prompt_likes (prompt_id) values (current_setting('tests.priv')::uuid)$$,
  '42501', null, 'the owner cannot like their own private prompt');
select throws_ok($$update public.shared_prompts set likes_count = 1000$$, '42501', null,
  'the owner cannot set their likes');
select throws_ok($$insert into public.shared_prompts (prompt_id, user_id, visibility, title, author_name)
    values (gen_random_uuid(), (select auth.uid()), 'public', 'fake', 'me')$$, '42501', null,
  'nor forge a shared row');

select tests.authenticate_as('lk_fan');
insert into public.prompt_likes (prompt_id) values (current_setting('tests.pub')::uuid);
select throws_ok($$insert into public.prompt_likes (prompt_id) values (current_setting('tests.pub')::uuid)$$,
  '23505', null, 'one like per user');
select throws_ok($$insert into public.prompt_likes (prompt_id) values (current_setting('tests.unl')::uuid)$$,
  '42501', null, 'an unlisted prompt cannot be liked');
select throws_ok($$insert into public.prompt_likes (prompt_id, user_id)
    values (current_setting('tests.pub')::uuid, tests.get_supabase_uid('lk_fan2'))$$,
  '42501', null, 'nor can a like be made in someone else''s name');
insert into public.prompt_favorites (prompt_id) values (current_setting('tests.pub')::uuid);
select throws_ok($$insert into public.prompt_favorites (prompt_id) values (current_setting('tests.unl')::uuid)$$,
  '42501', null, 'favorites are public prompts only');
select throws_ok($$update public.shared_prompts set likes_count = 0$$, '42501', null,
  'a reader cannot write the counters either');

select tests.authenticate_as('lk_fan2');
insert into public.prompt_likes (prompt_id) values (current_setting('tests.pub')::uuid);
select is((select likes_count from public.shared_prompts where prompt_id = current_setting('tests.pub')::uuid), 2,
  'two users'' likes count two');
select is((select count(*)::int from public.prompt_likes), 1, 'a user sees their own likes only');
select is((select count(*)::int from public.prompt_favorites), 0, 'and their own favorites only');
delete from public.prompt_likes where user_id = tests.get_supabase_uid('lk_fan');
select is((select likes_count from public.shared_prompts where prompt_id = current_setting('tests.pub')::uuid), 2,
  'a like by another user cannot be deleted by you');
delete from public.prompt_likes where prompt_id = current_setting('tests.pub')::uuid;
select is((select likes_count from public.shared_prompts where prompt_id = current_setting('tests.pub')::uuid), 1,
  'unliking takes back one''s own like only');

select tests.authenticate_as_anon();
select throws_ok($$insert into public.prompt_likes (prompt_id, user_id)
    values (current_setting('tests.pub')::uuid, tests.get_supabase_uid('lk_fan'))$$,
  '42501', null, 'anon cannot like');
select is((select likes_count from public.shared_prompts where prompt_id = current_setting('tests.pub')::uuid), 1,
  'anon sees the count');

select tests.authenticate_as('lk_fan');
select is(array(select prompt_id from public.prompt_favorites), array[current_setting('tests.pub')::uuid],
  'the fan''s favorites list has the prompt');
select tests.authenticate_as('lk_owner');
select public.set_prompt_sharing(current_setting('tests.pub')::uuid, 'private');
select public.set_prompt_sharing(current_setting('tests.pub')::uuid, 'public');
select is((select likes_count from public.shared_prompts where prompt_id = current_setting('tests.pub')::uuid), 1,
  'unpublishing and publishing again keeps the likes');

select * from finish();
rollback;
