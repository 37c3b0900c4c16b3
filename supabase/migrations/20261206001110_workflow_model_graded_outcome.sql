-- Workflows (issue 17): a model-graded check's outcome and cost (its config is checked by
-- 20261206001100_workflow_model_graded_checks.sql). The engine grades through the run service
-- and hands each grader's run id with the check's result: complete_workflow_gate checks it is a
-- workflow_gate run of the run's owner and adds its tokens and cost to the gate's (so to the
-- run's totals, kept by trigger from the gates); the result keeps the run id, so the timeline
-- shows which call graded. A grader that could not grade (its answer did not fit the schema, or
-- the call failed) fails the check with its own code, GRADER_MISFIT or GRADER_ERROR, instead of
-- the check's fail_code, which would say the output was judged and failed.

-- A gate's outcome from its check results and the spec's qa_config: a failed check blocks when it
-- is required, or critical with block_on_critical; a pass rate under min_pass_rate blocks too;
-- other failures make a warning. (20261205004071's body; changes marked "changed (model_graded)".)
create or replace function private.gate_outcome(p_results jsonb, p_qa jsonb,
  out status public.gate_status, out fail_codes text[], out results jsonb)
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  total integer;
  passed integer;
  block_critical boolean := coalesce((p_qa ->> 'block_on_critical')::boolean, true);
begin
  select coalesce(jsonb_agg(jsonb_build_object('name', r.value ->> 'name',
      'type', c.value ->> 'type', 'passed', coalesce((r.value ->> 'passed')::boolean, false),
      'message', left(coalesce(r.value ->> 'message', ''), 1000),
      'severity', c.value ->> 'severity', 'required', coalesce((c.value ->> 'required')::boolean, false),
      -- changed (model_graded): a grader that could not grade names its own code (GRADER_MISFIT,
      -- GRADER_ERROR) instead of the check's, which would claim the output failed
      'fail_code', coalesce(r.value ->> 'fail_code', c.value ->> 'fail_code'),
      'blocking', not coalesce((r.value ->> 'passed')::boolean, false)
        and (coalesce((c.value ->> 'required')::boolean, false)
          or (c.value ->> 'severity' = 'critical' and block_critical)))
      -- changed (model_graded): the grader's run, whose tokens and cost the gate counts
      || case when r.value ? 'model_run_id'
        then jsonb_build_object('model_run_id', r.value -> 'model_run_id') else '{}' end), '[]')
  into results
  from jsonb_array_elements(coalesce(p_results, '[]')) r
  join jsonb_array_elements(coalesce(p_qa -> 'checks', '[]')) c on c.value ->> 'name' = r.value ->> 'name';
  total := jsonb_array_length(results);
  select count(*) into passed from jsonb_array_elements(results) x where (x.value ->> 'passed')::boolean;
  select coalesce(array_agg(distinct x.value ->> 'fail_code'), '{}') into fail_codes
  from jsonb_array_elements(results) x where (x.value ->> 'blocking')::boolean;
  -- the pass rate fails a gate whose blocking checks passed (else their codes say enough)
  if cardinality(fail_codes) = 0 and total > 0
      and passed::numeric / total < coalesce((p_qa ->> 'min_pass_rate')::numeric, 0) then
    fail_codes := array['QA_PASS_RATE_BELOW_MIN'];
  end if;
  if cardinality(fail_codes) > 0 then
    status := 'failed';
  elsif passed < total then
    status := 'warning';
    select array_agg(distinct x.value ->> 'fail_code') into fail_codes
    from jsonb_array_elements(results) x where not (x.value ->> 'passed')::boolean;
  else
    status := 'passed';
  end if;
end;
$$;

comment on function private.gate_outcome(jsonb, jsonb) is 'A gate''s status and fail codes from its check results under the spec''s qa_config.';

-- security definer: the worker's one write of a gate's outcome; tokens and cost come from the
-- model call's runs row and its graders' (priced by finish_run), not from the worker.
-- (20261205004071's body; changes marked "changed (model_graded)".)
create or replace function public.complete_workflow_gate(
  p_gate uuid,
  p_worker text,
  p_model_run_id uuid,
  p_output text,
  p_results jsonb default '[]',
  p_artifacts jsonb default '[]',
  p_error text default null,
  p_error_code text default null
)
returns table (gate_status public.gate_status, run_status public.workflow_run_status, pause_reason text)
language plpgsql
security definer
set search_path = ''
as $$
declare
  g public.gate_executions;
  r public.workflow_runs;
  s public.workflow_specs;
  call public.runs;
  outcome record;
  a jsonb;
  graders record; -- changed (model_graded): the grading calls' runs
begin
  select * into g from public.gate_executions e where e.id = p_gate for update;
  if g.id is null or g.status <> 'running' or g.lease_owner is distinct from p_worker then
    raise exception 'this worker no longer holds gate %', p_gate
      using errcode = 'PL409', hint = 'lease_lost';
  end if;
  select * into r from public.workflow_runs wr where wr.id = g.run_id;
  select * into s from public.workflow_specs ws where ws.id = r.spec_id;
  if p_model_run_id is not null then
    select * into call from public.runs x
    where x.id = p_model_run_id and x.user_id = r.user_id and x.kind = 'workflow_gate';
    if call.id is null then
      raise exception 'model run % is not a workflow gate call of this run''s owner', p_model_run_id
        using errcode = 'PL422', hint = 'validation_failed';
    end if;
  end if;
  -- changed (model_graded): a check result may name its grading call's run, which must be a
  -- workflow_gate run of the run's owner like the gate's own call; their tokens and cost add up
  select count(*)::int as listed, count(x.id)::int as found,
    coalesce(sum((x.token_usage ->> 'prompt_tokens')::integer), 0)::integer as tokens_in,
    coalesce(sum((x.token_usage ->> 'completion_tokens')::integer), 0)::integer as tokens_out,
    coalesce(sum(x.cost_usd), 0) as cost_usd
  into graders
  from jsonb_array_elements(case when p_error is null then coalesce(p_results, '[]') else '[]' end) v
  left join public.runs x on x.id = (v.value ->> 'model_run_id')::uuid and x.user_id = r.user_id
    and x.kind = 'workflow_gate' and x.id is distinct from p_model_run_id
  where v.value ? 'model_run_id';
  if graders.listed <> graders.found then
    raise exception 'a check names a model run that is not a grading call of this run''s owner'
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
  if p_error is not null then
    -- a record's fields are named by the select (row() named them f1, f2, f3)
    select 'failed'::public.gate_status as status,
      array[coalesce(p_error_code, 'PROVIDER_ERROR')] as fail_codes, '[]'::jsonb as results
    into outcome;
  else
    select * into outcome from private.gate_outcome(p_results, s.qa_config);
  end if;
  update public.gate_executions e set
    status = outcome.status, fail_codes = outcome.fail_codes, validation_results = outcome.results,
    raw_output = p_output, error_message = left(p_error, 2000),
    model = coalesce(call.model, e.model), provider = call.provider_id,
    -- changed (model_graded): the gate's call and its graders' calls
    tokens_in = coalesce((call.token_usage ->> 'prompt_tokens')::integer, 0) + graders.tokens_in,
    tokens_out = coalesce((call.token_usage ->> 'completion_tokens')::integer, 0) + graders.tokens_out,
    cost_usd = coalesce(call.cost_usd, 0) + graders.cost_usd, model_run_id = p_model_run_id,
    lease_owner = null, lease_expires_at = null, completed_at = now(),
    duration_ms = (extract(epoch from now() - e.started_at) * 1000)::integer
  where e.id = g.id;
  for a in select value from jsonb_array_elements(coalesce(p_artifacts, '[]')) loop
    insert into public.artifacts (run_id, gate_execution_id, gate_id, file_name, file_path,
      content_type, content, content_hash, size_bytes, artifact_type)
    values (g.run_id, g.id, g.gate_id, a ->> 'file_name', coalesce(a ->> 'file_path', a ->> 'file_name'),
      coalesce(a ->> 'content_type', 'text/markdown'), a ->> 'content', '', 0, a ->> 'artifact_type');
  end loop;
  perform private.advance_workflow_run(g.id);
  return query select outcome.status, wr.status, wr.pause_reason
  from public.workflow_runs wr where wr.id = g.run_id;
end;
$$;

comment on function public.complete_workflow_gate(uuid, text, uuid, text, jsonb, jsonb, text, text) is 'Engine: records a leased gate''s outcome, checks (with their grading calls'' tokens and cost) and artifacts, then the next step, in one transaction.';
