-- Workflows (issue 17): a spec whose first stage is an approval now pauses the run at its start
-- (start_workflow_run of 20261205004060, changed as marked: no worker claims an approval, so
-- such a run stayed pending); and seed 003's admin query, cost by model this month, across gate
-- executions and single runs (a gate's run, kind workflow_gate, is counted once, as its gate).

-- security definer: callers cannot write workflow_runs or gate_executions; the run is the
-- caller's (auth.uid()), of an active template and spec they can read.
create or replace function public.start_workflow_run(p_template text, p_intent jsonb,
  p_display_name text default null, p_spec_id uuid default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  t public.workflow_templates;
  s public.workflow_specs;
  checked record;
  run_id uuid;
  first_text text;
  display text;
begin
  if caller is null then
    raise exception 'sign in to run a workflow' using errcode = 'PL401', hint = 'unauthorized';
  end if;
  select * into t from public.workflow_templates wt where wt.slug = p_template and wt.is_active;
  if t.id is null then
    raise exception 'no such workflow template' using errcode = 'PL404', hint = 'template_not_found';
  end if;
  select * into s from public.workflow_specs ws
  where ws.template_id = t.id and ws.is_active and (p_spec_id is null or ws.id = p_spec_id)
  order by ws.version desc limit 1;
  if s.id is null then
    raise exception 'this workflow has no active spec%', case when p_spec_id is null then '' else ' of that id' end
      using errcode = 'PL404', hint = 'spec_not_found';
  end if;
  select * into checked from private.check_workflow_intent(s.intent_schema, p_intent);
  if jsonb_array_length(checked.problems) > 0 then
    raise exception 'the intent does not fit this workflow: % %', checked.problems -> 0 ->> 'field',
        checked.problems -> 0 ->> 'message'
      using errcode = 'PL422', hint = 'validation_failed',
        detail = jsonb_build_object('fields', checked.problems)::text;
  end if;
  select v #>> '{}' into first_text from jsonb_array_elements(s.intent_schema) f
    cross join lateral (select checked.intent -> (f.value ->> 'field') as v) x
  where jsonb_typeof(v) = 'string' limit 1;
  display := left(coalesce(nullif(btrim(p_display_name), ''),
    nullif(btrim(regexp_replace(coalesce(first_text, ''), '\[\[[^\]]*\]\]', '', 'g')), ''), t.name), 200);
  insert into public.workflow_runs (spec_id, template_id, user_id, intent, project_slug,
    display_name, total_gates)
  values (s.id, t.id, caller, checked.intent,
    left(concat_ws('-', nullif(private.slugify(display), ''), t.slug, to_char(now(), 'YYYYMMDD')), 200),
    display, jsonb_array_length(s.stages))
  returning id into run_id;
  perform private.insert_workflow_gate(run_id, s.stages, 1, 1);
  update public.workflow_runs r set current_gate = s.stages -> 0 ->> 'gate' where r.id = run_id;
  -- changed: a first stage that is an approval waits for it (no worker claims an approval)
  if coalesce((s.stages -> 0 ->> 'approval')::boolean, false) then
    perform private.pause_workflow_run(run_id, format('Gate %s awaits approval', s.stages -> 0 ->> 'gate'));
  end if;
  return run_id;
end;
$$;

comment on function public.start_workflow_run(text, jsonb, text, uuid) is 'Starts a workflow run of the caller''s: intent checked (422 per field), first gate pending (or awaiting approval).';

-- security definer: an admin reads every user's gates and runs; refuses anyone else (404).
create function public.admin_workflow_costs(p_since timestamptz default null)
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
    select coalesce(ge.model, '') as model, coalesce(ge.provider, '') as provider, count(*) as n,
      sum(ge.tokens_in)::bigint as t_in, sum(ge.tokens_out)::bigint as t_out,
      sum(ge.cost_usd) as cost, avg(ge.duration_ms) as duration
    from public.gate_executions ge
    where ge.created_at >= since and ge.status not in ('pending', 'running')
      and ge.model_run_id is not null
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

comment on function public.admin_workflow_costs(timestamptz) is 'Admin: cost by model and provider since a time (this UTC month by default), gate executions and single runs apart and together.';
revoke all on function public.admin_workflow_costs(timestamptz) from public, anon;
-- admins call it as themselves (authenticated); it refuses anyone else itself
grant execute on function public.admin_workflow_costs(timestamptz) to authenticated, service_role;
