-- Gate executions (issue 17, seed 003): one row per gate per attempt of a workflow run. A row is
-- claimed by a worker with a lease (lease_owner, lease_expires_at) and completed by it; an
-- expired lease fails the attempt (LEASE_EXPIRED). Read by the run's owner or an admin; written
-- only by the engine's SQL functions.

create type public.gate_status as enum ('pending', 'running', 'passed', 'failed', 'skipped', 'warning');
comment on type public.gate_status is 'pending: waiting for a worker (or an approval); running: leased; passed, warning (passed with non-blocking check failures), failed, skipped: final.';

create table public.gate_executions (
  id uuid primary key default gen_random_uuid(),
  run_id uuid not null references public.workflow_runs (id) on delete cascade,
  stage_id text not null,
  gate_id text not null,
  gate_name text not null,
  phase text,
  gate_order integer not null check (gate_order >= 1),
  agent text,
  model text,
  provider text,
  is_required boolean not null default true,
  is_approval boolean not null default false,
  status public.gate_status not null default 'pending',
  attempt integer not null default 1 check (attempt >= 1),
  max_attempts integer not null default 3 check (max_attempts between 1 and 100),
  prompt_packet text,
  raw_output text,
  validation_results jsonb not null default '[]' check (jsonb_typeof(validation_results) = 'array'),
  fail_codes text[] not null default '{}',
  error_message text,
  tokens_in integer not null default 0 check (tokens_in >= 0),
  tokens_out integer not null default 0 check (tokens_out >= 0),
  cost_usd numeric(14, 8) not null default 0 check (cost_usd >= 0),
  duration_ms integer check (duration_ms >= 0),
  model_run_id uuid references public.runs (id) on delete set null,
  lease_owner text,
  lease_expires_at timestamptz,
  started_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  unique (run_id, gate_id, attempt),
  constraint gate_executions_lease check ((status = 'running') = (lease_owner is not null
    and lease_expires_at is not null)),
  constraint gate_executions_final check ((status in ('passed', 'failed', 'skipped', 'warning'))
    = (completed_at is not null))
);

comment on table public.gate_executions is 'One row per gate per attempt of a workflow run (seed 003); leased by a worker while running; written by the engine''s SQL functions only.';
comment on column public.gate_executions.id is 'Primary key.';
comment on column public.gate_executions.run_id is 'The workflow run.';
comment on column public.gate_executions.stage_id is 'The spec stage this gate runs.';
comment on column public.gate_executions.gate_id is 'Gate id from the spec (G1, G2, G4.1, ...).';
comment on column public.gate_executions.gate_name is 'Gate name from the spec.';
comment on column public.gate_executions.phase is 'Phase (intake, research, design, production, audit, publication).';
comment on column public.gate_executions.gate_order is 'Position of the stage in the spec, from 1.';
comment on column public.gate_executions.agent is 'The agent slug from the spec.';
comment on column public.gate_executions.model is 'Model asked for by the spec; the model of the call once made.';
comment on column public.gate_executions.provider is 'Provider that answered (from the model call''s run).';
comment on column public.gate_executions.is_required is 'A required gate cannot be skipped.';
comment on column public.gate_executions.is_approval is 'An approval gate: no model call, waits for the owner to approve or reject.';
comment on column public.gate_executions.status is 'pending, running (leased), passed, warning, failed, skipped.';
comment on column public.gate_executions.attempt is 'Attempt number, from 1.';
comment on column public.gate_executions.max_attempts is 'Attempts allowed before the run pauses.';
comment on column public.gate_executions.prompt_packet is 'The full prompt sent to the model (rendered at claim; names the previous attempt''s fail codes).';
comment on column public.gate_executions.raw_output is 'The model''s full answer.';
comment on column public.gate_executions.validation_results is 'Check results: [{name, type, passed, severity, required, fail_code, message}].';
comment on column public.gate_executions.fail_codes is 'Fail codes of the failed checks (or PROVIDER_ERROR, LEASE_EXPIRED, ...).';
comment on column public.gate_executions.error_message is 'Why the model call failed, when it did.';
comment on column public.gate_executions.tokens_in is 'Input tokens of the model call (from its run).';
comment on column public.gate_executions.tokens_out is 'Output tokens of the model call (from its run).';
comment on column public.gate_executions.cost_usd is 'Cost of the model call in USD (from its run).';
comment on column public.gate_executions.duration_ms is 'From claim to completion.';
comment on column public.gate_executions.model_run_id is 'The runs row of the gate''s model call (kind workflow_gate).';
comment on column public.gate_executions.lease_owner is 'The worker holding the gate while running.';
comment on column public.gate_executions.lease_expires_at is 'When the lease lapses and the attempt counts as failed (LEASE_EXPIRED).';
comment on column public.gate_executions.started_at is 'When it was claimed.';
comment on column public.gate_executions.completed_at is 'When it reached a final status.';
comment on column public.gate_executions.created_at is 'When the attempt was created.';

create index gate_executions_timeline_idx on public.gate_executions (run_id, gate_order, attempt);
create index gate_executions_pending_idx on public.gate_executions (created_at)
  where status = 'pending' and not is_approval;
create index gate_executions_leases_idx on public.gate_executions (lease_expires_at)
  where status = 'running';
create index gate_executions_model_run_idx on public.gate_executions (model_run_id);
create index gate_executions_month_idx on public.gate_executions (created_at);

alter table public.gate_executions enable row level security;

create policy "Users can view the gates of their own workflow runs, admins all" on public.gate_executions
  for select to authenticated using ((select private.is_admin()) or exists (
    select 1 from public.workflow_runs r where r.id = run_id and r.user_id = (select auth.uid())));
revoke insert, update, delete on public.gate_executions from anon, authenticated;
