-- Workflow runs (issue 17, seed 003 runs): one execution of a spec with the user's intent. Read
-- by the owner or an admin; written only by the SQL functions of the engine (service_role). The
-- totals are kept by the trigger of 20261205004050_workflow_totals.sql, never by the engine.
-- A spec a run uses is immutable from then on: the guard is here, with the reference.

create type public.workflow_run_status as enum
  ('pending', 'running', 'paused', 'completed', 'failed', 'cancelled');
comment on type public.workflow_run_status is 'pending: started, no gate claimed yet; running; paused (pause_reason says why); completed, failed, cancelled: ended.';

create table public.workflow_runs (
  id uuid primary key default gen_random_uuid(),
  spec_id uuid not null references public.workflow_specs (id) on delete restrict,
  template_id uuid not null references public.workflow_templates (id) on delete restrict,
  user_id uuid not null references auth.users (id) on delete cascade,
  intent jsonb not null check (jsonb_typeof(intent) = 'object'),
  project_slug text not null check (char_length(project_slug) between 1 and 200),
  display_name text not null check (char_length(display_name) between 1 and 200),
  status public.workflow_run_status not null default 'pending',
  current_gate text,
  pause_reason text,
  total_gates integer not null check (total_gates >= 1),
  gates_passed integer not null default 0,
  gates_failed integer not null default 0,
  gates_skipped integer not null default 0,
  total_tokens_in bigint not null default 0,
  total_tokens_out bigint not null default 0,
  total_cost_usd numeric(14, 8) not null default 0,
  started_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workflow_runs_pause_reason check ((status = 'paused') = (pause_reason is not null)),
  constraint workflow_runs_ended check ((status in ('completed', 'failed', 'cancelled'))
    = (completed_at is not null))
);

comment on table public.workflow_runs is 'Workflow runs (seed 003): a spec run with an intent; owner or admin reads; written by the engine''s SQL functions only.';
comment on column public.workflow_runs.id is 'Primary key.';
comment on column public.workflow_runs.spec_id is 'The spec version run (immutable from then on).';
comment on column public.workflow_runs.template_id is 'The spec''s template, for listing.';
comment on column public.workflow_runs.user_id is 'Who started it; gates are charged to them.';
comment on column public.workflow_runs.intent is 'The inputs, validated against the spec''s intent_schema, defaults applied.';
comment on column public.workflow_runs.project_slug is 'Derived identifier, e.g. serendipity-typographic-etymology-20261205.';
comment on column public.workflow_runs.display_name is 'Display name (given, or from the first intent field).';
comment on column public.workflow_runs.status is 'Lifecycle: pending, running, paused, completed, failed, cancelled.';
comment on column public.workflow_runs.current_gate is 'The gate being worked on or waited for (G1, G2, ...); null once ended.';
comment on column public.workflow_runs.pause_reason is 'Why the run is paused, e.g. "Gate G4 failed: MISSING_ARTIFACT"; set exactly when paused.';
comment on column public.workflow_runs.total_gates is 'Number of stages of the spec.';
comment on column public.workflow_runs.gates_passed is 'Gate executions that passed or warned (trigger-maintained).';
comment on column public.workflow_runs.gates_failed is 'Gate executions that failed, every attempt counted (trigger-maintained).';
comment on column public.workflow_runs.gates_skipped is 'Gate executions skipped (trigger-maintained).';
comment on column public.workflow_runs.total_tokens_in is 'Sum of the gate executions'' input tokens (trigger-maintained).';
comment on column public.workflow_runs.total_tokens_out is 'Sum of the gate executions'' output tokens (trigger-maintained).';
comment on column public.workflow_runs.total_cost_usd is 'Sum of the gate executions'' cost in USD (trigger-maintained).';
comment on column public.workflow_runs.started_at is 'When its first gate was claimed.';
comment on column public.workflow_runs.completed_at is 'When it ended (completed, failed or cancelled).';
comment on column public.workflow_runs.created_at is 'When it was started.';
comment on column public.workflow_runs.updated_at is 'When it last changed (trigger).';

create index workflow_runs_user_idx on public.workflow_runs (user_id, created_at desc);
create index workflow_runs_spec_idx on public.workflow_runs (spec_id);
create index workflow_runs_template_idx on public.workflow_runs (template_id);
create index workflow_runs_active_idx on public.workflow_runs (started_at desc)
  where status in ('running', 'paused');

create trigger workflow_runs_updated_at before update on public.workflow_runs
  for each row execute function private.set_updated_at();

alter table public.workflow_runs enable row level security;

create policy "Users can view their own workflow runs, admins all" on public.workflow_runs
  for select to authenticated using (user_id = (select auth.uid()) or (select private.is_admin()));
revoke insert, update, delete on public.workflow_runs from anon, authenticated;

-- Specs are immutable once a run uses them: only is_active may change.
create function private.workflow_spec_guard()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  -- security invoker suffices: only admins (who read every run) and service_role may write specs.
  if exists (select 1 from public.workflow_runs r where r.spec_id = old.id)
      and (tg_op = 'DELETE' or (to_jsonb(new) - 'is_active') is distinct from (to_jsonb(old) - 'is_active')) then
    raise exception 'workflow spec % v% is used by a run and cannot change; write a new version',
        old.id, old.version
      using errcode = 'PL409', hint = 'spec_in_use';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end;
$$;

comment on function private.workflow_spec_guard() is 'Trigger: a spec used by a run cannot be changed (but for is_active) or deleted.';
revoke all on function private.workflow_spec_guard() from public, anon, authenticated;

create trigger workflow_specs_guard before update or delete on public.workflow_specs
  for each row execute function private.workflow_spec_guard();
