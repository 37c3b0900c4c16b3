-- The engine completes a gate and leases its next one in the same statement: a worker that
-- finished a gate asks for the next with the completion (p_claim_next_lease_seconds), saving a
-- round trip and a statement per gate; most of a run's gates follow one another this way. A
-- claim that finds nothing leaves the worker to claim as before. The claim itself is one private
-- function for both ways in. (complete_workflow_gate: 20261206001110's body, the return type
-- grows by next_claim, so it is dropped and created again; changes marked "changed".)

-- security invoker: called by the two security definer functions below, as their owner.
create function private.claim_next_workflow_gate(p_worker text, p_lease_seconds integer,
  p_claimed_at timestamptz)
returns table (
  gate_execution_id uuid,
  run_id uuid,
  user_id uuid,
  gate_id text,
  stage_id text,
  attempt integer,
  max_attempts integer,
  model text,
  prompt_packet text,
  stage jsonb,
  checks jsonb,
  spec_hash text,
  lease_expires_at timestamptz
)
language plpgsql
security invoker
set search_path = ''
as $$
declare
  g public.gate_executions;
  r public.workflow_runs;
  s public.workflow_specs;
  st jsonb;
  packet text;
begin
  for g in
    select * from public.gate_executions e
    where e.status = 'running' and e.lease_expires_at < now()
    order by e.lease_expires_at
    limit 100
    for update skip locked
  loop
    update public.gate_executions e set status = 'failed', fail_codes = array['LEASE_EXPIRED'],
      error_message = format('the lease of worker %s expired before it completed the gate', g.lease_owner),
      lease_owner = null, lease_expires_at = null, completed_at = now(),
      duration_ms = (extract(epoch from now() - e.started_at) * 1000)::integer
    where e.id = g.id;
    perform private.advance_workflow_run(g.id);
  end loop;

  -- The run is locked with its gate, skipped when held: an owner's action locks the run before
  -- its gates, and a claim waiting for it would lock them the other way round.
  select e.* into g from public.gate_executions e
  join public.workflow_runs wr on wr.id = e.run_id
  where e.status = 'pending' and not e.is_approval and wr.status in ('pending', 'running')
  order by e.created_at
  limit 1
  for update of e, wr skip locked;
  if g.id is null then
    return;
  end if;
  select * into r from public.workflow_runs wr where wr.id = g.run_id;
  select * into s from public.workflow_specs ws where ws.id = r.spec_id;
  st := s.stages -> (g.gate_order - 1);
  packet := private.workflow_prompt_packet(g);
  -- The gate's time starts when it is claimed: inside a completion, that is not the statement's
  -- start (p_claimed_at is the clock's time then).
  update public.gate_executions e set status = 'running', lease_owner = p_worker,
    lease_expires_at = p_claimed_at + make_interval(secs => p_lease_seconds),
    started_at = p_claimed_at, prompt_packet = packet
  where e.id = g.id
  returning * into g;
  update public.workflow_runs wr set status = 'running', started_at = coalesce(wr.started_at, now()),
    current_gate = g.gate_id
  where wr.id = g.run_id and (wr.status, wr.current_gate, wr.started_at) is distinct from
    ('running'::public.workflow_run_status, g.gate_id, coalesce(wr.started_at, now()));
  return query select g.id, g.run_id, r.user_id, g.gate_id, g.stage_id, g.attempt, g.max_attempts,
    g.model, packet, st,
    coalesce((select jsonb_agg(c.value) from jsonb_array_elements(coalesce(s.qa_config -> 'checks', '[]')) c
      where c.value ->> 'name' in (select jsonb_array_elements_text(coalesce(st -> 'checks', '[]')))), '[]'),
    s.content_hash, g.lease_expires_at;
end;
$$;

comment on function private.claim_next_workflow_gate(text, integer, timestamptz) is 'Returns expired leases (LEASE_EXPIRED), then leases the next pending gate to the worker from p_claimed_at, with its prompt packet and checks.';
revoke all on function private.claim_next_workflow_gate(text, integer, timestamptz) from public, anon, authenticated;

-- security definer: workers run as service_role with no user; with complete_workflow_gate, the
-- only way a gate is leased.
create or replace function public.claim_workflow_gate(p_worker text, p_lease_seconds integer default 120)
returns table (
  gate_execution_id uuid,
  run_id uuid,
  user_id uuid,
  gate_id text,
  stage_id text,
  attempt integer,
  max_attempts integer,
  model text,
  prompt_packet text,
  stage jsonb,
  checks jsonb,
  spec_hash text,
  lease_expires_at timestamptz
)
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(p_worker, '') = '' or p_lease_seconds not between 1 and 3600 then
    raise exception 'a worker name and a lease of 1 to 3600 seconds'
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
  return query select * from private.claim_next_workflow_gate(p_worker, p_lease_seconds, now());
end;
$$;

drop function public.complete_workflow_gate(uuid, text, uuid, text, jsonb, jsonb, text, text);

-- security definer: the worker's one write of a gate's outcome; tokens and cost come from the
-- model call's runs row and its graders' (priced by finish_run), not from the worker.
create function public.complete_workflow_gate(
  p_gate uuid,
  p_worker text,
  p_model_run_id uuid,
  p_output text,
  p_results jsonb default '[]',
  p_artifacts jsonb default '[]',
  p_error text default null,
  p_error_code text default null,
  p_claim_next_lease_seconds integer default null
)
returns table (gate_status public.gate_status, run_status public.workflow_run_status,
  pause_reason text, next_claim jsonb)
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
  graders record;
  claimed_next jsonb; -- changed: the next gate leased to the same worker, when it asked for one
begin
  -- changed: the next lease is checked before anything is written
  if p_claim_next_lease_seconds not between 1 and 3600 then
    raise exception 'a lease of 1 to 3600 seconds'
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
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
  -- a check result may name its grading call's run, which must be a workflow_gate run of the
  -- run's owner like the gate's own call; their tokens and cost add up
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
    -- the gate's call and its graders' calls
    tokens_in = coalesce((call.token_usage ->> 'prompt_tokens')::integer, 0) + graders.tokens_in,
    tokens_out = coalesce((call.token_usage ->> 'completion_tokens')::integer, 0) + graders.tokens_out,
    cost_usd = coalesce(call.cost_usd, 0) + graders.cost_usd, model_run_id = p_model_run_id,
    -- changed: a gate leased inside a completion started at that statement's clock time, later
    -- than its transaction's now(); completed in one transaction, it took no time, never less
    lease_owner = null, lease_expires_at = null, completed_at = greatest(now(), e.started_at),
    duration_ms = (extract(epoch from greatest(now(), e.started_at) - e.started_at) * 1000)::integer
  where e.id = g.id;
  for a in select value from jsonb_array_elements(coalesce(p_artifacts, '[]')) loop
    insert into public.artifacts (run_id, gate_execution_id, gate_id, file_name, file_path,
      content_type, content, content_hash, size_bytes, artifact_type)
    values (g.run_id, g.id, g.gate_id, a ->> 'file_name', coalesce(a ->> 'file_path', a ->> 'file_name'),
      coalesce(a ->> 'content_type', 'text/markdown'), a ->> 'content', '', 0, a ->> 'artifact_type');
  end loop;
  perform private.advance_workflow_run(g.id);
  -- changed: the worker's next gate (its run's next, a retry, or any other run's that waits)
  if p_claim_next_lease_seconds is not null then
    select to_jsonb(c) into claimed_next
    from private.claim_next_workflow_gate(p_worker, p_claim_next_lease_seconds, clock_timestamp()) c;
  end if;
  return query select outcome.status, wr.status, wr.pause_reason, claimed_next
  from public.workflow_runs wr where wr.id = g.run_id;
end;
$$;


comment on function public.complete_workflow_gate(uuid, text, uuid, text, jsonb, jsonb, text, text, integer) is 'Engine: records a leased gate''s outcome, checks (with their grading calls'' tokens and cost) and artifacts, then the next step, in one transaction; with p_claim_next_lease_seconds, leases the worker its next gate too (next_claim, as claim_workflow_gate returns it).';
revoke all on function public.complete_workflow_gate(uuid, text, uuid, text, jsonb, jsonb, text, text, integer) from public, anon, authenticated;
grant execute on function public.complete_workflow_gate(uuid, text, uuid, text, jsonb, jsonb, text, text, integer) to service_role;
