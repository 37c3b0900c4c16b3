-- Bookkeeping (runs, run_events, run_logs) is written only by SQL functions. A signed-in user
-- reads and deletes their own rows but cannot insert or update any of them, not even on their own
-- prompt or run, so a run's price snapshot, token usage and cost, or an event, cannot be forged
-- through the Data API. start_run, finish_run and record_prompt_event are service_role's alone:
-- the API calls them with the caller's claims, and they refuse (PL404) a prompt or run that is
-- not the caller's.
begin;
select plan(33);

select tests.create_supabase_user('bk_a');
select tests.create_supabase_user('bk_b');

-- The SQLSTATE and hint a statement fails with (the API maps both to its answer).
create function pg_temp.error_of(statement text) returns text
language plpgsql as $$
declare
  state text;
  hint text;
begin
  execute statement;
  return 'no error';
exception when others then
  get stacked diagnostics state = returned_sqlstate, hint = pg_exception_hint;
  return state || ' ' || coalesce(hint, '');
end;
$$;

-- Each user has a prompt with a version, and a running run on it started as the API starts one:
-- as service_role with the user's claims.
select tests.authenticate_as('bk_b');
insert into public.prompts (title) values ('B prompt');
insert into public.prompt_versions (prompt_id, content) select id, 'Hi' from public.prompts;
select set_config('tests.b_prompt', (select id::text from public.prompts), true);
set local role service_role;
select set_config('tests.b_run', (select run_id::text from public.start_run(current_setting('tests.b_prompt')::uuid,
    p_model => 'openai/gpt-4o-mini', p_project_keys => '{openai}')), true);

select tests.authenticate_as('bk_a');
insert into public.prompts (title) values ('A prompt');
insert into public.prompt_versions (prompt_id, content) select id, 'Hi' from public.prompts;
select set_config('tests.a_prompt', (select id::text from public.prompts), true);
set local role service_role;
select set_config('tests.a_run', (select run_id::text from public.start_run(current_setting('tests.a_prompt')::uuid,
    p_model => 'openai/gpt-4o-mini', p_project_keys => '{openai}')), true);

-- Privileges and policies, from the catalog.
select is_empty(
  $$select format('%s: %s has %s', t, r, p)
    from unnest(array['public.runs', 'public.run_events', 'public.run_logs']) t,
      unnest(array['anon', 'authenticated']) r, unnest(array['insert', 'update']) p
    where has_table_privilege(r, t, p)$$,
  'neither anon nor authenticated may insert into or update runs, run_events or run_logs');
select ok(has_table_privilege('authenticated', 'public.runs', 'select, delete')
    and has_table_privilege('authenticated', 'public.run_events', 'select, delete')
    and has_table_privilege('authenticated', 'public.run_logs', 'select, delete'),
  'authenticated still reads and deletes them (RLS keeps it to their own rows)');
select is_empty(
  $$select tablename || ': ' || policyname from pg_catalog.pg_policies
    where schemaname = 'public' and tablename in ('runs', 'run_events', 'run_logs')
      and cmd in ('INSERT', 'UPDATE', 'ALL')$$,
  'they have no insert or update policy');
select is_empty(
  $$select format('%s: %s', f, r)
    from unnest(array[
      'public.start_run(uuid,uuid,text,numeric,integer,jsonb,text,public.run_kind,text,integer,boolean,text[],boolean,boolean,jsonb,text,text,jsonb)',
      'public.finish_run(uuid,public.run_status,text,jsonb,integer,jsonb,text,integer,text,jsonb,jsonb)',
      'public.record_prompt_event(uuid,text,jsonb)']) f,
      unnest(array['anon', 'authenticated']) r
    where has_function_privilege(r, f, 'execute')$$,
  'start_run, finish_run and record_prompt_event are executable by neither anon nor authenticated');
