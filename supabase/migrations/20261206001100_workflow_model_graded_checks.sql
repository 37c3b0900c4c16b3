-- Workflows (issue 17): a model-graded check. A qa_config check of type model_graded asks a
-- model to grade a gate's output, through the run service like any model call (metered, priced,
-- recorded as a run of kind workflow_gate), and reads the grade from an answer that must fit a
-- JSON schema. Its config:
--   prompt: the grading template; {{output}} binds the gate's output (nothing else binds: a
--     grader judges what the gate produced, the gate's own prompt already saw the intent)
--   model: the grader's model
--   schema: the JSON schema the answer must fit, an object schema, e.g.
--     {"type": "object", "properties": {"pass": {"type": "boolean"}, "reason": {"type": "string"}}}
--   pass_field: the property that says pass (default "pass"): passes when it is true, or, with
--     pass_equals, when it equals that value (a verdict enum: "pass_equals": "pass")
--   reason_field: the property whose text becomes the check's message (default "reason")
-- This file checks the config when a spec is written; the outcome and the grader's cost are
-- 20261206001110_workflow_model_graded_outcome.sql's.

-- What is wrong with a model_graded check's config, or null.
create function private.model_graded_problem(p_config jsonb)
returns text
language sql
immutable
security invoker
set search_path = ''
as $$
  select case
    when jsonb_typeof(p_config) is distinct from 'object' then 'needs a config {prompt, model, schema}'
    when jsonb_typeof(p_config -> 'prompt') is distinct from 'string' or btrim(p_config ->> 'prompt') = ''
      or char_length(p_config ->> 'prompt') > 20000 then 'needs a grading prompt of at most 20000 characters'
    when exists (select 1 from regexp_matches(p_config ->> 'prompt', '\{\{\s*([a-z][a-z0-9_]*)\s*\}\}', 'g') m
        where m[1] <> 'output') then 'binds only {{output}} in its grading prompt'
    when jsonb_typeof(p_config -> 'model') is distinct from 'string' or btrim(p_config ->> 'model') = ''
      then 'needs a grader model'
    when jsonb_typeof(p_config -> 'schema') is distinct from 'object'
      or jsonb_typeof(p_config #> '{schema,properties}') is distinct from 'object'
      then 'needs an object schema with properties for the grader''s answer'
    when jsonb_typeof(p_config #> array['schema', 'properties', coalesce(p_config ->> 'pass_field', 'pass')]) is distinct from 'object'
      then format('needs its schema to have the pass field %s', coalesce(p_config ->> 'pass_field', 'pass'))
  end;
$$;

comment on function private.model_graded_problem(jsonb) is 'What is wrong with a model_graded check''s config {prompt, model, schema, pass_field, pass_equals, reason_field}, or null.';
revoke all on function private.model_graded_problem(jsonb) from public, anon, authenticated;

-- What is wrong with a spec, as {field, message} items; empty when it is valid.
-- (20261206001000's body; lines changed here marked "changed (model_graded)"; the earlier
-- "changed" marks are 20261206001000's.)
create or replace function private.workflow_spec_problems(s public.workflow_specs)
returns jsonb
language plpgsql
stable -- changed: reads the author's library (was immutable)
security invoker
set search_path = ''
as $$
declare
  problems jsonb := '[]';
  item jsonb;
  stage jsonb;
  check_names text[] := '{}';
  known text[] := '{}';
  stage_ids text[] := '{}';
  ref text;
  i integer := 0;
  add_problem text;
  resolved record; -- changed: the stage's prompt, inline or from the library
begin
  if jsonb_typeof(s.intent_schema) <> 'array' then
    return jsonb_build_array(jsonb_build_object('field', 'intent_schema', 'message', 'must be an array'));
  end if;
  for item in select value from jsonb_array_elements(s.intent_schema) loop
    if coalesce(item ->> 'field', '') !~ '^[a-z][a-z0-9_]{0,39}$'
        or coalesce(item ->> 'type', '') not in ('string', 'enum', 'integer', 'number', 'boolean')
        or (item ->> 'type' = 'enum' and jsonb_typeof(item -> 'options') is distinct from 'array') then
      problems := problems || jsonb_build_object('field', 'intent_schema',
        'message', format('field %s needs a name, a type (string, enum, integer, number, boolean) and options for an enum', coalesce(item ->> 'field', '?')));
    else
      known := known || (item ->> 'field');
    end if;
  end loop;
  if jsonb_typeof(s.qa_config) <> 'object'
      or jsonb_typeof(coalesce(s.qa_config -> 'checks', '[]')) <> 'array' then
    return problems || jsonb_build_object('field', 'qa_config', 'message', 'must be an object with a checks array');
  end if;
  for item in select value from jsonb_array_elements(coalesce(s.qa_config -> 'checks', '[]')) loop
    if coalesce(item ->> 'name', '') = ''
        or coalesce(item ->> 'type', '') not in ('json_schema', 'regex', 'max_length', 'contains',
          'file_exists', 'contains_headings', 'model_graded') -- changed (model_graded)
        or coalesce(item ->> 'severity', '') not in ('critical', 'warning', 'info')
        or coalesce(item ->> 'fail_code', '') !~ '^[A-Z][A-Z0-9_]{0,49}$' then
      problems := problems || jsonb_build_object('field', 'qa_config.checks',
        'message', format('check %s needs a name, a type, a severity and a fail_code', coalesce(item ->> 'name', '?')));
    -- changed (model_graded): a grader needs its prompt, model, answer schema and pass field
    elsif item ->> 'type' = 'model_graded' and private.model_graded_problem(item -> 'config') is not null then
      problems := problems || jsonb_build_object('field', 'qa_config.checks',
        'message', format('check %s %s', item ->> 'name', private.model_graded_problem(item -> 'config')));
    else
      check_names := check_names || (item ->> 'name');
    end if;
  end loop;
  if jsonb_typeof(s.stages) <> 'array' or jsonb_array_length(s.stages) not between 1 and 50 then
    return problems || jsonb_build_object('field', 'stages', 'message', 'must be 1 to 50 stages');
  end if;
  for stage in select value from jsonb_array_elements(s.stages) loop
    i := i + 1;
    -- changed: the prompt is resolved first (inline, or the author's library version)
    if coalesce((stage ->> 'approval')::boolean, false) then
      select null::uuid as version_id, null::text as content, null::text as problem into resolved;
    else
      select * into resolved from private.workflow_stage_prompt(s.created_by, stage);
    end if;
    add_problem := case
      when coalesce(stage ->> 'id', '') !~ '^[a-z][a-z0-9_]{0,39}$' then 'needs an id (lowercase)'
      when (stage ->> 'id') = any (stage_ids) or (stage ->> 'id') = any (known) then 'has an id already used by a stage or an intent field'
      when coalesce(stage ->> 'gate', '') !~ '^G[0-9]+(\.[0-9]+)?$' then 'needs a gate id like G1'
      when coalesce(stage ->> 'name', '') = '' then 'needs a name'
      when coalesce((stage ->> 'approval')::boolean, false) then null
      when coalesce(stage ->> 'model', '') = '' then 'needs a model'
      -- changed: both or neither of prompt and a library reference, or one that does not resolve
      when resolved.problem is not null then resolved.problem
      when coalesce(resolved.content, '') = '' or char_length(resolved.content) > 100000 then 'needs a prompt of at most 100000 characters'
      when coalesce((stage ->> 'max_attempts')::integer, 3) not between 1 and 10 then 'max_attempts must be 1 to 10'
      when jsonb_typeof(coalesce(stage -> 'checks', '[]')) <> 'array' then 'checks must be an array of check names'
    end;
    if add_problem is null and not coalesce((stage ->> 'approval')::boolean, false) then
      -- changed: the bindings of the resolved text (a library version's as an inline template's)
      for ref in select m[1] from regexp_matches(resolved.content, '\{\{\s*([a-z][a-z0-9_]*)\s*\}\}', 'g') as m loop
        if not (ref = any (known) or ref = any (stage_ids)) then
          add_problem := format('binds {{%s}}, neither an intent field nor an earlier stage', ref);
        end if;
      end loop;
      for ref in select value from jsonb_array_elements_text(coalesce(stage -> 'checks', '[]')) loop
        if not ref = any (check_names) then
          add_problem := format('names check %s, not in qa_config.checks', ref);
        end if;
      end loop;
    end if;
    if add_problem is not null then
      problems := problems || jsonb_build_object('field', format('stages[%s]', i - 1),
        'message', format('stage %s %s', coalesce(stage ->> 'id', '?'), add_problem));
    end if;
    stage_ids := stage_ids || coalesce(stage ->> 'id', '');
  end loop;
  return problems;
end;
$$;

comment on function private.workflow_spec_problems(public.workflow_specs) is 'The problems of a spec as [{field, message}] (library references resolved in the author''s library, model_graded configs checked); empty when valid.';
comment on column public.workflow_specs.qa_config is 'Checks (name, type: json_schema, regex, max_length, contains, file_exists, contains_headings, model_graded; config, severity, required, fail_code), min_pass_rate and block_on_critical.';
