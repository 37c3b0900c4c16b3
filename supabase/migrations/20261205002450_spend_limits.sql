-- USD budgets (issue 19): a user's optional monthly spend limit with an alert threshold. The
-- limit is enforced in Upstash by the API (reserve the worst case before the call, settle the
-- real cost after, release the rest), so it is exact under concurrency; SQL keeps the setting,
-- the month's spend it starts from, and the alerts. The user sets their own; admins set anyone's.

create table public.user_budgets (
  user_id uuid primary key references auth.users (id) on delete cascade,
  monthly_limit_usd numeric(12, 4) check (monthly_limit_usd is null or monthly_limit_usd > 0),
  alert_ratio numeric(3, 2) not null default 0.80 check (alert_ratio between 0.05 and 1),
  updated_by uuid default auth.uid() references auth.users (id) on delete set null,
  updated_at timestamptz not null default now()
);
comment on table public.user_budgets is 'A user''s monthly spend limit in USD (null: none) and the share of it at which an alert is raised.';
comment on column public.user_budgets.user_id is 'Whose budget.';
comment on column public.user_budgets.monthly_limit_usd is 'Runs are refused (402 budget_exceeded) once a calendar month''s (UTC) spend would pass it; null for no limit.';
comment on column public.user_budgets.alert_ratio is 'At this share of the limit an alert is recorded (budget_alerts) and shown.';
comment on column public.user_budgets.updated_by is 'Who last set it: the user or an admin.';
comment on column public.user_budgets.updated_at is 'When.';
create index user_budgets_updated_by_idx on public.user_budgets (updated_by);

create trigger user_budgets_set_updated_at before update on public.user_budgets
  for each row execute function private.set_updated_at();
create trigger audit_user_budgets after insert or update or delete on public.user_budgets
  for each row execute function private.audit_row_change('user_id', 'user_id');

create table public.budget_alerts (
  user_id uuid not null references auth.users (id) on delete cascade,
  month date not null check (month = date_trunc('month', month)),
  limit_usd numeric(12, 4) not null,
  spend_usd numeric(14, 8) not null,
  alert_ratio numeric(3, 2) not null,
  created_at timestamptz not null default now(),
  primary key (user_id, month)
);
comment on table public.budget_alerts is 'The month a user''s spend crossed their alert threshold: at most one a month; written by the API''s run service.';
comment on column public.budget_alerts.user_id is 'Whose.';
comment on column public.budget_alerts.month is 'The calendar month (UTC), as its first day.';
comment on column public.budget_alerts.limit_usd is 'The limit then.';
comment on column public.budget_alerts.spend_usd is 'The spend that crossed the threshold.';
comment on column public.budget_alerts.alert_ratio is 'The threshold then.';
comment on column public.budget_alerts.created_at is 'When it was crossed.';

alter table public.user_budgets enable row level security;
alter table public.budget_alerts enable row level security;
create policy "Users and admins can view budgets" on public.user_budgets
  for select to authenticated using (user_id = (select auth.uid()) or (select private.is_admin()));
create policy "Users and admins can set budgets" on public.user_budgets
  for insert to authenticated
  with check (user_id = (select auth.uid()) or (select private.is_admin()));
create policy "Users and admins can change budgets" on public.user_budgets
  for update to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()))
  with check (user_id = (select auth.uid()) or (select private.is_admin()));
create policy "Users and admins can remove budgets" on public.user_budgets
  for delete to authenticated using (user_id = (select auth.uid()) or (select private.is_admin()));
create policy "Users and admins can view budget alerts" on public.budget_alerts
  for select to authenticated using (user_id = (select auth.uid()) or (select private.is_admin()));

revoke all on public.user_budgets, public.budget_alerts from anon, authenticated;
grant select, delete on public.user_budgets to authenticated;
grant insert (user_id, monthly_limit_usd, alert_ratio) on public.user_budgets to authenticated;
grant update (monthly_limit_usd, alert_ratio, updated_by) on public.user_budgets to authenticated;
grant select on public.budget_alerts to authenticated;

-- The caller's spend this calendar month (UTC): what the API's Upstash counter starts from.
create function public.month_spend()
returns numeric
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(sum(r.cost_usd), 0)
  from public.runs r
  where r.user_id = (select auth.uid())
    and r.created_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC';
$$;
comment on function public.month_spend() is 'The caller''s recorded spend (USD) this calendar month, UTC.';
revoke execute on function public.month_spend() from public, anon;
grant execute on function public.month_spend() to authenticated, service_role;

-- Records that the caller's spend crossed their alert threshold this month (once a month).
-- security definer: alerts are bookkeeping callers cannot write; the API (service_role) calls it.
create function public.record_budget_alert(p_spend_usd numeric)
returns boolean
language sql
volatile
security definer
set search_path = ''
as $$
  insert into public.budget_alerts (user_id, month, limit_usd, spend_usd, alert_ratio)
  select b.user_id, date_trunc('month', now() at time zone 'UTC')::date, b.monthly_limit_usd,
    p_spend_usd, b.alert_ratio
  from public.user_budgets b
  where b.user_id = (select auth.uid()) and b.monthly_limit_usd is not null
  on conflict (user_id, month) do nothing
  returning true;
$$;
comment on function public.record_budget_alert(numeric) is
  'Records the caller''s budget alert for this month (once); service_role only.';
revoke execute on function public.record_budget_alert(numeric) from public, anon, authenticated;
grant execute on function public.record_budget_alert(numeric) to service_role;
