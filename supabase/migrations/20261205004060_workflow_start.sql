-- Starting a workflow run (issue 17): the intent is checked against the spec's intent_schema
-- (one {field, message} per problem: a 422 naming each field), defaults applied, and the run is
-- recorded with its first gate pending, in one statement. The engine claims it from there.

-- The intent with defaults applied, and its problems ([] when valid).
create function private.check_workflow_intent(p_schema jsonb, p_intent jsonb,
  out intent jsonb, out problems jsonb)
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  f jsonb;
  name text;
  v jsonb;
  bad text;
begin
  intent := '{}';
  problems := '[]';
  if p_intent is null or jsonb_typeof(p_intent) <> 'object' then
    problems := jsonb_build_array(jsonb_build_object('field', 'intent', 'message', 'must be an object'));
    return;
  end if;
  for name in select k from jsonb_object_keys(p_intent) k loop
    if not exists (select 1 from jsonb_array_elements(p_schema) s where s.value ->> 'field' = name) then
      problems := problems || jsonb_build_object('field', 'intent.' || left(name, 60), 'message', 'not a field of this workflow');
    end if;
  end loop;
  for f in select value from jsonb_array_elements(p_schema) loop
    name := f ->> 'field';
    v := coalesce(p_intent -> name, f -> 'default');
    if v is null or v = 'null'::jsonb or v = '""'::jsonb then
      if coalesce((f ->> 'required')::boolean, false) then
        problems := problems || jsonb_build_object('field', 'intent.' || name, 'message', 'required');
      end if;
      continue;
    end if;
    bad := case f ->> 'type'
      when 'string' then case when jsonb_typeof(v) <> 'string' then 'must be a string'
        when char_length(v #>> '{}') > coalesce((f ->> 'max_length')::integer, 500)
          then format('at most %s characters', coalesce((f ->> 'max_length')::integer, 500)) end
      when 'enum' then case when not (f -> 'options') @> jsonb_build_array(v)
        then 'must be one of ' || (select string_agg(o, ', ') from jsonb_array_elements_text(f -> 'options') o) end
      when 'integer' then case when jsonb_typeof(v) <> 'number' or (v #>> '{}')::numeric % 1 <> 0
        then 'must be an integer' end
      when 'number' then case when jsonb_typeof(v) <> 'number' then 'must be a number' end
      when 'boolean' then case when jsonb_typeof(v) <> 'boolean' then 'must be true or false' end
    end;
    if bad is not null then
      problems := problems || jsonb_build_object('field', 'intent.' || name, 'message', bad);
    else
      intent := intent || jsonb_build_object(name, v);
    end if;
  end loop;
end;
$$;

comment on function private.check_workflow_intent(jsonb, jsonb) is 'An intent checked against an intent_schema: the intent with defaults, and [{field, message}] problems.';
revoke all on function private.check_workflow_intent(jsonb, jsonb) from public, anon, authenticated;

-- The first gate (or any next one) of a run, as a pending row from its stage.
create function private.insert_workflow_gate(p_run_id uuid, p_stages jsonb, p_order integer,
  p_attempt integer, p_max_attempts integer default null)
returns uuid
language sql
security invoker
set search_path = ''
as $$
  insert into public.gate_executions (run_id, stage_id, gate_id, gate_name, phase, gate_order,
    agent, model, is_required, is_approval, attempt, max_attempts)
  select p_run_id, st ->> 'id', st ->> 'gate', st ->> 'name', st ->> 'phase', p_order,
    st ->> 'agent', st ->> 'model', coalesce((st ->> 'required')::boolean, true),
    coalesce((st ->> 'approval')::boolean, false), p_attempt,
    coalesce(p_max_attempts, (st ->> 'max_attempts')::integer, 3)
  from (select p_stages -> (p_order - 1) as st) s
  returning id;
$$;

comment on function private.insert_workflow_gate(uuid, jsonb, integer, integer, integer) is 'Inserts a pending attempt of a run''s stage (1-based order).';
revoke all on function private.insert_workflow_gate(uuid, jsonb, integer, integer, integer) from public, anon, authenticated;

-- security definer: callers cannot write workflow_runs or gate_executions; the run is the
-- caller's (auth.uid()), of an active template and spec they can read.
create function public.start_workflow_run(p_template text, p_intent jsonb,
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
  return run_id;
end;
$$;

comment on function public.start_workflow_run(text, jsonb, text, uuid) is 'Starts a workflow run of the caller''s: intent checked (422 per field), first gate pending.';
revoke all on function public.start_workflow_run(text, jsonb, text, uuid) from public, anon, authenticated;
grant execute on function public.start_workflow_run(text, jsonb, text, uuid) to service_role;