select ok(has_function_privilege('service_role',
    'public.start_run(uuid,uuid,text,numeric,integer,jsonb,text,public.run_kind,text,integer,boolean,text[],boolean,boolean,jsonb,text,text,jsonb)', 'execute')
    and has_function_privilege('service_role',
    'public.finish_run(uuid,public.run_status,text,jsonb,integer,jsonb,text,integer,text,jsonb,jsonb)', 'execute')
    and has_function_privilege('service_role', 'public.record_prompt_event(uuid,text,jsonb)', 'execute'),
  'service_role executes all three');

-- As A, signed in: no direct write, on their own prompt and run either.
select tests.authenticate_as('bk_a');
select throws_ok(
  $$insert into public.runs (prompt_id, model, input)
    values (current_setting('tests.a_prompt')::uuid, 'm', '{}')$$,
  '42501', null, 'a user cannot insert a run, even on their own prompt');
select throws_ok(
  $$insert into public.runs (prompt_id, model, input, status, started_at, completed_at,
      token_usage, price_snapshot)
    values (current_setting('tests.a_prompt')::uuid, 'openai/gpt-4o-mini', '{}', 'success', now(),
      now(), '{"prompt_tokens":1000000,"completion_tokens":0}',
      '{"price_per_1k_input":0,"price_per_1k_output":0}')$$,
  '42501', null, 'nor one with a price snapshot and token usage of their own');
select throws_ok(
  $$update public.runs set token_usage = '{"prompt_tokens":0,"completion_tokens":0}'
    where id = current_setting('tests.a_run')::uuid$$,
  '42501', null, 'a user cannot set their own run''s token usage');
select throws_ok(
  $$update public.runs set price_snapshot = '{"price_per_1k_input":0,"price_per_1k_output":0}',
      token_usage = '{"prompt_tokens":10,"completion_tokens":10}'
    where id = current_setting('tests.a_run')::uuid$$,
  '42501', null, 'nor its price snapshot with its token usage');
select throws_ok(
  $$update public.runs set status = 'success' where id = current_setting('tests.a_run')::uuid$$,
  '42501', null, 'nor finish it');
select throws_ok(
  $$insert into public.run_events (prompt_id, event_type, payload)
    values (current_setting('tests.a_prompt')::uuid, 'improve', '{}')$$,
  '42501', null, 'a user cannot insert an event, even on their own prompt');
select throws_ok($$update public.run_events set payload = '{}'$$, '42501', null,
  'nor update their events');
select throws_ok(
  $$insert into public.run_logs (run_id, message)
    values (current_setting('tests.a_run')::uuid, 'the provider said it was free')$$,
  '42501', null, 'a user cannot insert a log line, even on their own run');
select throws_ok($$update public.run_logs set message = 'x'$$, '42501', null,
  'nor update their log lines');
select results_eq(
  $$select status::text, token_usage, cost_usd from public.runs
    where id = current_setting('tests.a_run')::uuid$$,
  $$values ('running'::text, null::jsonb, null::numeric)$$,
  'A''s run is as start_run left it');

-- Nor may they call the functions that write bookkeeping, as authenticated or anon.
select throws_ok(
  $$select * from public.start_run(current_setting('tests.a_prompt')::uuid,
    p_model => 'openai/gpt-4o-mini', p_project_keys => '{openai}')$$,
  '42501', null, 'a user cannot call start_run, even on their own prompt');
select throws_ok(
  $$select * from public.finish_run(current_setting('tests.a_run')::uuid, 'success', 'x',
    '{"prompt_tokens":0,"completion_tokens":0}')$$,
  '42501', null, 'nor finish_run, even on their own run');
select throws_ok(
  $$select public.record_prompt_event(current_setting('tests.a_prompt')::uuid, 'improve', null)$$,
  '42501', null, 'nor record_prompt_event, even on their own prompt');
select tests.authenticate_as_anon();
select throws_ok(
  $$select * from public.start_run(current_setting('tests.a_prompt')::uuid,
    p_model => 'openai/gpt-4o-mini', p_project_keys => '{openai}')$$,
  '42501', null, 'anon cannot call start_run');
