-- Feedback: RLS for feedback, categories, tags, tag links and analytics as the sender, another
-- user, anon and an admin; what senders may write (not the triage, not others' prompts);
-- responder and times stamped by the trigger; hierarchical categories without cycles; tags by
-- name; the per-day analytics and their pg_cron job.
begin;
select plan(30);

select tests.create_supabase_user('fb_sender');
select tests.create_supabase_user('fb_other');
select tests.create_supabase_user('fb_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('fb_admin');
insert into public.prompts (user_id, title) values (tests.get_supabase_uid('fb_other'), 'not yours');
select set_config('tests.other_prompt', (select id::text from public.prompts where title = 'not yours'), true);

-- The sender.
select tests.authenticate_as('fb_sender');
select lives_ok($$insert into public.feedback (feedback_type, priority, message, rating, page,
    user_agent, browser_info, device_info, category_id)
  values ('bug', 'high', 'The run button does nothing', 2, '/prompts/x', 'Mozilla/5.0',
    '{"language": "en"}', '{"platform": "Linux"}',
    (select id from public.feedback_categories where name = 'Runs'))$$,
  'a user sends feedback with what the client captured');
select results_eq($$select status::text, responder_id, responded_at from public.feedback$$,
  $$values ('open'::text, null::uuid, null::timestamptz)$$, 'it starts open and unanswered');
select throws_ok($$insert into public.feedback (message, status) values ('x', 'resolved')$$,
  '42501', null, 'a sender cannot set the status');
select throws_ok($$insert into public.feedback (message, admin_response) values ('x', 'done')$$,
  '42501', null, 'nor write a response');
select throws_ok($$insert into public.feedback (message, prompt_id)
    values ('x', current_setting('tests.other_prompt')::uuid)$$,
  '42501', null, 'nor link another user''s prompt');
select throws_ok($$insert into public.feedback (message, rating) values ('x', 6)$$,
  '23514', null, 'a rating is 1 to 5');
select throws_ok($$insert into public.feedback (message) values ('   ')$$,
  '23514', null, 'a message is not blank');
update public.feedback set status = 'closed';
select is((select status::text from public.feedback), 'open', 'a sender cannot triage (no row updated)');
select throws_ok($$delete from public.feedback$$, '42501', null, 'nor delete feedback');
select ok((select count(*) >= 7 from public.feedback_categories), 'users read the categories');
select throws_ok($$insert into public.feedback_categories (name) values ('mine')$$, '42501', null,
  'but cannot add one');
select is((select count(*)::int from public.feedback_tags), 0, 'tags are not for users');

-- Another user, anon.
select tests.authenticate_as('fb_other');
select is((select count(*)::int from public.feedback), 0, 'another user sees none of it');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.feedback$$, '42501', null, 'anon reads no feedback');
select throws_ok($$insert into public.feedback (message) values ('x')$$, '42501', null,
  'anon sends none');
select throws_ok($$select count(*) from public.feedback_analytics$$, '42501', null,
  'anon reads no analytics');

-- The admin triages.
select tests.clear_authentication();
select set_config('tests.fb', (select id::text from public.feedback
  where user_id = tests.get_supabase_uid('fb_sender')), true);
select tests.authenticate_as('fb_admin');
select ok((select count(*) >= 1 from public.feedback where id = current_setting('tests.fb')::uuid),
  'an admin reads everyone''s feedback');
update public.feedback set status = 'resolved', priority = 'urgent', admin_response = 'Fixed in 1.2'
where id = current_setting('tests.fb')::uuid;
select results_eq(
  $$select status::text, priority::text, responder_id, responded_at is not null, resolved_at is not null
    from public.feedback where id = current_setting('tests.fb')::uuid$$,
  format($$values ('resolved'::text, 'urgent'::text, %L::uuid, true, true)$$, tests.get_supabase_uid('fb_admin')),
  'the response records its admin and time, resolving records when');
select throws_ok($$update public.feedback set responder_id = null where id = current_setting('tests.fb')::uuid$$, '42501', null,
  'who answered is not writable');
select is(public.admin_set_feedback_tags(current_setting('tests.fb')::uuid, array['Regression', 'ui', 'ui']),
  array['regression', 'ui'], 'an admin tags feedback by name (lower-case, once)');
select is(public.admin_set_feedback_tags(current_setting('tests.fb')::uuid, array['ui']), array['ui'],
  'setting tags again replaces them');
select is((select count(*)::int from public.feedback_tag_links
  where feedback_id = current_setting('tests.fb')::uuid), 1, 'one link left');
select ok((select count(*) > 0 from public.audit_log where table_name = 'feedback' and action = 'update'
    and actor_id = tests.get_supabase_uid('fb_admin')), 'the triage is audited');
select lives_ok($$insert into public.feedback_categories (parent_id, name)
  select id, 'Sharing' from public.feedback_categories where name = 'Library'$$,
  'admins add a sub-category');
select throws_ok($$update public.feedback_categories set parent_id = (select id from public.feedback_categories where name = 'Sharing')
  where name = 'Product'$$, 'PL422', null, 'a category cannot be its own ancestor');

-- Back to the sender: the response is visible, the tags are not.
select tests.authenticate_as('fb_sender');
select results_eq($$select admin_response, status::text from public.feedback$$,
  $$values ('Fixed in 1.2'::text, 'resolved'::text)$$, 'the sender reads the response');
select throws_ok($$select public.admin_set_feedback_tags(current_setting('tests.fb')::uuid, array['x'])$$,
  'PL404', null, 'and cannot tag');

-- Analytics.
select tests.clear_authentication();
select ok(private.refresh_feedback_analytics() >= 1, 'the refresh writes the days with feedback');
select results_eq(
  $$select total_feedback >= 1, resolved_feedback >= 1, (feedback_by_type ->> 'bug')::int >= 1,
      avg_rating is not null
    from public.feedback_analytics where day = (now() at time zone 'utc')::date$$,
  $$values (true, true, true, true)$$, 'today''s summary counts it by type, resolved, with its rating');
select private.schedule_feedback_analytics_job();
select results_eq($$select schedule, command from cron.job where jobname = 'refresh-feedback-analytics'$$,
  $$values ('*/15 * * * *'::text, 'select private.refresh_feedback_analytics()'::text)$$,
  'pg_cron refreshes the analytics, scheduled once however often the scheduler runs');

select * from finish();
rollback;
