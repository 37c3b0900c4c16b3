-- Runs and run events (seed 000 §1.9-1.10) with the execution lifecycle of seed 002:
-- pending -> running -> success | error | timeout | cancelled, or pending -> cancelled | error.
-- The checks keep timestamps consistent with the status; the transition trigger (next
-- migrations) keeps the order.

create table public.runs (
  id uuid primary key default gen_random_uuid(),
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  model text not null check (char_length(model) between 1 and 200),
  status public.run_status not null default 'pending',
  input jsonb not null,
  output jsonb,
  model_metadata jsonb,
  token_usage jsonb check (token_usage is null or jsonb_typeof(token_usage) = 'object'),
  latency_ms integer check (latency_ms >= 0),
  error_message text check (error_message is null or char_length(error_message) <= 10000),
  started_at timestamptz,
  completed_at timestamptz,
  created_at timestamptz not null default now(),
  constraint runs_lifecycle_check check (
    case status
      when 'pending' then started_at is null and completed_at is null
      when 'running' then started_at is not null and completed_at is null
      -- success and timeout only follow running; error and cancelled may also end a pending run.
      when 'success' then started_at is not null and completed_at is not null
      when 'timeout' then started_at is not null and completed_at is not null
      else completed_at is not null
    end
  ),
  constraint runs_completion_order_check check (
    completed_at is null or started_at is null or completed_at >= started_at
  )
);
comment on table public.runs is 'One execution of a prompt against a model: input, output, usage, latency, lifecycle.';
create index runs_prompt_created_idx on public.runs (prompt_id, created_at desc);
create index runs_user_created_idx on public.runs (user_id, created_at desc);

alter table public.prompts
  add constraint prompts_last_run_id_fkey foreign key (last_run_id)
  references public.runs (id) on delete set null;
create index prompts_last_run_idx on public.prompts (last_run_id);

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
