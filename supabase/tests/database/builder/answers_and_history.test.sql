-- The builder's save (create_prompt_with_answers: prompt, version 1, tags and answers, all or
-- nothing) and prompt_answers' RLS; builder generations as runs with no prompt and seed 004's
-- fields (start_run / finish_run / discard_run), their RLS as owner, other user, anon and admin.
begin;
select plan(23);

select tests.create_supabase_user('ba_owner');
select tests.create_supabase_user('ba_other');
select tests.create_supabase_user('ba_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('ba_admin');

select tests.authenticate_as('ba_owner');
select set_config('tests.prompt', public.create_prompt_with_answers(
  title => 'Trip planner', content => 'Plan a trip to {{city}} for {{days}} days.',
  description => 'plan weekend trips',
  variables => '[{"name":"city","type":"string","required":true},{"name":"days","type":"number","required":true}]',
  tags => array['travel'],
  answers => '[{"question_id":"audience","question_text":"Who is it for?","answer":"Families"},
    {"question_id":"format","question_text":"Which format?","answer":""},
    {"question_id":"budget","question_text":"What budget?","answer":" Low "}]')::text, true);
select results_eq(
  $$select p.description, v.version_number, v.source::text from public.prompts p
    join public.prompt_versions v on v.id = p.current_version_id
    where p.id = current_setting('tests.prompt')::uuid$$,
  $$values ('plan weekend trips', 1, 'builder')$$,
  'the prompt is saved with the goal as description and version 1 from the builder');
select is((select array_agg(t.name) from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
  where pt.prompt_id = current_setting('tests.prompt')::uuid), array['travel'], 'with its tags');
select results_eq(
  $$select question_id, question_text, answer, position from public.prompt_answers
    where prompt_id = current_setting('tests.prompt')::uuid order by position$$,
  $$values ('audience', 'Who is it for?', 'Families', 0), ('budget', 'What budget?', 'Low', 2)$$,
  'the answers are saved in order; a skipped question is not stored');
select ok((select p.search_vector @@ websearch_to_tsquery('english', 'weekend trips')
  from public.prompts p where p.id = current_setting('tests.prompt')::uuid) is not null,
  'the prompt is searchable');

-- All or nothing: a bad answer after the prompt was inserted leaves nothing.
select throws_ok($$select public.create_prompt_with_answers(title => 'Half', content => 'x',
    tags => array['half'],
    answers => '[{"question_id":"ok","question_text":"Q?","answer":"a"},
      {"question_id":"bad id!","question_text":"Q?","answer":"a"}]')$$,
  'PL422', 'answer 1 is not valid', 'a bad answer fails the save');
select is((select count(*)::int from public.prompts where title = 'Half'), 0,
  'a failed save leaves no prompt');
select is((select count(*)::int from public.prompt_versions v where v.content = 'x'), 0,
  'and no version');
select is((select count(*)::int from public.tags where name = 'half'), 0, 'and no tag');
select is((select count(*)::int from public.prompt_answers where question_id = 'ok'), 0,
  'and no answer');

select tests.authenticate_as('ba_other');
select is((select count(*)::int from public.prompt_answers), 0, 'another user reads no answer');
select throws_ok($$insert into public.prompt_answers (prompt_id, question_id, question_text, answer, position)
  values (current_setting('tests.prompt')::uuid, 'x', 'Q', 'A', 9)$$, '42501', null,
  'another user cannot add answers to the prompt');
select tests.authenticate_as('ba_admin');
select is((select count(*)::int from public.prompt_answers), 0, 'an admin reads no one''s answers');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.prompt_answers$$, '42501', null, 'anon reads none');
select throws_ok($$select public.create_prompt_with_answers('t', 'c')$$, '42501', null,
  'anon cannot save');

-- A builder generation is a run with no prompt and seed 004's fields.
select tests.authenticate_as('ba_owner');
set local role service_role;
select set_config('tests.run', (select run_id::text from public.start_run(null,
  p_text => 'Ask me questions about: plan trips', p_kind => 'builder_questions',
  p_standin => true, p_builder => '{"framework":"ape","tone":"friendly","length":"short",
    "vibe_coding":true,"input":{"goal":"plan trips"}}')), true);
select results_eq(
  $$select prompt_id, kind::text, framework, tone::text, length::text, vibe_coding, input,
    status::text, resolved_prompt, price_snapshot ->> 'model_id'
    from public.runs where id = current_setting('tests.run')::uuid$$,
  $$values (null::uuid, 'builder_questions', 'ape', 'friendly', 'short', true,
    '{"goal":"plan trips"}'::jsonb, 'running', 'Ask me questions about: plan trips', 'standin/echo')$$,
  'start_run records a builder run with no prompt, its fields, priced');
select is((select count(*)::int from public.run_events e
  where e.payload ->> 'run_id' = current_setting('tests.run')), 0, 'a builder run is no run event');
select is((select cost_usd is not null from public.finish_run(current_setting('tests.run')::uuid,
  'success', '{"questions":[]}', '{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}')),
  true, 'finish_run prices a builder run');
select throws_ok($$select * from public.start_run(current_setting('tests.prompt')::uuid,
  p_text => 'x', p_kind => 'builder_template', p_standin => true)$$, 'PL422', null,
  'a builder run takes no prompt');
select throws_ok($$select * from public.start_run(null, p_standin => true)$$, 'PL404', null,
  'any other run needs a prompt');
select set_config('tests.discard', (select run_id::text from public.start_run(null,
  p_text => 'x', p_kind => 'builder_polish', p_standin => true)), true);
select is(public.discard_run(current_setting('tests.discard')::uuid), true,
  'a refused builder run is discarded');

select tests.authenticate_as('ba_other');
select is((select count(*)::int from public.runs), 0, 'another user reads no builder run');
select tests.authenticate_as('ba_admin');
select is((select count(*)::int from public.runs), 0, 'an admin reads no one''s history');
select tests.authenticate_as_anon();
select is((select count(*)::int from public.runs), 0, 'anon reads no history');

select * from finish();
rollback;
