-- Workflows (issue 17): a run pins the library versions its stages use when it starts. A
-- name@label reference resolves then (in the spec author's library, see
-- 20261206001000_workflow_library_prompt_refs.sql) and the version id is kept on the run, so its
-- retries and later gates use that version even if the label moves meanwhile; a new run picks up
-- the moved label. References by version id are pinned too, so every gate reads its text from one
-- place. A reference that no longer resolves (the prompt renamed or deleted, the label removed,
-- the author gone), or a version whose {{bindings}} this spec cannot fill, refuses the start with
-- PL409 workflow_prompt_unresolved, naming the stage. The prompt packet binds the pinned
-- version's content exactly like an inline template.

alter table public.workflow_runs add column pinned_prompts jsonb not null default '{}'
  constraint workflow_runs_pinned_prompts_check check (jsonb_typeof(pinned_prompts) = 'object');
comment on column public.workflow_runs.pinned_prompts is 'Stage id → the prompt version id its library reference resolved to when the run started; every attempt of the stage uses it.';

-- The library versions of a spec's stages for a run starting now: {stage_id: version_id}; raises
-- PL409 workflow_prompt_unresolved naming every stage whose reference does not resolve.
create function private.pin_workflow_prompts(s public.workflow_specs)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  pins jsonb := '{}';
  problems jsonb := '[]';
  known text[] := array(select f.value ->> 'field' from jsonb_array_elements(s.intent_schema) f);
  stage jsonb;
  i integer := 0;
  resolved record;
  unbound text;
begin
  for stage in select value from jsonb_array_elements(s.stages) loop
    i := i + 1;
    if stage ? 'prompt_version_id' or stage ? 'library_prompt' then
      select * into resolved from private.workflow_stage_prompt(s.created_by, stage);
      select m[1] into unbound
      from regexp_matches(coalesce(resolved.content, ''), '\{\{\s*([a-z][a-z0-9_]*)\s*\}\}', 'g') as m
      where not m[1] = any (known) limit 1;
      if resolved.problem is not null or resolved.version_id is null or unbound is not null then
        problems := problems || jsonb_build_object('field', format('stages[%s]', i - 1),
          'message', format('stage %s %s', stage ->> 'id', coalesce(resolved.problem,
            format('uses a version of %s that binds {{%s}}, neither an intent field nor an earlier stage',
              coalesce(stage ->> 'library_prompt', stage ->> 'prompt_version_id'), unbound))));
      else
        pins := pins || jsonb_build_object(stage ->> 'id', resolved.version_id);
      end if;
    end if;
    known := known || (stage ->> 'id');
  end loop;
  if jsonb_array_length(problems) > 0 then
    raise exception 'this workflow''s library prompt no longer resolves: %', problems -> 0 ->> 'message'
      using errcode = 'PL409', hint = 'workflow_prompt_unresolved',
        detail = jsonb_build_object('fields', problems)::text;
  end if;
  return pins;
end;
$$;

comment on function private.pin_workflow_prompts(public.workflow_specs) is 'The prompt versions a run of a spec pins, {stage_id: version_id}; PL409 workflow_prompt_unresolved when a reference does not resolve.';
revoke all on function private.pin_workflow_prompts(public.workflow_specs) from public, anon, authenticated;

