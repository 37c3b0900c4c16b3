-- run_cost's arithmetic, and start_run / finish_run as the API uses them (as service_role with
-- the caller's claims): price snapshot, idempotency, KPI event and logs, all the caller's; cost
-- computed from the snapshot (never forged), finish once; another user's prompt or run not found.
begin;
select plan(26);

select is(private.run_cost('{"prompt_tokens":1000,"completion_tokens":1000,"cached_tokens":0}',
    '{"price_per_1k_input":0.003,"price_per_1k_output":0.015,"price_per_1k_cached_input":0.0003}'),
  0.01800000, '1k in + 1k out at Sonnet prices');
select is(private.run_cost('{"prompt_tokens":1234,"completion_tokens":567,"cached_tokens":234}',
    '{"price_per_1k_input":0.0003,"price_per_1k_output":0.0012,"price_per_1k_cached_input":0.00015}'),
  round((1000 * 0.0003 + 234 * 0.00015 + 567 * 0.0012) / 1000, 8),
  'cached tokens are billed at the cached price, the rest at the input price');
select is(private.run_cost('{"prompt_tokens":10,"completion_tokens":0,"cached_tokens":10}',
    '{"price_per_1k_input":0.001,"price_per_1k_output":0.002}'),
  0.00001000, 'no cached price: cached input costs the input price');
select is(private.run_cost(null, '{"price_per_1k_input":1}'), null, 'no usage, no cost');

select tests.create_supabase_user('rf_owner');
select tests.create_supabase_user('rf_other');
select tests.authenticate_as('rf_owner');
insert into public.prompts (title) values ('Functions prompt');
insert into public.prompt_versions (prompt_id, content) select id, 'Hi' from public.prompts;
select set_config('tests.prompt', (select id::text from public.prompts), true);
select set_config('tests.version', (select id::text from public.prompt_versions), true);

-- The API calls start_run and finish_run as service_role with the caller's claims, so auth.uid()
-- is the caller (callers cannot execute them: bookkeeping_writes.test.sql); what they wrote is
-- read back as the owner, under RLS.
set local role service_role;
select set_config('tests.run', (select run_id::text from public.start_run(
  current_setting('tests.prompt')::uuid, current_setting('tests.version')::uuid,
  p_model => 'openai/gpt-4o-mini', p_temperature => 0.5, p_max_tokens => 100,
  p_idempotency_key => 'idem-1', p_timeout_ms => 60000, p_project_keys => '{openai}')), true);
select tests.authenticate_as('rf_owner');
select is((select status::text from public.runs where id = current_setting('tests.run')::uuid),
  'running', 'start_run leaves the run running');
select is((select user_id from public.runs where id = current_setting('tests.run')::uuid),
  auth.uid(), 'the run is the caller''s');
select is((select price_snapshot ->> 'price_per_1k_input' from public.runs),
  (select price_per_1k_input::text from public.models where id = 'openai/gpt-4o-mini'),
  'the snapshot copies the model''s input price');
select is((select count(*)::int from public.run_events where event_type = 'run'
  and payload ->> 'run_id' = current_setting('tests.run')), 1, 'start_run writes a run event');
select is((select count(*)::int from public.run_logs where run_id = current_setting('tests.run')::uuid),
  0, 'a running run has no log lines yet: its log is written when it ends');

set local role service_role;
select is((select row(run_id::text, replayed) from public.start_run(
  current_setting('tests.prompt')::uuid, p_model => 'openai/gpt-4o-mini',
  p_idempotency_key => 'idem-1', p_timeout_ms => 60000, p_project_keys => '{openai}')),
  row(current_setting('tests.run'), true),
  'the same idempotency key returns the first run, replayed');
select tests.authenticate_as('rf_owner');
select is((select count(*)::int from public.runs), 1, 'and makes no second run');

