-- Daily rollups of runs, so GET /metrics reads at most one stored row per closed day instead of
-- every run of the window: a heavy user's 30 days are tens of thousands of runs, and percentiles
-- cannot be summed, only recomputed from the rows.
--
-- A closed UTC day's numbers for one user are computed once, from the runs themselves, by the
-- nightly job (roll-up-run-days). A day is only ever read from a stored row that is not stale;
-- today, a day never rolled up and a stale day are computed from the runs, so the numbers are
-- always exactly what the runs say. Any write to a run of a closed day (a late finish just after
-- midnight, a deleted run, a backdated insert) marks that day's row stale; the next job
-- recomputes it. The common path, a run of today, fires no trigger at all (the WHEN clauses).

create table private.run_day_stats (
  user_id uuid not null references auth.users (id) on delete cascade,
  day date not null,
  runs integer not null check (runs > 0),
  succeeded integer not null check (succeeded between 0 and runs),
  failed integer not null check (failed between 0 and runs),
  p50_latency_ms numeric,
  p95_latency_ms numeric,
  tokens numeric not null,
  cost_usd numeric not null,
  -- [{model, runs, input_tokens, output_tokens, cost_usd}], one entry per model
  by_model jsonb not null check (jsonb_typeof(by_model) = 'array'),
  stale boolean not null default false,
  computed_at timestamptz not null default now(),
  primary key (user_id, day)
);

comment on table private.run_day_stats is
  'One user''s runs of one closed UTC day, summarized by the nightly job; read by run_metrics unless stale.';

create index run_day_stats_stale_idx on private.run_day_stats (day) where stale;

alter table private.run_day_stats enable row level security;

-- run_metrics runs as its caller; written only by the definer functions below.
create policy "Users can view their own run day stats" on private.run_day_stats
  for select to authenticated using (user_id = (select auth.uid()));
grant select on private.run_day_stats to authenticated;

-- One UTC day's (or a range's) summary per user, of the runs the caller may read: as the job
-- (the table owner) every user's, as a user through RLS only their own. The one definition of
-- what a day's numbers are, for the stored rows and for the days computed live.
create function private.summarize_run_days(from_day date, to_day date)
returns table (
  user_id uuid,
  day date,
  runs integer,
  succeeded integer,
  failed integer,
  p50_latency_ms numeric,
  p95_latency_ms numeric,
  tokens numeric,
  cost_usd numeric,
  by_model jsonb
)
language sql
stable
security invoker
set search_path = ''
as $$
  with scoped as (
    select r.user_id, r.model, r.status, r.latency_ms, r.cost_usd,
           (r.created_at at time zone 'utc')::date as day,
           coalesce((r.token_usage ->> 'prompt_tokens')::numeric, 0) as input_tokens,
           coalesce((r.token_usage ->> 'completion_tokens')::numeric, 0) as output_tokens
    from public.runs r
    where r.created_at >= (summarize_run_days.from_day::timestamp at time zone 'utc')
      and r.created_at < ((summarize_run_days.to_day + 1)::timestamp at time zone 'utc')
  ),
  per_model as (
    select s.user_id, s.day,
           jsonb_agg(jsonb_build_object('model', s.model, 'runs', s.runs,
             'input_tokens', s.input_tokens, 'output_tokens', s.output_tokens,
             'cost_usd', s.cost_usd) order by s.model) as by_model
    from (
      select s.user_id, s.day, s.model, count(*) as runs, sum(s.input_tokens) as input_tokens,
             sum(s.output_tokens) as output_tokens, coalesce(sum(s.cost_usd), 0) as cost_usd
      from scoped s
      group by s.user_id, s.day, s.model
    ) s
    group by s.user_id, s.day
  )
  select d.user_id, d.day, d.runs, d.succeeded, d.failed, d.p50, d.p95, d.tokens, d.cost_usd,
         m.by_model
  from (
    select s.user_id, s.day,
           count(*)::integer as runs,
           (count(*) filter (where s.status = 'success'))::integer as succeeded,
           (count(*) filter (where s.status in ('error', 'timeout')))::integer as failed,
           round(percentile_cont(0.5) within group (order by s.latency_ms)::numeric, 1) as p50,
           round(percentile_cont(0.95) within group (order by s.latency_ms)::numeric, 1) as p95,
           sum(s.input_tokens + s.output_tokens) as tokens,
           coalesce(sum(s.cost_usd), 0) as cost_usd
    from scoped s
    group by s.user_id, s.day
  ) d
  join per_model m on m.user_id = d.user_id and m.day = d.day
$$;

comment on function private.summarize_run_days(date, date) is
  'Per user and UTC day in [from_day, to_day]: runs, outcomes, p50/p95 latency, tokens, cost, by model; of the runs the caller may read.';
revoke all on function private.summarize_run_days(date, date) from public, anon;
grant execute on function private.summarize_run_days(date, date) to authenticated, service_role;

