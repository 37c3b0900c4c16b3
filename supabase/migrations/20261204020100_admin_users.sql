-- Admin (issue 18, seeds 002-004): admins are profiles with role 'admin', made in Studio or SQL
-- (update public.profiles set role = 'admin' where id = '<uuid>'); the right is checked in SQL by
-- private.is_admin() (the caller's own profile row), never read from a JWT claim.
--
-- - Disabling a user: profiles.disabled_at; a disabled user's runs are refused by a trigger on
--   runs (every run path inserts there), and their API keys by public.api_key_lookup (replaced
--   here with the same signature: it raises PL403 user_disabled for a disabled owner).
-- - Reports as views for Studio (security_invoker, readable by postgres and service_role only)
--   and as public admin_* functions for the API, which refuse non-admins with PL404 not_found,
--   the same answer as for a route that does not exist.
-- - admin_set_user changes plan, role and disabling; the audit log records each change with the
--   admin as its actor (the profiles trigger).

alter table public.profiles
  add column disabled_at timestamptz,
  add column disabled_reason text check (disabled_reason is null or char_length(disabled_reason) <= 500);
comment on column public.profiles.disabled_at is
  'When an admin disabled the user; a disabled user''s runs and API keys are refused (403 user_disabled).';
comment on column public.profiles.disabled_reason is 'Why the user was disabled, shown to admins.';
comment on column public.profiles.id is 'The auth.users id of this user.';
comment on column public.profiles.display_name is 'Name shown in the app.';
comment on column public.profiles.avatar_url is 'Picture shown in the app.';
comment on column public.profiles.role is 'user or admin; admins are made in Studio or SQL, or by another admin.';
comment on column public.profiles.plan is 'free, pro or enterprise: the plan_limits and quotas that apply; takes effect on the next run.';
comment on column public.profiles.created_at is 'When the user signed up.';
comment on column public.profiles.updated_at is 'When the profile last changed.';

-- Admitted: an admin (their own profile says so), or a privileged session that is not an API
-- caller (postgres in Studio or psql, service_role jobs). Refused as a 404: a non-admin learns
-- nothing about what exists.
create function private.require_admin()
returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if coalesce(nullif(current_setting('role', true), 'none'), session_user::text)
       in ('anon', 'authenticated')
     and not private.is_admin() then
    raise exception 'not found' using errcode = 'PL404', hint = 'not_found';
  end if;
end;
$$;
comment on function private.require_admin() is
  'Raises PL404 not_found unless the caller is an admin (or a privileged non-API session such as Studio).';
revoke all on function private.require_admin() from public, anon, authenticated;

create function private.user_is_disabled(p_user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce((select p.disabled_at is not null from public.profiles p where p.id = p_user_id), false);
$$;
comment on function private.user_is_disabled(uuid) is 'True when an admin disabled this user.';
revoke all on function private.user_is_disabled(uuid) from public, anon, authenticated;

create function private.refuse_disabled_user_run()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if private.user_is_disabled(new.user_id) then
    raise exception 'this account is disabled: runs are refused'
      using errcode = 'PL403', hint = 'user_disabled';
  end if;
  return new;
end;
$$;
comment on function private.refuse_disabled_user_run() is
  'Trigger: refuses a run of a disabled user (PL403 user_disabled).';
revoke all on function private.refuse_disabled_user_run() from public, anon, authenticated;

create trigger runs_refuse_disabled_user before insert on public.runs
  for each row execute function private.refuse_disabled_user_run();

-- api_key_lookup as before (20261204001900_api_keys.sql), plus one check: a key of a disabled
-- user is refused with PL403 user_disabled (a clear 403, not the 401 of an unknown key).
create or replace function public.api_key_lookup(key_hash text)
returns table (api_key_id uuid, user_id uuid, is_revoked boolean, is_expired boolean)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  key_row public.api_keys%rowtype;
begin
  select * into key_row from public.api_keys k where k.key_hash = api_key_lookup.key_hash;
  if not found then
    return;
  end if;
  if private.user_is_disabled(key_row.user_id) then
    raise exception 'this account is disabled: its API keys are refused'
      using errcode = 'PL403', hint = 'user_disabled';
  end if;
  is_revoked := key_row.revoked_at is not null;
  is_expired := key_row.expires_at is not null and key_row.expires_at <= now();
  -- At most one write a minute per key, so busy keys do not turn every request into an update.
  if not is_revoked and not is_expired
     and (key_row.last_used_at is null or key_row.last_used_at < now() - interval '1 minute') then
    update public.api_keys k set last_used_at = now() where k.id = key_row.id;
  end if;
  api_key_id := key_row.id;
  user_id := key_row.user_id;
  return next;
end;
$$;

-- Reports for Studio (views) -------------------------------------------------------------------
-- Runs of every kind count (prompt runs, improvements, builder calls): they are what was billed.

create view public.admin_user_overview with (security_invoker = on) as
select p.id as user_id, u.email::text as email, p.display_name, p.role, p.plan, p.disabled_at,
  p.disabled_reason, p.created_at,
  coalesce(r.runs_total, 0)::integer as runs_total,
  coalesce(r.runs_this_month, 0)::integer as runs_this_month,
  coalesce(r.cost_total_usd, 0)::numeric as cost_total_usd,
  coalesce(r.cost_this_month_usd, 0)::numeric as cost_this_month_usd,
  r.last_run_at
from public.profiles p
join auth.users u on u.id = p.id
left join lateral (
  select count(*) as runs_total,
    count(*) filter (where x.created_at >= date_trunc('month', now())) as runs_this_month,
    sum(x.cost_usd) as cost_total_usd,
    sum(x.cost_usd) filter (where x.created_at >= date_trunc('month', now())) as cost_this_month_usd,
    max(x.created_at) as last_run_at
  from public.runs x where x.user_id = p.id
) r on true;
comment on view public.admin_user_overview is
  'Admin report: every user with email, plan, role, disabled state, runs and cost (total and this month).';

create view public.admin_cost_by_model as
select coalesce(r.model, 'unknown') as model, count(*)::integer as runs,
  coalesce(sum((r.token_usage ->> 'prompt_tokens')::numeric), 0) as input_tokens,
  coalesce(sum((r.token_usage ->> 'completion_tokens')::numeric), 0) as output_tokens,
  coalesce(sum(r.cost_usd), 0)::numeric as cost_usd
from public.runs r
where r.created_at >= date_trunc('month', now())
group by 1;
alter view public.admin_cost_by_model set (security_invoker = on);
comment on view public.admin_cost_by_model is
  'Admin report (seed 003): runs, tokens and cost by model this calendar month (UTC), over every kind of run.';

create view public.admin_daily_runs with (security_invoker = on) as
select (r.created_at at time zone 'utc')::date as day, count(*)::integer as runs,
  (count(*) filter (where r.status in ('error', 'timeout')))::integer as failed,
  coalesce(sum(r.cost_usd), 0)::numeric as cost_usd,
  count(distinct r.user_id)::integer as users
from public.runs r
group by 1;
comment on view public.admin_daily_runs is 'Admin report: runs, failures, cost and active users per UTC day.';

create view public.admin_errors_by_provider with (security_invoker = on) as
select coalesce(r.provider_id, 'none') as provider_id, count(*)::integer as runs,
  (count(*) filter (where r.status = 'error'))::integer as errors,
  (count(*) filter (where r.status = 'timeout'))::integer as timeouts,
  max(r.created_at) filter (where r.status in ('error', 'timeout')) as last_error_at
from public.runs r
where r.created_at >= now() - interval '30 days'
group by 1;
comment on view public.admin_errors_by_provider is
  'Admin report: runs, errors and timeouts per provider over the last 30 days.';

revoke all on public.admin_user_overview, public.admin_cost_by_model, public.admin_daily_runs,
  public.admin_errors_by_provider from anon, authenticated;
grant select on public.admin_user_overview, public.admin_cost_by_model, public.admin_daily_runs,
  public.admin_errors_by_provider to service_role;

-- Functions for the API (and Studio) --------------------------------------------------------
-- security definer: they read every user's rows; each first calls private.require_admin().

create function public.admin_users(p_search text default null, p_limit integer default 50, p_offset integer default 0)
returns setof public.admin_user_overview
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return query
  select * from public.admin_user_overview o
  where p_search is null or o.email ilike '%' || p_search || '%'
    or o.display_name ilike '%' || p_search || '%'
  order by o.cost_this_month_usd desc, o.created_at desc, o.user_id
  limit least(greatest(coalesce(p_limit, 50), 1), 200) offset greatest(coalesce(p_offset, 0), 0);
end;
$$;
comment on function public.admin_users(text, integer, integer) is
  'Admin: users with plan, role, usage and cost, optionally filtered by email or name.';

create function public.admin_runs(
  p_user_id uuid default null,
  p_status public.run_status default null,
  p_model text default null,
  p_provider_id text default null,
  p_since timestamptz default null,
  p_until timestamptz default null,
  p_limit integer default 50
)
returns table (
  id uuid, user_id uuid, email text, prompt_id uuid, kind text, model text, provider_id text,
  status public.run_status, cost_usd numeric, latency_ms integer, input_tokens numeric,
  output_tokens numeric, error_message text, created_at timestamptz, completed_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return query
  select r.id, r.user_id, u.email::text, r.prompt_id, r.kind::text, r.model, r.provider_id,
    r.status, r.cost_usd, r.latency_ms, (r.token_usage ->> 'prompt_tokens')::numeric,
    (r.token_usage ->> 'completion_tokens')::numeric, r.error_message, r.created_at,
    r.completed_at
  from public.runs r
  left join auth.users u on u.id = r.user_id
  where (p_user_id is null or r.user_id = p_user_id)
    and (p_status is null or r.status = p_status)
    and (p_model is null or r.model = p_model)
    and (p_provider_id is null or r.provider_id = p_provider_id)
    and (p_since is null or r.created_at >= p_since)
    and (p_until is null or r.created_at < p_until)
  order by r.created_at desc, r.id desc
  limit least(greatest(coalesce(p_limit, 50), 1), 200);
end;
$$;
comment on function public.admin_runs(uuid, public.run_status, text, text, timestamptz, timestamptz, integer) is
  'Admin: every user''s runs, newest first, filtered by user, status, model, provider and time.';

create function public.admin_dashboard(p_days integer default 30)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  days integer := least(greatest(coalesce(p_days, 30), 1), 365);
begin
  perform private.require_admin();
  return jsonb_build_object(
    'days', days,
    'users', (select count(*) from public.profiles),
    'disabled_users', (select count(*) from public.profiles p where p.disabled_at is not null),
    'cost_by_model', coalesce((select jsonb_agg(to_jsonb(m) order by m.cost_usd desc, m.model)
      from public.admin_cost_by_model m), '[]'),
    'per_day', coalesce((select jsonb_agg(jsonb_build_object('day', g.day::date, 'runs',
        coalesce(d.runs, 0), 'failed', coalesce(d.failed, 0), 'cost_usd', coalesce(d.cost_usd, 0),
        'users', coalesce(d.users, 0)) order by g.day)
      from generate_series((now() at time zone 'utc')::date - (days - 1),
        (now() at time zone 'utc')::date, interval '1 day') g (day)
      left join public.admin_daily_runs d on d.day = g.day::date), '[]'),
    'top_users', coalesce((select jsonb_agg(jsonb_build_object('user_id', o.user_id, 'email',
        o.email, 'plan', o.plan, 'runs', o.runs_this_month, 'cost_usd', o.cost_this_month_usd)
        order by o.cost_this_month_usd desc, o.user_id)
      from (select * from public.admin_user_overview x where x.runs_this_month > 0
        order by x.cost_this_month_usd desc, x.user_id limit 10) o), '[]'),
    'errors_by_provider', coalesce((select jsonb_agg(to_jsonb(e) order by e.errors + e.timeouts desc,
        e.provider_id) from public.admin_errors_by_provider e), '[]')
  );
end;
$$;
comment on function public.admin_dashboard(integer) is
  'Admin: cost by model this month, runs and cost per day, top users by cost this month, errors by provider.';

create function public.admin_set_user(
  p_user_id uuid,
  p_plan public.plan default null,
  p_role public.user_role default null,
  p_disabled boolean default null,
  p_reason text default null
)
returns setof public.admin_user_overview
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  if coalesce((select auth.jwt()) ? 'api_key_id', false) then
    raise exception 'changing a user needs a signed-in session, not an API key'
      using errcode = 'PL403', hint = 'session_required';
  end if;
  if p_user_id = (select auth.uid()) and (p_role = 'user' or p_disabled) then
    raise exception 'admins cannot demote or disable themselves'
      using errcode = 'PL422', hint = 'cannot_change_self';
  end if;
  update public.profiles p set
    plan = coalesce(p_plan, p.plan),
    role = coalesce(p_role, p.role),
    disabled_at = case when p_disabled is null then p.disabled_at
      when p_disabled then coalesce(p.disabled_at, now()) end,
    disabled_reason = case when p_disabled is null then p.disabled_reason
      when p_disabled then coalesce(p_reason, p.disabled_reason) end
  where p.id = p_user_id;
  if not found then
    raise exception 'user not found' using errcode = 'PL404', hint = 'user_not_found';
  end if;
  return query select * from public.admin_user_overview o where o.user_id = p_user_id;
end;
$$;
comment on function public.admin_set_user(uuid, public.plan, public.user_role, boolean, text) is
  'Admin: changes a user''s plan, role or disabled state (audited); not from an API key.';

revoke all on function public.admin_users(text, integer, integer),
  public.admin_runs(uuid, public.run_status, text, text, timestamptz, timestamptz, integer),
  public.admin_dashboard(integer),
  public.admin_set_user(uuid, public.plan, public.user_role, boolean, text) from public, anon;
grant execute on function public.admin_users(text, integer, integer),
  public.admin_runs(uuid, public.run_status, text, text, timestamptz, timestamptz, integer),
  public.admin_dashboard(integer),
  public.admin_set_user(uuid, public.plan, public.user_role, boolean, text)
  to authenticated, service_role;
