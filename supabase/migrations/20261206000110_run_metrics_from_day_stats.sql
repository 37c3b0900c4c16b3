-- run_metrics reads each closed day from private.run_day_stats when its row is fresh, and
-- computes the other days (today, days never rolled up, stale days) from the runs, one index
-- range per day; both through private.summarize_run_days, so the numbers cannot differ by path.
-- The caller's own runs only (auth.uid()), as before through RLS.

create or replace function public.run_metrics(days integer)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  today date := (now() at time zone 'utc')::date;
  first_day date;
  me uuid := auth.uid();
  result jsonb;
begin
  if run_metrics.days is null or run_metrics.days not between 1 and 90 then
    raise exception 'days must be between 1 and 90, got %', run_metrics.days
      using errcode = 'PL422', hint = 'invalid_days';
  end if;
  first_day := today - (run_metrics.days - 1);

  with calendar as (
    select g::date as day from generate_series(first_day, today, interval '1 day') g
  ),
  stored as (
    select s.day, s.runs, s.succeeded, s.failed, s.p50_latency_ms, s.p95_latency_ms, s.tokens,
           s.cost_usd, s.by_model
    from private.run_day_stats s
    where s.user_id = me and s.day between first_day and today - 1 and not s.stale
  ),
  live as (
    select l.day, l.runs, l.succeeded, l.failed, l.p50_latency_ms, l.p95_latency_ms, l.tokens,
           l.cost_usd, l.by_model
    from calendar c
    cross join lateral private.summarize_run_days(c.day, c.day) l
    where l.user_id = me
      and not exists (select 1 from stored s where s.day = c.day)
  ),
  summary as (
    select * from stored
    union all
    select * from live
  ),
  per_day as (
    select c.day,
           coalesce(s.runs, 0) as runs,
           coalesce(s.succeeded, 0) as succeeded,
           coalesce(s.failed, 0) as failed,
           s.p50_latency_ms as p50,
           s.p95_latency_ms as p95,
           coalesce(s.tokens, 0) as tokens,
           coalesce(s.cost_usd, 0) as cost_usd
    from calendar c
    left join summary s on s.day = c.day
  ),
  per_model as (
    select m.model,
           sum(m.runs) as runs,
           sum(m.input_tokens) as input_tokens,
           sum(m.output_tokens) as output_tokens,
           sum(m.input_tokens + m.output_tokens) as total_tokens,
           sum(m.cost_usd) as cost_usd
    from summary s
    cross join lateral jsonb_to_recordset(s.by_model)
      as m(model text, runs integer, input_tokens numeric, output_tokens numeric,
           cost_usd numeric)
    group by m.model
  )
  select jsonb_build_object(
    'days', run_metrics.days,
    'from', first_day,
    'to', today,
    'totals', (select jsonb_build_object(
        'runs', coalesce(sum(p.runs), 0),
        'tokens', coalesce(sum(p.tokens), 0),
        'cost_usd', coalesce(sum(p.cost_usd), 0))
      from per_day p),
    'per_day', (select jsonb_agg(jsonb_build_object(
        'day', p.day, 'runs', p.runs, 'succeeded', p.succeeded, 'failed', p.failed,
        'p50_latency_ms', p.p50, 'p95_latency_ms', p.p95,
        'tokens', p.tokens, 'cost_usd', p.cost_usd) order by p.day)
      from per_day p),
    'by_model', coalesce((select jsonb_agg(jsonb_build_object(
        'model', m.model, 'runs', m.runs, 'input_tokens', m.input_tokens,
        'output_tokens', m.output_tokens, 'total_tokens', m.total_tokens,
        'cost_usd', m.cost_usd) order by m.cost_usd desc, m.model)
      from per_model m), '[]'::jsonb)
  ) into result;
  return result;
end;
$$;

comment on function public.run_metrics(integer) is
  'The caller''s runs over the last N (1-90) UTC days: per day counts, p50/p95 latency, tokens, cost; tokens and cost by model. Closed days come from their daily rollup.';
