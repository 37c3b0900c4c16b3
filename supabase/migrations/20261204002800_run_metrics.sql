-- Run metrics for the dashboard (seed 002's executions, seed 003's admin queries "runs per day"
-- and "cost by model"): per UTC day the run count, outcomes, p50/p95 latency, tokens and cost,
-- and tokens and cost by model, over the last `days` days. Security invoker, so RLS scopes it to
-- the caller's own runs; the API and SQL clients get the same numbers.

create function public.run_metrics(days integer)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  today date := (now() at time zone 'utc')::date;
  first_day date;
  result jsonb;
begin
  if run_metrics.days is null or run_metrics.days not between 1 and 90 then
    raise exception 'days must be between 1 and 90, got %', run_metrics.days
      using errcode = 'PL422', hint = 'invalid_days';
  end if;
  first_day := today - (run_metrics.days - 1);

  with scoped as (
    select r.id, r.model, r.status, r.latency_ms, r.cost_usd,
           (r.created_at at time zone 'utc')::date as day,
           coalesce((r.token_usage ->> 'prompt_tokens')::numeric, 0) as input_tokens,
           coalesce((r.token_usage ->> 'completion_tokens')::numeric, 0) as output_tokens
    from public.runs r
    where r.created_at >= (first_day::timestamp at time zone 'utc')
  ),
  per_day as (
    select d.day,
           count(s.id) as runs,
           count(s.id) filter (where s.status = 'success') as succeeded,
           count(s.id) filter (where s.status in ('error', 'timeout')) as failed,
           round(percentile_cont(0.5) within group (order by s.latency_ms)::numeric, 1) as p50,
           round(percentile_cont(0.95) within group (order by s.latency_ms)::numeric, 1) as p95,
           coalesce(sum(s.input_tokens + s.output_tokens), 0) as tokens,
           coalesce(sum(s.cost_usd), 0) as cost_usd
    from (select g::date as day from generate_series(first_day, today, interval '1 day') g) d
    left join scoped s on s.day = d.day
    group by d.day
  ),
  per_model as (
    select s.model,
           count(*) as runs,
           sum(s.input_tokens) as input_tokens,
           sum(s.output_tokens) as output_tokens,
           sum(s.input_tokens + s.output_tokens) as total_tokens,
           coalesce(sum(s.cost_usd), 0) as cost_usd
    from scoped s
    group by s.model
  )
  select jsonb_build_object(
    'days', run_metrics.days,
    'from', first_day,
    'to', today,
    'totals', (select jsonb_build_object(
        'runs', count(*),
        'tokens', coalesce(sum(s.input_tokens + s.output_tokens), 0),
        'cost_usd', coalesce(sum(s.cost_usd), 0))
      from scoped s),
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
  'The caller''s runs over the last N (1-90) UTC days: per day counts, p50/p95 latency, tokens, cost; tokens and cost by model.';

revoke execute on function public.run_metrics(integer) from public, anon;
grant execute on function public.run_metrics(integer) to authenticated;