select throws_ok(
  $$select * from public.finish_run(current_setting('tests.a_run')::uuid, 'success')$$,
  '42501', null, 'nor finish_run');
select throws_ok(
  $$select public.record_prompt_event(current_setting('tests.a_prompt')::uuid, 'improve', null)$$,
  '42501', null, 'nor record_prompt_event');

-- As service_role with A's claims (as the API calls them): B's prompt and run are not found.
select tests.authenticate_as('bk_a');
set local role service_role;
select is(pg_temp.error_of($$select * from public.start_run(current_setting('tests.b_prompt')::uuid,
    p_model => 'openai/gpt-4o-mini', p_project_keys => '{openai}')$$),
  'PL404 prompt_not_found', 'with A''s claims, start_run on B''s prompt is refused: not found');
select is(pg_temp.error_of($$select * from public.finish_run(current_setting('tests.b_run')::uuid,
    'success', 'forged', '{"prompt_tokens":0,"completion_tokens":0}')$$),
  'PL404 run_not_found', 'with A''s claims, finish_run on B''s run is refused: not found');
select is(pg_temp.error_of($$select public.record_prompt_event(
    current_setting('tests.b_prompt')::uuid, 'improve', null)$$),
  'PL404 prompt_not_found', 'with A''s claims, record_prompt_event on B''s prompt is refused');
select results_eq(
  $$select count(*)::int, min(status::text), min(token_usage::text)
    from public.runs where prompt_id = current_setting('tests.b_prompt')::uuid$$,
  $$values (1, 'running'::text, null::text)$$,
  'B still has one run, running, untouched');
select is((select count(*)::int from public.run_events
    where prompt_id = current_setting('tests.b_prompt')::uuid and event_type = 'improve'), 0,
  'and no improve event');

-- With A's own claims they work, and what they write is A's.
select set_config('tests.a_run2', (select run_id::text from public.start_run(current_setting('tests.a_prompt')::uuid,
    p_model => 'openai/gpt-4o-mini', p_project_keys => '{openai}')), true);
select is((select user_id from public.runs where id = current_setting('tests.a_run2')::uuid),
  (select auth.uid()), 'with A''s claims, start_run on A''s prompt makes a run of A''s');
select is((select user_id from public.run_events where event_type = 'run'
    and payload ->> 'run_id' = current_setting('tests.a_run2')), (select auth.uid()),
  'with its run event, A''s');
select results_eq(
  $$select status::text, user_id = (select auth.uid()), cost_usd > 0
    from public.finish_run(current_setting('tests.a_run2')::uuid, 'success', 'hello',
      '{"prompt_tokens":100,"completion_tokens":100}')$$,
  $$values ('success'::text, true, true)$$,
  'finish_run on A''s run records the outcome, priced from the snapshot');
select is((select count(*)::int from public.run_logs
    where run_id = current_setting('tests.a_run2')::uuid and user_id = (select auth.uid())), 2,
  'and writes its log, A''s');
select set_config('tests.a_event', public.record_prompt_event(
  current_setting('tests.a_prompt')::uuid, 'improve', '{"model":"m"}')::text, true);
select is((select user_id from public.run_events where id = current_setting('tests.a_event')::uuid),
  (select auth.uid()), 'record_prompt_event on A''s prompt records an event of A''s');

-- service_role without a user's claims acts for nobody.
select tests.authenticate_as_service_role();
select is(pg_temp.error_of($$select * from public.start_run(current_setting('tests.a_prompt')::uuid,
    p_model => 'openai/gpt-4o-mini', p_project_keys => '{openai}')$$),
  'PL404 prompt_not_found', 'service_role with no user''s claims starts no run');
select is(pg_temp.error_of($$select * from public.finish_run(current_setting('tests.a_run')::uuid,
    'success')$$),
  'PL404 run_not_found', 'and finishes none');
reset role;

select * from finish();
rollback;
