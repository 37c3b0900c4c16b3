-- Workflows (issue 17): a stage's prompt may be a library prompt version instead of an inline
-- template, named by version id ("prompt_version_id": "<uuid>") or by name and label
-- ("library_prompt": "essay-outline@production"; no label means latest, the current version).
-- Whose library: the spec's author's (workflow_specs.created_by, the admin who wrote it through
-- the admin API). Their prompts are private to them, and a spec makes its prompts' text the text
-- every runner's gates send, so a spec may only name what its author could publish: their own
-- prompts, or (by version id) a public prompt's version. A spec written in SQL with no author (the
-- seeded system specs) may name any version by id, as the database owner wrote it, but no name:
-- a name is only a name in someone's library.
-- The spec is checked when written: a stage has exactly one of prompt, prompt_version_id and
-- library_prompt, the reference resolves, and the version's {{bindings}} are intent fields or
-- earlier stages, like an inline template's. The check reads tables now, so the checker is
-- stable (it was immutable), and the write trigger checks the contract only when it changes (an
-- is_active switch of a spec whose label has since moved away must still work).

-- A stage's prompt: the inline template, or the library version its reference names for an
-- author, or why it names none (problem). Runs resolve their pins with it too.
create function private.workflow_stage_prompt(p_author uuid, p_stage jsonb,
  out version_id uuid, out content text, out problem text)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  kinds integer := (case when coalesce(p_stage ->> 'prompt', '') <> '' then 1 else 0 end)
    + (case when p_stage ? 'prompt_version_id' then 1 else 0 end)
    + (case when p_stage ? 'library_prompt' then 1 else 0 end);
  ref text;
  m text[];
  found public.prompts;
begin
  if kinds <> 1 then
    problem := 'needs exactly one of prompt, prompt_version_id and library_prompt';
  elsif coalesce(p_stage ->> 'prompt', '') <> '' then
    content := p_stage ->> 'prompt';
  elsif p_stage ? 'prompt_version_id' then
    ref := p_stage ->> 'prompt_version_id';
    if coalesce(ref, '') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      problem := 'needs prompt_version_id to be a version id (a uuid)';
    else
      select v.id, v.content into version_id, content
      from public.prompt_versions v join public.prompts p on p.id = v.prompt_id
      where v.id = ref::uuid
        and (p_author is null or p.user_id = p_author or p.visibility = 'public');
      if version_id is null then
        problem := format('names prompt version %s, not a version of its author''s prompts or of a public prompt', ref);
      end if;
    end if;
  else
    ref := p_stage ->> 'library_prompt';
    m := regexp_match(coalesce(ref, ''), '^([a-z0-9][a-z0-9._-]{0,99})(?:@([a-z0-9][a-z0-9_-]{0,49}))?$');
    if m is null then
      problem := 'needs library_prompt as name or name@label';
    elsif p_author is null then
      problem := format('names library prompt %s, but the spec has no author (created_by) whose library it is in', ref);
    else
      select * into found from public.prompts p where p.user_id = p_author and p.name = m[1];
      if found.id is null then
        problem := format('names library prompt %s: its author has no prompt named %s', ref, m[1]);
      elsif coalesce(m[2], 'latest') = 'latest' then
        version_id := found.current_version_id;
        if version_id is null then
          problem := format('names library prompt %s, which has no version yet', ref);
        end if;
      else
        select l.version_id into version_id from public.prompt_labels l
        where l.prompt_id = found.id and l.label = m[2];
        if version_id is null then
          problem := format('names library prompt %s: prompt %s has no label %s', ref, m[1], m[2]);
        end if;
      end if;
      select v.content into content from public.prompt_versions v where v.id = version_id;
    end if;
  end if;
end;
$$;

comment on function private.workflow_stage_prompt(uuid, jsonb) is 'A stage''s prompt text: inline, or the library version its prompt_version_id or library_prompt (name@label) names in the author''s library; or the problem.';
revoke all on function private.workflow_stage_prompt(uuid, jsonb) from public, anon, authenticated;

-- What is wrong with a spec, as {field, message} items; empty when it is valid.
-- (20261205004010's body; changed lines marked "changed".)
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
          'file_exists', 'contains_headings')
        or coalesce(item ->> 'severity', '') not in ('critical', 'warning', 'info')
        or coalesce(item ->> 'fail_code', '') !~ '^[A-Z][A-Z0-9_]{0,49}$' then
      problems := problems || jsonb_build_object('field', 'qa_config.checks',
        'message', format('check %s needs a name, a type, a severity and a fail_code', coalesce(item ->> 'name', '?')));
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

comment on function private.workflow_spec_problems(public.workflow_specs) is 'The problems of a spec as [{field, message}] (library references resolved in the author''s library); empty when valid.';

-- A new spec is checked, numbered and hashed; a changed one (before any run uses it) is checked
-- and hashed again. (20261205004010's body; changed lines marked "changed".)
-- security definer: admins write specs as authenticated, and the checker is private (revoked);
-- it reads the author's library, which RLS hides from everyone else.
create or replace function private.workflow_spec_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  problems jsonb;
begin
  -- changed: checked when written or when its contract (or author) changes; an is_active switch
  -- or an author set null (a deleted user) is not a new contract, and a library label that moved
  -- away since must not block it
  if tg_op = 'INSERT' or (new.intent_schema, new.stages, new.qa_config)
      is distinct from (old.intent_schema, old.stages, old.qa_config)
      or (new.created_by is not null and new.created_by is distinct from old.created_by) then
    problems := private.workflow_spec_problems(new);
    if jsonb_array_length(problems) > 0 then
      raise exception 'invalid workflow spec: %', problems -> 0 ->> 'message'
        using errcode = 'PL422', hint = 'validation_failed',
          detail = jsonb_build_object('fields', problems)::text;
    end if;
  end if;
  if tg_op = 'INSERT' then
    -- serialises versions of one template: the template row is the lock
    perform 1 from public.workflow_templates t where t.id = new.template_id for update;
    new.version := coalesce((select max(s.version) from public.workflow_specs s
      where s.template_id = new.template_id), 0) + 1;
  end if;
  new.content_hash := 'sha256:' || encode(extensions.digest(jsonb_build_object(
    'intent_schema', new.intent_schema, 'stages', new.stages, 'qa_config', new.qa_config,
    'output_guarantees', new.output_guarantees, 'cost_profile', new.cost_profile,
    'artifact_type', new.artifact_type, 'output_formats', to_jsonb(new.output_formats))::text,
    'sha256'), 'hex');
  return new;
end;
$$;

comment on function private.workflow_spec_write() is 'Trigger: checks a spec (when new or its contract changed), numbers a new one per template and hashes its contract.';

comment on column public.workflow_specs.stages is 'Ordered stages, one gate each: id, gate, name, phase, agent, model, one of prompt (inline template) / prompt_version_id / library_prompt (name@label in the author''s library), outputs, max_attempts, checks, required, approval, response_schema, artifact.';
comment on column public.workflow_specs.created_by is 'The admin who wrote it, whose library its library_prompt names resolve in; null for system specs (which name library versions by id only).';
