-- Runs and run events (seed 000's runs and run_events; what seed 001's test_results, seed 002's
-- executions and seed 004's prompt_history record): a run holds what it was for (its kind), the
-- version and variables it rendered, where it was sent and with whose key, the settings, the
-- price it is billed at, an idempotency key, validation results and attempts. run_events are
-- seed 000's KPI events.

-- Every model call the product makes is a run, of a kind, metered, priced and recorded by the
-- same functions.
create type public.run_kind as enum ('prompt', 'improve');
comment on type public.run_kind is
  'What a model call was for: a run of the prompt, or an improvement suggestion for it.';

create table public.runs (
  id uuid primary key default gen_random_uuid(),
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  model text not null,
  status public.run_status not null default 'pending',
  input jsonb not null,
  output jsonb,
  model_metadata jsonb,
  token_usage jsonb,
  latency_ms integer,
  error_message text,
  started_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  version_id uuid references public.prompt_versions (id) on delete set null,
  -- No foreign key: a run is history and outlives providers (and custom LLM_BASE_URL ones).
  provider_id text,
  key_source text,
  variables jsonb not null default '{}'::jsonb,
  resolved_prompt text,
  temperature numeric(3, 2),
  max_tokens integer,
  cost_usd numeric(14, 8),
  price_snapshot jsonb,
  idempotency_key text,
  validation_status text,
  validation_results jsonb,
  attempts integer not null default 0,
  -- How long the API waits for the provider; the sweep uses it to find abandoned runs.
  timeout_ms integer,
  streamed boolean not null default false,
  kind public.run_kind not null default 'prompt',
  constraint runs_row_check check (private.check_run_row(status, started_at, completed_at,
    model, provider_id, key_source, variables, resolved_prompt, temperature, max_tokens,
    timeout_ms, idempotency_key, price_snapshot, token_usage, cost_usd, latency_ms, attempts,
    error_message, validation_status, validation_results))
);
comment on table public.runs is 'One execution of a prompt against a model: input, output, usage, latency, lifecycle.';
comment on column public.runs.price_snapshot is 'The models row prices the run is billed at, copied when it started: {model_id, price_per_1k_input, price_per_1k_output, price_per_1k_cached_input}.';
comment on column public.runs.cost_usd is 'Computed by private.run_cost from token_usage and price_snapshot (trigger); never set by callers.';
comment on column public.runs.output is 'The model''s text as a jsonb string.';
comment on column public.runs.kind is
  'prompt: the prompt run with its variables; improve: a rewrite of the prompt suggested by a model.';
-- The runs of a prompt, newest first, is also how its last run is found (last_run_id).
create index runs_prompt_created_idx on public.runs (prompt_id, created_at desc);
create index runs_user_created_idx on public.runs (user_id, created_at desc);
-- Same key, same user: the same run (retries of a POST never run twice).
create unique index runs_user_idempotency_key on public.runs (user_id, idempotency_key)
  where idempotency_key is not null;
create index runs_version_idx on public.runs (version_id);
-- The sweep looks only at running runs.
create index runs_running_started_idx on public.runs (started_at) where status = 'running';

create trigger runs_check_transition before update on public.runs
  for each row execute function private.check_run_transition();

create table public.run_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  prompt_id uuid references public.prompts (id) on delete set null,
  event_type text not null check (event_type in ('run', 'improve', 'improve_saved', 'delete', 'restore')),
  payload jsonb,
  created_at timestamptz not null default now()
);
comment on table public.run_events is 'Append-only KPI events (runs, improvements, deletions, restores).';
create index run_events_user_created_idx on public.run_events (user_id, created_at desc);
create index run_events_prompt_idx on public.run_events (prompt_id);

-- RLS (seed 000's row-level security): a user reads and deletes only their own runs and events.
-- Both are bookkeeping, written only by SQL functions (start_run, finish_run, the sweep,
-- record_prompt_event and the event triggers of prompt_events), which decide whose prompt it is:
-- callers hold no insert or update privilege and no policy for either, so neither a run's price
-- snapshot, usage and cost nor an event can be written through the Data API.
alter table public.runs enable row level security;
alter table public.run_events enable row level security;

create policy "Users can view their own runs" on public.runs
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can delete their own runs" on public.runs
  for delete to authenticated using (user_id = (select auth.uid()));

-- run_events: an append-only log.
create policy "Users can view their own events" on public.run_events
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can delete their own events" on public.run_events
  for delete to authenticated using (user_id = (select auth.uid()));
revoke insert, update on public.runs, public.run_events from anon, authenticated;
