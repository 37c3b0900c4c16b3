-- Workflow specs (issue 17, seed 003): the versioned execution contract of a template. A new
-- version is a new row (numbered per template, with a SHA-256 hash of its contract); a spec is
-- checked when written, and is immutable once a run uses it (workflow_runs refers to it; the
-- guard is in 20261205004020_workflow_runs.sql's trigger on this table).
--
-- intent_schema: [{field, type: string|enum|integer|number|boolean, required, options, default,
--   max_length, description}]
-- stages (ordered): [{id, gate, name, phase, agent, model, prompt (an inline template: {{field}}
--   binds an intent field, {{stage_id}} an earlier stage's output), outputs, max_attempts (1-10),
--   checks (names in qa_config.checks), required, approval, response_schema, artifact:
--   {file_name, path, content_type, artifact_type, title, sections: [{heading, field}]}}]
-- qa_config: {min_pass_rate, block_on_critical, checks: [{name, type: json_schema|regex|
--   max_length|contains|file_exists|contains_headings, config, severity: critical|warning|info,
--   required, fail_code}]}
-- cost_profile: {min, typical, max: {cost_usd, tokens}}; max.cost_usd is a run's ceiling.

create table public.workflow_specs (
  id uuid primary key default gen_random_uuid(),
  template_id uuid not null references public.workflow_templates (id) on delete cascade,
  version integer not null check (version >= 1),
  content_hash text not null check (content_hash ~ '^sha256:[0-9a-f]{64}$'),
  intent_schema jsonb not null default '[]',
  stages jsonb not null,
  qa_config jsonb not null default '{}',
  output_guarantees jsonb not null default '[]' check (jsonb_typeof(output_guarantees) = 'array'),
  cost_profile jsonb not null default '{}' check (jsonb_typeof(cost_profile) = 'object'),
  artifact_type text check (char_length(artifact_type) <= 50),
  output_formats text[] not null default '{}' check (cardinality(output_formats) <= 10),
  is_active boolean not null default true,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  unique (template_id, version)
);

comment on table public.workflow_specs is 'Versioned execution contracts of workflow templates (seed 003 specs); immutable once a run uses them.';
comment on column public.workflow_specs.id is 'Primary key.';
comment on column public.workflow_specs.template_id is 'The template this is a version of.';
comment on column public.workflow_specs.version is 'Version number per template, 1, 2, ... (set by trigger).';
comment on column public.workflow_specs.content_hash is 'sha256: hash of the contract (intent_schema, stages, qa_config, output_guarantees, cost_profile, artifact_type, output_formats), set by trigger.';
comment on column public.workflow_specs.intent_schema is 'The inputs a run takes: [{field, type, required, options, default, max_length, description}].';
comment on column public.workflow_specs.stages is 'Ordered stages, one gate each: id, gate, name, phase, agent, model, prompt template, outputs, max_attempts, checks, required, approval, response_schema, artifact.';
comment on column public.workflow_specs.qa_config is 'Checks (name, type, config, severity, required, fail_code), min_pass_rate and block_on_critical.';
comment on column public.workflow_specs.output_guarantees is 'What a run guarantees: [{type, threshold, description}].';
comment on column public.workflow_specs.cost_profile is 'min, typical and max {cost_usd, tokens}; max.cost_usd is the ceiling a run pauses at.';
comment on column public.workflow_specs.artifact_type is 'Kind of final artifact (visual-essay, brief, ...).';
comment on column public.workflow_specs.output_formats is 'Formats the artifacts come in (markdown, html, ...).';
comment on column public.workflow_specs.is_active is 'Inactive specs are hidden from users and cannot be started.';
comment on column public.workflow_specs.created_by is 'The admin who wrote it; null for system specs.';
comment on column public.workflow_specs.created_at is 'When it was written.';

create index workflow_specs_template_idx on public.workflow_specs (template_id, version desc);
create index workflow_specs_created_by_idx on public.workflow_specs (created_by);

-- What is wrong with a spec, as {field, message} items; empty when it is valid.
create function private.workflow_spec_problems(s public.workflow_specs)
returns jsonb
language plpgsql
immutable
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
    add_problem := case
      when coalesce(stage ->> 'id', '') !~ '^[a-z][a-z0-9_]{0,39}$' then 'needs an id (lowercase)'
      when (stage ->> 'id') = any (stage_ids) or (stage ->> 'id') = any (known) then 'has an id already used by a stage or an intent field'
      when coalesce(stage ->> 'gate', '') !~ '^G[0-9]+(\.[0-9]+)?$' then 'needs a gate id like G1'
      when coalesce(stage ->> 'name', '') = '' then 'needs a name'
      when coalesce((stage ->> 'approval')::boolean, false) then null
      when coalesce(stage ->> 'model', '') = '' then 'needs a model'
      when coalesce(stage ->> 'prompt', '') = '' or char_length(stage ->> 'prompt') > 100000 then 'needs a prompt of at most 100000 characters'
      when coalesce((stage ->> 'max_attempts')::integer, 3) not between 1 and 10 then 'max_attempts must be 1 to 10'
      when jsonb_typeof(coalesce(stage -> 'checks', '[]')) <> 'array' then 'checks must be an array of check names'
    end;
    if add_problem is null and not coalesce((stage ->> 'approval')::boolean, false) then
      for ref in select m[1] from regexp_matches(stage ->> 'prompt', '\{\{\s*([a-z][a-z0-9_]*)\s*\}\}', 'g') as m loop
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

comment on function private.workflow_spec_problems(public.workflow_specs) is 'The problems of a spec as [{field, message}]; empty when valid.';
revoke all on function private.workflow_spec_problems(public.workflow_specs) from public, anon, authenticated;

-- A new spec is checked, numbered and hashed; a changed one (before any run uses it) is checked
-- and hashed again.
-- security definer: admins write specs as authenticated, and the checker is private (revoked).
create function private.workflow_spec_write()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  problems jsonb := private.workflow_spec_problems(new);
begin
  if jsonb_array_length(problems) > 0 then
    raise exception 'invalid workflow spec: %', problems -> 0 ->> 'message'
      using errcode = 'PL422', hint = 'validation_failed',
        detail = jsonb_build_object('fields', problems)::text;
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

comment on function private.workflow_spec_write() is 'Trigger: checks a spec, numbers a new one per template and hashes its contract.';
revoke all on function private.workflow_spec_write() from public, anon, authenticated;

create trigger workflow_specs_write before insert or update on public.workflow_specs
  for each row execute function private.workflow_spec_write();

alter table public.workflow_specs enable row level security;

create policy "Anyone signed out can view active specs of active templates" on public.workflow_specs
  for select to anon using (is_active and exists (select 1 from public.workflow_templates t
    where t.id = template_id and t.is_active));
create policy "Users can view active specs of active templates, admins all" on public.workflow_specs
  for select to authenticated using ((is_active and exists (select 1 from public.workflow_templates t
    where t.id = template_id and t.is_active)) or (select private.is_admin()));
create policy "Admins can create specs" on public.workflow_specs
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins can update specs no run uses" on public.workflow_specs
  for update to authenticated using ((select private.is_admin()))
  with check ((select private.is_admin()));
create policy "Admins can delete specs no run uses" on public.workflow_specs
  for delete to authenticated using ((select private.is_admin()));

revoke insert, update, delete on public.workflow_specs from anon;