set local role service_role;
select is((select cost_usd from public.finish_run(current_setting('tests.run')::uuid, 'success', 'hello',
    '{"prompt_tokens":1234,"completion_tokens":567,"cached_tokens":234,"total_tokens":1801}', 42,
    '{"finish_reason":"stop"}', null, 1, 'passed', '[]', '[{"level":"warn","message":"retrying"}]')),
  round((1000 * 0.0003 + 234 * 0.00015 + 567 * 0.0012) / 1000, 8), 'finish_run computes the cost');
select tests.authenticate_as('rf_owner');
select is((select output #>> '{}' from public.runs), 'hello', 'output is stored as text');
select is((select array_agg(message order by id) from public.run_logs),
  array['run started', 'retrying', 'run finished: success'],
  'finish_run writes the start, the API''s log lines and the outcome, in order');
select is((select count(*)::int from public.run_logs where user_id = auth.uid()), 3,
  'the log lines are the caller''s');
select is((select created_at from public.run_logs where message = 'run started'),
  (select started_at from public.runs where id = current_setting('tests.run')::uuid),
  'the start line is stamped with the run''s start');
select is((select data from public.run_logs where message = 'run started'),
  '{"model":"openai/gpt-4o-mini","provider_id":"openai","key_source":"project","timeout_ms":60000,"streamed":false}'::jsonb,
  'the start line says what the run was sent to');
set local role service_role;
select is((select status::text || ':' || latency_ms from public.finish_run(current_setting('tests.run')::uuid,
    'error', null, null, 999, null, 'late duplicate')), 'success:42',
  'a repeated finish returns the final run unchanged');

-- The cost follows from the snapshot whoever writes the row: not even service_role's direct
-- writes (callers have none) set it or change the snapshot.
update public.runs set cost_usd = 0 where id = current_setting('tests.run')::uuid;
select isnt((select cost_usd from public.runs where id = current_setting('tests.run')::uuid), 0.0,
  'nobody can forge the cost');
select throws_ok($$update public.runs set price_snapshot = '{"price_per_1k_input":0}'
  where id = current_setting('tests.run')::uuid$$, 'PL409', null,
  'the price snapshot cannot change');

select set_config('tests.standin_run', (select run_id::text from public.start_run(
  current_setting('tests.prompt')::uuid, p_model => 'openai/gpt-4o', p_standin => true)), true);
select is((select price_snapshot ->> 'model_id' from public.runs
  where id = current_setting('tests.standin_run')::uuid),
  'standin/echo', 'a stand-in run is billed at the stand-in''s prices, not the imitated model''s');
select throws_ok($$select * from public.start_run(current_setting('tests.prompt')::uuid,
  p_model => 'nope/none', p_project_keys => '{openai}')$$, 'PL422', null,
  'an unknown model is refused');

-- A pending run (the table's default) written directly, as only service_role may.
with pending as (
  insert into public.runs (user_id, prompt_id, model, input)
  values ((select auth.uid()), current_setting('tests.prompt')::uuid,
    'openai/gpt-4o-mini', '{}') returning id
)
select set_config('tests.pending', id::text, true) from pending;
select is((select status::text from public.finish_run(current_setting('tests.pending')::uuid, 'error',
    null, null, null, null, 'no key')), 'error', 'a pending run can fail');
select is((select array_agg(message order by id) from public.run_logs
  where run_id = current_setting('tests.pending')::uuid),
  array['run finished: error'], 'and has no start line: it never started');

-- With another user's claims, the owner's prompt and run are not found.
select tests.authenticate_as('rf_other');
set local role service_role;
select throws_ok($$select * from public.start_run(current_setting('tests.prompt')::uuid,
  p_model => 'openai/gpt-4o-mini', p_project_keys => '{openai}')$$, 'PL404', null,
  'nobody runs another user''s prompt');
select throws_ok($$select * from public.finish_run(current_setting('tests.run')::uuid, 'error')$$,
  'PL404', null, 'nor finishes another user''s run');

select * from finish();
rollback;
