-- run_metrics: numbers from known runs, UTC days with zeros filled in, RLS scoping, bad days.
begin;
select plan(12);

select tests.create_supabase_user('rm_owner');
select tests.create_supabase_user('rm_other');

-- Noon UTC of the day `n` days ago, so a run's day never depends on the session time zone.
create function pg_temp.noon(n integer) returns timestamptz language sql as $$
  select (((now() at time zone 'utc')::date - n) + time '12:00') at time zone 'utc'
$$;

select tests.authenticate_as('rm_owner');
insert into public.prompts (title) values ('Measured');
select set_config('tests.prompt', (select id::text from public.prompts), true);
-- Runs are bookkeeping no caller writes: these are written as the table owner, for rm_owner.
reset role;
insert into public.runs (user_id, prompt_id, model, input, status, started_at, completed_at,
  created_at, latency_ms, token_usage, price_snapshot)
select p.user_id, p.id, 'standin/echo', '{}', 'success', pg_temp.noon(0), pg_temp.noon(0),
  pg_temp.noon(0), l, '{"prompt_tokens":10,"completion_tokens":5}',
  '{"price_per_1k_input":0.001,"price_per_1k_output":0.002}'
from public.prompts p, unnest(array[100, 400, 200, 300]) l
where p.id = current_setting('tests.prompt')::uuid;
insert into public.runs (user_id, prompt_id, model, input, status, completed_at, created_at)
select user_id, id, 'openai/gpt-4o', '{}', 'error', pg_temp.noon(0), pg_temp.noon(0)
from public.prompts where id = current_setting('tests.prompt')::uuid;
insert into public.runs (user_id, prompt_id, model, input, status, started_at, completed_at,
  created_at, latency_ms, token_usage, price_snapshot)
select user_id, id, 'openai/gpt-4o', '{}', 'success', pg_temp.noon(1), pg_temp.noon(1),
  pg_temp.noon(1), 50, '{"prompt_tokens":1000,"completion_tokens":1000}',
  '{"price_per_1k_input":0.005,"price_per_1k_output":0.015}'
from public.prompts where id = current_setting('tests.prompt')::uuid;
-- Outside a 7-day window.
insert into public.runs (user_id, prompt_id, model, input, status, completed_at, created_at)
select user_id, id, 'old/model', '{}', 'cancelled', pg_temp.noon(7), pg_temp.noon(7)
from public.prompts where id = current_setting('tests.prompt')::uuid;
select tests.authenticate_as('rm_owner');

select set_config('tests.m', public.run_metrics(7)::text, true);

select is(jsonb_array_length(current_setting('tests.m')::jsonb -> 'per_day'), 7,
  'one entry per day, zeros included');
select is(current_setting('tests.m')::jsonb -> 'per_day' -> 6,
  jsonb_build_object('day', (now() at time zone 'utc')::date, 'runs', 5, 'succeeded', 4,
    'failed', 1, 'p50_latency_ms', 250.0, 'p95_latency_ms', 385.0, 'tokens', 60,
    'cost_usd', 0.00008),
  'today: 5 runs, 4 succeeded, p50 250 ms and p95 385 ms over 100..400, 60 tokens, cost');
select is(current_setting('tests.m')::jsonb -> 'per_day' -> 5,
  jsonb_build_object('day', (now() at time zone 'utc')::date - 1, 'runs', 1, 'succeeded', 1,
    'failed', 0, 'p50_latency_ms', 50.0, 'p95_latency_ms', 50.0, 'tokens', 2000,
    'cost_usd', 0.02),
  'yesterday: one gpt-4o run at its price');
select is(current_setting('tests.m')::jsonb -> 'per_day' -> 0,
  jsonb_build_object('day', (now() at time zone 'utc')::date - 6, 'runs', 0, 'succeeded', 0,
    'failed', 0, 'p50_latency_ms', null, 'p95_latency_ms', null, 'tokens', 0, 'cost_usd', 0),
  'a day without runs is zeros, latency null');
select is(current_setting('tests.m')::jsonb -> 'by_model',
  '[{"model":"openai/gpt-4o","runs":2,"input_tokens":1000,"output_tokens":1000,"total_tokens":2000,"cost_usd":0.02},
    {"model":"standin/echo","runs":4,"input_tokens":40,"output_tokens":20,"total_tokens":60,"cost_usd":0.00008}]'::jsonb,
  'tokens and cost by model, costliest first; the run 7 days ago is outside the window');
select is(current_setting('tests.m')::jsonb -> 'totals',
  '{"runs":6,"tokens":2060,"cost_usd":0.02008}'::jsonb, 'totals');
select is((public.run_metrics(8) -> 'totals' ->> 'runs')::int, 7, 'a longer window reaches it');
select is(jsonb_array_length(public.run_metrics(1) -> 'per_day'), 1, 'days = 1 is today only');

select throws_ok($$select public.run_metrics(0)$$, 'PL422', null, 'days below 1 is refused');
select throws_ok($$select public.run_metrics(91)$$, 'PL422', null, 'days above 90 is refused');

select tests.authenticate_as('rm_other');
select is(public.run_metrics(7) -> 'totals', '{"runs":0,"tokens":0,"cost_usd":0}'::jsonb,
  'another user''s metrics do not include the owner''s runs');

select tests.authenticate_as_anon();
select throws_ok($$select public.run_metrics(7)$$, '42501', null, 'anon cannot call it');

select * from finish();
rollback;