-- Rolls up closed days: every user's days in [from_day, to_day] (default: the last two closed
-- days, so one missed night is caught up) and every stale row. Today is never stored: its runs
-- are still being written. The table lock waits for writers that marked a day stale to commit,
-- and holds off new ones, so no row is stored from a snapshot that missed a write it should have
-- seen (a writer's stale mark lands after the row, and the next run recomputes it).
create function private.roll_up_run_days(from_day date default null, to_day date default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  today date := (now() at time zone 'utc')::date;
  first_day date := coalesce(roll_up_run_days.from_day, today - 2);
  last_day date := least(coalesce(roll_up_run_days.to_day, today - 1), today - 1);
  stored integer := 0;
  restored integer := 0;
begin
  lock table private.run_day_stats in share row exclusive mode;

  if first_day <= last_day then
    insert into private.run_day_stats as t (user_id, day, runs, succeeded, failed,
      p50_latency_ms, p95_latency_ms, tokens, cost_usd, by_model)
    select s.user_id, s.day, s.runs, s.succeeded, s.failed, s.p50_latency_ms, s.p95_latency_ms,
           s.tokens, s.cost_usd, s.by_model
    from private.summarize_run_days(first_day, last_day) s
    on conflict (user_id, day) do update
      set runs = excluded.runs, succeeded = excluded.succeeded, failed = excluded.failed,
          p50_latency_ms = excluded.p50_latency_ms, p95_latency_ms = excluded.p95_latency_ms,
          tokens = excluded.tokens, cost_usd = excluded.cost_usd, by_model = excluded.by_model,
          stale = false, computed_at = now();
    get diagnostics stored = row_count;
    -- A stored day whose runs are all gone (within the range just recomputed).
    delete from private.run_day_stats t
    where t.day between first_day and last_day
      and t.computed_at < now();
  end if;

  -- Stale rows outside that range: recompute each (user, day); one whose runs are all gone goes.
  with gone as (
    delete from private.run_day_stats t where t.stale returning t.user_id, t.day
  )
  insert into private.run_day_stats (user_id, day, runs, succeeded, failed, p50_latency_ms,
    p95_latency_ms, tokens, cost_usd, by_model)
  select s.user_id, s.day, s.runs, s.succeeded, s.failed, s.p50_latency_ms, s.p95_latency_ms,
         s.tokens, s.cost_usd, s.by_model
  from gone g
  cross join lateral private.summarize_run_days(g.day, g.day) s
  where s.user_id = g.user_id;
  get diagnostics restored = row_count;

  return stored + restored;
end;
$$;

comment on function private.roll_up_run_days(date, date) is
  'The nightly job: stores closed days'' summaries (default the last two) and recomputes stale ones; returns rows stored.';
revoke all on function private.roll_up_run_days(date, date) from public, anon, authenticated;
grant execute on function private.roll_up_run_days(date, date) to service_role;

-- Marks a closed day's stored row stale when one of its runs is written.
create function private.mark_run_day_stale()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    update private.run_day_stats t set stale = true
    where t.user_id = old.user_id and t.day = (old.created_at at time zone 'utc')::date
      and not t.stale;
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    update private.run_day_stats t set stale = true
    where t.user_id = new.user_id and t.day = (new.created_at at time zone 'utc')::date
      and not t.stale;
  end if;
  return null;
end;
$$;

revoke all on function private.mark_run_day_stale() from public, anon, authenticated;

create trigger runs_mark_day_stale_insert
  after insert on public.runs
  for each row
  when ((new.created_at at time zone 'utc')::date < (now() at time zone 'utc')::date)
  execute function private.mark_run_day_stale();

create trigger runs_mark_day_stale_update
  after update on public.runs
  for each row
  when ((old.created_at at time zone 'utc')::date < (now() at time zone 'utc')::date
    or (new.created_at at time zone 'utc')::date < (now() at time zone 'utc')::date)
  execute function private.mark_run_day_stale();

create trigger runs_mark_day_stale_delete
  after delete on public.runs
  for each row
  when ((old.created_at at time zone 'utc')::date < (now() at time zone 'utc')::date)
  execute function private.mark_run_day_stale();

-- Idempotent, by name. 00:20 UTC: after the sweep has ended every run of the day before.
create function private.schedule_run_day_stats_job()
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'roll-up-run-days';
  return cron.schedule('roll-up-run-days', '20 0 * * *', 'select private.roll_up_run_days()');
end;
$$;

comment on function private.schedule_run_day_stats_job() is
  'Schedules (or reschedules) the nightly job roll-up-run-days.';
revoke all on function private.schedule_run_day_stats_job() from public, anon, authenticated;

select private.schedule_run_day_stats_job();

-- The window run_metrics can show (90 days), for runs that exist already.
select private.roll_up_run_days((now() at time zone 'utc')::date - 90, null);
