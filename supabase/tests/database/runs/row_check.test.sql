-- The rules of a runs row (runs_row_check, one CHECK calling private.check_run_row): each rule
-- refuses its own bad value with check_violation, naming the rule and its column; good rows,
-- nulls where a column is optional, and a run's normal life pass. Callers write no runs (only SQL
-- functions do), so the rows are written as the table owner: the rules hold for every writer.
begin;
select plan(23);

select tests.create_supabase_user('rc_user');
select tests.authenticate_as('rc_user');
insert into public.prompts (title) values ('Row check prompt');
select set_config('tests.prompt', (select id::text from public.prompts), true);
select set_config('tests.user', auth.uid()::text, true);
reset role;

-- One bad column at a time on an otherwise valid pending run.
-- p_set is "column=SQL expression"; the other columns keep the valid row's values.
create function pg_temp.bad(p_set text) returns text
language plpgsql as $$
declare
  col text := split_part(p_set, '=', 1);
  val text := substr(p_set, strpos(p_set, '=') + 1);
begin
  execute format('insert into public.runs (user_id, prompt_id, model, input%s) values (%L, %L, %s, %L%s)',
    case when col = 'model' then '' else ', ' || col end, current_setting('tests.user'),
    current_setting('tests.prompt'),
    case when col = 'model' then val else quote_literal('m') end, '{}',
    case when col = 'model' then '' else ', ' || val end);
  return 'accepted';
exception when check_violation then
  declare c text; col text; msg text;
  begin
    get stacked diagnostics c = constraint_name, col = column_name, msg = message_text;
    return c || ' ' || col || ' ' || (msg = format('new row for relation "runs" violates check constraint "%s"', c))::text;
  end;
end;
$$;

select is(pg_temp.bad($$started_at=now()$$), 'runs_lifecycle_check status true', 'a pending run cannot have started');
select is(pg_temp.bad($$status='running'$$), 'runs_lifecycle_check status true', 'a running run must have started');
select is(pg_temp.bad($$model=''$$), 'runs_model_check model true', 'the model cannot be empty');
select is(pg_temp.bad($$provider_id='Not A Provider'$$), 'runs_provider_id_check provider_id true', 'a provider id is a slug');
select is(pg_temp.bad($$key_source='mine'$$), 'runs_key_source_check key_source true', 'the key source is user, project or standin');
select is(pg_temp.bad($$variables='[]'$$), 'runs_variables_check variables true', 'variables are an object');
select is(pg_temp.bad($$resolved_prompt=repeat('x', 1000001)$$), 'runs_resolved_prompt_check resolved_prompt true', 'the resolved prompt is at most 1 000 000 characters');
select is(pg_temp.bad($$temperature=2.5$$), 'runs_temperature_check temperature true', 'temperature is between 0 and 2');
select is(pg_temp.bad($$max_tokens=0$$), 'runs_max_tokens_check max_tokens true', 'max_tokens is positive');
select is(pg_temp.bad($$timeout_ms=0$$), 'runs_timeout_ms_check timeout_ms true', 'the timeout is positive');
select is(pg_temp.bad($$idempotency_key=''$$), 'runs_idempotency_key_check idempotency_key true', 'an idempotency key is not empty');
select is(pg_temp.bad($$price_snapshot='1'$$), 'runs_price_snapshot_check price_snapshot true', 'the price snapshot is an object');
select is(pg_temp.bad($$token_usage='"x"'$$), 'runs_token_usage_check token_usage true', 'token usage is an object');
select is(pg_temp.bad($$latency_ms=-1$$), 'runs_latency_ms_check latency_ms true', 'latency is not negative');
select is(pg_temp.bad($$attempts=-1$$), 'runs_attempts_check attempts true', 'attempts are not negative');
select is(pg_temp.bad($$error_message=repeat('e', 10001)$$), 'runs_error_message_check error_message true', 'an error message is at most 10 000 characters');
select is(pg_temp.bad($$validation_status='maybe'$$), 'runs_validation_status_check validation_status true', 'validation status is passed, failed or skipped');
select is(pg_temp.bad($$validation_results='{}'$$), 'runs_validation_results_check validation_results true', 'validation results are an array');
select is(pg_temp.bad($$temperature=null$$), 'accepted', 'optional columns may be null');

-- The two rules across columns, on a real life cycle.
insert into public.runs (user_id, prompt_id, model, input)
values (current_setting('tests.user')::uuid, current_setting('tests.prompt')::uuid, 'm', '{}');
-- This test's runs: as the table owner, a statement on public.runs reaches every user's runs.
create temporary view test_runs as
  select * from public.runs where prompt_id = current_setting('tests.prompt')::uuid;
select lives_ok($$update test_runs set status = 'running' where status = 'pending' and completed_at is null$$,
  'pending to running passes (started_at is stamped)');
select throws_ok($$update test_runs set completed_at = started_at - interval '1 second' where status = 'running'$$,
  '23514', 'new row for relation "runs" violates check constraint "runs_lifecycle_check"',
  'a running run cannot be completed');
select lives_ok($$update test_runs set status = 'success', latency_ms = 5 where status = 'running'$$,
  'running to success passes (completed_at is stamped)');
select throws_ok($$update test_runs set completed_at = started_at - interval '1 second' where status = 'success'$$,
  '23514', 'new row for relation "runs" violates check constraint "runs_completion_order_check"',
  'completion cannot precede the start');

select * from finish();
rollback;
