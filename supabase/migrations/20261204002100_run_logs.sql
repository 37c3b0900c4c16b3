-- Run logs (seed 002's execution logs): what happened during a run, in order, for its owner.
-- finish_run writes a run's whole log when the run ends, and the sweep writes the log of a run
-- it ends: logs are bookkeeping, written only by those functions, never by callers.

create table public.run_logs (
  id bigint generated always as identity primary key,
  run_id uuid not null references public.runs (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  level text not null default 'info' check (level in ('debug', 'info', 'warn', 'error')),
  message text not null check (char_length(message) between 1 and 10000),
  data jsonb check (data is null or jsonb_typeof(data) = 'object'),
  created_at timestamptz not null default clock_timestamp()
);
comment on table public.run_logs is 'Append-only log lines of a run (start, retries, outcome, validation, sweep).';
create index run_logs_run_idx on public.run_logs (run_id, id);
create index run_logs_user_idx on public.run_logs (user_id);

alter table public.run_logs enable row level security;

create policy "Users can view their own run logs" on public.run_logs
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can delete their own run logs" on public.run_logs
  for delete to authenticated using (user_id = (select auth.uid()));

-- Append-only, and written only by SQL functions: no insert or update policy or privilege;
-- anon has no use for logs.
revoke all on public.run_logs from anon;
revoke insert, update on public.run_logs from authenticated;