-- security definer: callers cannot write workflow_runs or gate_executions; the run is the
-- caller's (auth.uid()), of an active template and spec they can read.
-- (20261205004073's body; changed lines marked "changed".)
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
  pins jsonb; -- changed: the library versions this run uses
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
  -- changed: library references resolve now (PL409 workflow_prompt_unresolved if one does not)
  pins := private.pin_workflow_prompts(s);
  select v #>> '{}' into first_text from jsonb_array_elements(s.intent_schema) f
    cross join lateral (select checked.intent -> (f.value ->> 'field') as v) x
  where jsonb_typeof(v) = 'string' limit 1;
  display := left(coalesce(nullif(btrim(p_display_name), ''),
    nullif(btrim(regexp_replace(coalesce(first_text, ''), '\[\[[^\]]*\]\]', '', 'g')), ''), t.name), 200);
  insert into public.workflow_runs (spec_id, template_id, user_id, intent, project_slug,
    display_name, total_gates, pinned_prompts) -- changed: pinned_prompts
  values (s.id, t.id, caller, checked.intent,
    left(concat_ws('-', nullif(private.slugify(display), ''), t.slug, to_char(now(), 'YYYYMMDD')), 200),
    display, jsonb_array_length(s.stages), pins) -- changed: pins
  returning id into run_id;
  perform private.insert_workflow_gate(run_id, s.stages, 1, 1);
  update public.workflow_runs r set current_gate = s.stages -> 0 ->> 'gate' where r.id = run_id;
  -- a first stage that is an approval waits for it (no worker claims an approval)
  if coalesce((s.stages -> 0 ->> 'approval')::boolean, false) then
    perform private.pause_workflow_run(run_id, format('Gate %s awaits approval', s.stages -> 0 ->> 'gate'));
  end if;
  return run_id;
end;
$$;

comment on function public.start_workflow_run(text, jsonb, text, uuid) is 'Starts a workflow run of the caller''s: intent checked (422 per field), library prompts pinned (409 if one no longer resolves), first gate pending (or awaiting approval).';

-- A stage's prompt with its bindings: intent fields and the outputs of earlier stages (their
-- last passed attempt); a retry names the previous attempt's fail codes.
-- (20261205004070's body; changed lines marked "changed".) Null when the stage's pinned version
-- is gone (its prompt deleted mid-run): the engine fails the attempt saying so.
create or replace function private.workflow_prompt_packet(p_gate public.gate_executions)
returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  r public.workflow_runs;
  stage jsonb;
  packet text;
  b record;
  prev public.gate_executions;
begin
  select * into r from public.workflow_runs where id = p_gate.run_id;
  select st into stage from public.workflow_specs s
    cross join lateral jsonb_array_elements(s.stages) st
  where s.id = r.spec_id and st ->> 'id' = p_gate.stage_id;
  -- changed: a library stage's text is its version pinned on the run, bound like a template
  if r.pinned_prompts ? p_gate.stage_id then
    select v.content into packet from public.prompt_versions v
    where v.id = (r.pinned_prompts ->> p_gate.stage_id)::uuid;
    if packet is null then
      return null;
    end if;
  else
    packet := stage ->> 'prompt';
  end if;
  for b in
    select i.key, i.value #>> '{}' as value from jsonb_each(r.intent) i
    union all
    (select distinct on (o.stage_id) o.stage_id, o.raw_output
    from public.gate_executions o
    where o.run_id = p_gate.run_id and o.status in ('passed', 'warning') and o.raw_output is not null
    order by o.stage_id, o.attempt desc)
  loop
    packet := regexp_replace(packet, '\{\{\s*' || b.key || '\s*\}\}',
      replace(coalesce(b.value, ''), '\', '\\'), 'g');
  end loop;
  -- a skipped stage's output binds as nothing
  packet := regexp_replace(packet, '\{\{\s*[a-z][a-z0-9_]*\s*\}\}', '', 'g');
  if p_gate.attempt > 1 then
    select * into prev from public.gate_executions
    where run_id = p_gate.run_id and gate_id = p_gate.gate_id and attempt = p_gate.attempt - 1;
    packet := packet || format(E'\n\nThis is attempt %s of %s. The previous attempt failed: %s.%s',
      p_gate.attempt, p_gate.max_attempts, coalesce(array_to_string(prev.fail_codes, ', '), 'FAILED'),
      coalesce((select E'\n' || string_agg(format('- %s: %s', v ->> 'name', v ->> 'message'), E'\n')
        from jsonb_array_elements(prev.validation_results) v where not (v ->> 'passed')::boolean), ''));
  end if;
  return packet;
end;
$$;

comment on function private.workflow_prompt_packet(public.gate_executions) is 'The prompt packet of a gate attempt: its stage''s template (or pinned library version) bound to the intent and earlier outputs, with the previous attempt''s fail codes; null if the pinned version is gone.';
