-- Cost by model this month (seed 003's admin query) counts a workflow's model calls by the model
-- each call used: a model-graded check's grading call is a workflow_gate run of its own model,
-- whose tokens and cost the gate's totals include (complete_workflow_gate), so reading gates by
-- the gate's model filed the grader's cost under it. The gate side now reads the workflow_gate
-- runs themselves; a gate's average duration still comes from the gate its call served.
-- 20261205004073_workflow_approval_start_and_costs.sql's function with that change ("changed").
create or replace function public.admin_workflow_costs(p_since timestamptz default null)
returns table (
  model text,
  provider text,
  gate_executions bigint,
  single_runs bigint,
  tokens_in bigint,
  tokens_out bigint,
  cost_usd numeric,
  avg_gate_duration_ms numeric,
  avg_run_latency_ms numeric
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  since timestamptz := coalesce(p_since,
    date_trunc('month', now() at time zone 'utc') at time zone 'utc');
begin
  perform private.require_admin();
  return query
  with g as (
    -- changed: the workflow's model calls (gates' and graders'), each by its own model
    select r.model, coalesce(r.provider_id, '') as provider, count(*) as n,
      sum(coalesce((r.token_usage ->> 'prompt_tokens')::bigint, 0))::bigint as t_in,
      sum(coalesce((r.token_usage ->> 'completion_tokens')::bigint, 0))::bigint as t_out,
      sum(coalesce(r.cost_usd, 0)) as cost, avg(ge.duration_ms) as duration
    from public.runs r
    left join public.gate_executions ge on ge.model_run_id = r.id
    where r.created_at >= since and r.kind = 'workflow_gate' and r.status <> 'running'
    group by 1, 2
  ), s as (
    select r.model, coalesce(r.provider_id, '') as provider, count(*) as n,
      sum(coalesce((r.token_usage ->> 'prompt_tokens')::bigint, 0))::bigint as t_in,
      sum(coalesce((r.token_usage ->> 'completion_tokens')::bigint, 0))::bigint as t_out,
      sum(coalesce(r.cost_usd, 0)) as cost, avg(r.latency_ms) as latency
    from public.runs r
    where r.created_at >= since and r.kind <> 'workflow_gate' and r.status <> 'running'
    group by 1, 2
  )
  select coalesce(g.model, s.model), coalesce(g.provider, s.provider), coalesce(g.n, 0),
    coalesce(s.n, 0), coalesce(g.t_in, 0) + coalesce(s.t_in, 0),
    coalesce(g.t_out, 0) + coalesce(s.t_out, 0), coalesce(g.cost, 0) + coalesce(s.cost, 0),
    round(g.duration, 1), round(s.latency, 1)
  from g full join s on s.model = g.model and s.provider = g.provider
  order by 7 desc, 1, 2;
end;
$$;

comment on function public.admin_workflow_costs(timestamptz) is 'Admin: cost by model and provider since a time (this UTC month by default), workflow model calls (gates'' and graders'', each by its own model) and single runs apart and together.';
