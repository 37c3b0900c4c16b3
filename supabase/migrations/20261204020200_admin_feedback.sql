-- Feedback (seed 004's feedback system): users send feedback from any page (type, priority,
-- message, optional rating, optional links to their own prompt or run, and what the client
-- captured about the browser and device); they read their own and the admin's response. Admins
-- triage: status, priority, category, tags, and a response that records who answered and when
-- (set by a trigger, not by the caller). feedback_analytics is a per-day summary kept by
-- private.refresh_feedback_analytics, run by pg_cron and by daily_maintenance.

create type public.feedback_type as enum ('bug', 'feature', 'general', 'support');
create type public.feedback_priority as enum ('low', 'medium', 'high', 'urgent');
create type public.feedback_status as enum ('open', 'in_progress', 'resolved', 'closed');
comment on type public.feedback_type is 'What a piece of feedback is: bug, feature, general or support.';
comment on type public.feedback_priority is 'How urgent feedback is: low, medium, high, urgent.';
comment on type public.feedback_status is 'Where feedback is in triage: open, in_progress, resolved, closed.';

create table public.feedback_categories (
  id uuid primary key default extensions.gen_random_uuid(),
  parent_id uuid references public.feedback_categories (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100),
  description text check (description is null or char_length(description) <= 500),
  is_active boolean not null default true,
  sort_order integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique nulls not distinct (parent_id, name),
  check (parent_id is distinct from id)
);
comment on table public.feedback_categories is 'Feedback categories, hierarchical through parent_id; admins manage them.';
comment on column public.feedback_categories.id is 'Category id.';
comment on column public.feedback_categories.parent_id is 'The parent category; null for a top-level one.';
comment on column public.feedback_categories.name is 'Name, unique among its siblings.';
comment on column public.feedback_categories.description is 'What belongs in it.';
comment on column public.feedback_categories.is_active is 'Offered to users when true.';
comment on column public.feedback_categories.sort_order is 'Order among siblings.';
comment on column public.feedback_categories.created_at is 'When it was made.';
comment on column public.feedback_categories.updated_at is 'When it last changed.';
create index feedback_categories_parent_idx on public.feedback_categories (parent_id);

-- A category cannot be its own ancestor.
create function private.check_feedback_category_parent()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if new.parent_id is not null and exists (
    with recursive up as (
      select c.id, c.parent_id from public.feedback_categories c where c.id = new.parent_id
      union
      select c.id, c.parent_id from public.feedback_categories c join up on c.id = up.parent_id
    )
    select 1 from up where up.id = new.id
  ) then
    raise exception 'a category cannot be its own ancestor'
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
  return new;
end;
$$;
comment on function private.check_feedback_category_parent() is 'Trigger: refuses a cycle of parent categories.';
revoke all on function private.check_feedback_category_parent() from public, anon, authenticated;
create trigger feedback_categories_check_parent before insert or update of parent_id
  on public.feedback_categories for each row execute function private.check_feedback_category_parent();
create trigger feedback_categories_set_updated_at before update on public.feedback_categories
  for each row execute function private.set_updated_at();

insert into public.feedback_categories (name, description, sort_order) values
  ('Product', 'The app itself', 1), ('Account', 'Sign-in, plan and billing', 2);
insert into public.feedback_categories (parent_id, name, sort_order)
select c.id, x.name, x.n
from public.feedback_categories c,
  (values ('Library', 1), ('Runs', 2), ('Search', 3)) x (name, n) where c.name = 'Product';
insert into public.feedback_categories (parent_id, name, sort_order)
select c.id, x.name, x.n
from public.feedback_categories c,
  (values ('Plan and quota', 1), ('API keys', 2)) x (name, n) where c.name = 'Account';

create table public.feedback_tags (
  id uuid primary key default extensions.gen_random_uuid(),
  name text not null unique check (name ~ '^[a-z0-9][a-z0-9 _-]{0,49}$'),
  description text check (description is null or char_length(description) <= 500),
  color text not null default '#3b82f6' check (color ~ '^#[0-9a-fA-F]{6}$'),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.feedback_tags is 'Admins'' tags for triaging feedback (lower-case names).';
comment on column public.feedback_tags.id is 'Tag id.';
comment on column public.feedback_tags.name is 'Lower-case name, unique.';
comment on column public.feedback_tags.description is 'What the tag means.';
comment on column public.feedback_tags.color is 'Display color, #rrggbb.';
comment on column public.feedback_tags.is_active is 'Offered when true.';
comment on column public.feedback_tags.created_at is 'When it was made.';
comment on column public.feedback_tags.updated_at is 'When it last changed.';
create trigger feedback_tags_set_updated_at before update on public.feedback_tags
  for each row execute function private.set_updated_at();

create table public.feedback (
  id uuid primary key default extensions.gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  feedback_type public.feedback_type not null default 'general',
  priority public.feedback_priority not null default 'medium',
  status public.feedback_status not null default 'open',
  category_id uuid references public.feedback_categories (id) on delete set null,
  message text not null check (char_length(btrim(message)) between 1 and 5000),
  rating integer check (rating between 1 and 5),
  prompt_id uuid references public.prompts (id) on delete set null,
  run_id uuid references public.runs (id) on delete set null,
  page text check (page is null or char_length(page) <= 500),
  user_agent text check (user_agent is null or char_length(user_agent) <= 1000),
  browser_info jsonb check (browser_info is null
    or (jsonb_typeof(browser_info) = 'object' and octet_length(browser_info::text) <= 4096)),
  device_info jsonb check (device_info is null
    or (jsonb_typeof(device_info) = 'object' and octet_length(device_info::text) <= 4096)),
  admin_response text check (admin_response is null or char_length(admin_response) between 1 and 5000),
  responder_id uuid references auth.users (id) on delete set null,
  responded_at timestamptz,
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((admin_response is null) = (responded_at is null))
);
comment on table public.feedback is
  'Users'' feedback (bug, feature, general, support) with what the client captured, and the admins'' triage and response.';
comment on column public.feedback.id is 'Feedback id.';
comment on column public.feedback.user_id is 'Who sent it.';
comment on column public.feedback.feedback_type is 'bug, feature, general or support.';
comment on column public.feedback.priority is 'low, medium, high or urgent; the sender proposes, admins decide.';
comment on column public.feedback.status is 'open, in_progress, resolved or closed; set by admins.';
comment on column public.feedback.category_id is 'Its category, if any.';
comment on column public.feedback.message is 'What the user wrote (up to 5000 characters).';
comment on column public.feedback.rating is 'Optional satisfaction rating, 1 to 5.';
comment on column public.feedback.prompt_id is 'The sender''s prompt it is about, if any.';
comment on column public.feedback.run_id is 'The sender''s run it is about, if any.';
comment on column public.feedback.page is 'The page of the app it was sent from.';
comment on column public.feedback.user_agent is 'The browser''s user agent string.';
comment on column public.feedback.browser_info is 'What the client captured about the browser (language, viewport, …).';
comment on column public.feedback.device_info is 'What the client captured about the device (platform, screen, …).';
comment on column public.feedback.admin_response is 'The admins'' answer, shown to the sender.';
comment on column public.feedback.responder_id is 'The admin who wrote the response (set by a trigger).';
comment on column public.feedback.responded_at is 'When the response was last written (set by a trigger).';
comment on column public.feedback.resolved_at is 'When it was resolved or closed (set by a trigger).';
comment on column public.feedback.created_at is 'When it was sent.';
comment on column public.feedback.updated_at is 'When it last changed.';

create index feedback_user_created_idx on public.feedback (user_id, created_at desc);
create index feedback_status_created_idx on public.feedback (status, created_at desc);
create index feedback_created_idx on public.feedback (created_at);
create index feedback_category_idx on public.feedback (category_id);
create index feedback_prompt_idx on public.feedback (prompt_id);
create index feedback_run_idx on public.feedback (run_id);
create index feedback_responder_idx on public.feedback (responder_id);

create table public.feedback_tag_links (
  feedback_id uuid not null references public.feedback (id) on delete cascade,
  tag_id uuid not null references public.feedback_tags (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (feedback_id, tag_id)
);
comment on table public.feedback_tag_links is 'Which tags admins put on which feedback.';
comment on column public.feedback_tag_links.feedback_id is 'The feedback.';
comment on column public.feedback_tag_links.tag_id is 'The tag.';
comment on column public.feedback_tag_links.created_at is 'When the tag was put on.';
create index feedback_tag_links_tag_idx on public.feedback_tag_links (tag_id);

-- Who answered and when, when it was resolved: recorded here, whatever the caller sends.
create function private.stamp_feedback_triage()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.status := 'open';
    new.admin_response := null;
    new.responder_id := null;
    new.responded_at := null;
    new.resolved_at := null;
    return new;
  end if;
  if new.admin_response is distinct from old.admin_response then
    new.responder_id := case when new.admin_response is null then null else (select auth.uid()) end;
    new.responded_at := case when new.admin_response is null then null else now() end;
  else
    new.responder_id := old.responder_id;
    new.responded_at := old.responded_at;
  end if;
  if new.status in ('resolved', 'closed') and old.status not in ('resolved', 'closed') then
    new.resolved_at := now();
  elsif new.status not in ('resolved', 'closed') then
    new.resolved_at := null;
  else
    new.resolved_at := old.resolved_at;
  end if;
  return new;
end;
$$;
comment on function private.stamp_feedback_triage() is
  'Trigger: new feedback starts open and unanswered; a response records its admin and time, resolving records resolved_at.';
revoke all on function private.stamp_feedback_triage() from public, anon, authenticated;
create trigger feedback_stamp_triage before insert or update on public.feedback
  for each row execute function private.stamp_feedback_triage();
create trigger feedback_set_updated_at before update on public.feedback
  for each row execute function private.set_updated_at();
create trigger audit_feedback after insert or update or delete on public.feedback
  for each row execute function private.audit_row_change('user_id', 'id', 'browser_info', 'device_info', 'user_agent');
create trigger audit_feedback_tag_links after insert or delete on public.feedback_tag_links
  for each row execute function private.audit_row_change('', 'feedback_id');

-- RLS.
alter table public.feedback enable row level security;
alter table public.feedback_categories enable row level security;
alter table public.feedback_tags enable row level security;
alter table public.feedback_tag_links enable row level security;

create policy "Users read their own feedback, admins all" on public.feedback
  for select to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));
-- Links only to the sender's own prompt and run (their select policies decide).
create policy "Users send their own feedback" on public.feedback
  for insert to authenticated
  with check (
    user_id = (select auth.uid())
    and (prompt_id is null or exists (select 1 from public.prompts p where p.id = prompt_id))
    and (run_id is null or exists (select 1 from public.runs r where r.id = run_id))
  );
create policy "Admins triage feedback" on public.feedback
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));

create policy "Signed-in users read the categories" on public.feedback_categories
  for select to authenticated using (true);
create policy "Admins add categories" on public.feedback_categories
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins change categories" on public.feedback_categories
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Admins delete categories" on public.feedback_categories
  for delete to authenticated using ((select private.is_admin()));

create policy "Admins read tags" on public.feedback_tags
  for select to authenticated using ((select private.is_admin()));
create policy "Admins add tags" on public.feedback_tags
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins change tags" on public.feedback_tags
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Admins delete tags" on public.feedback_tags
  for delete to authenticated using ((select private.is_admin()));

create policy "Admins read tag links" on public.feedback_tag_links
  for select to authenticated using ((select private.is_admin()));
create policy "Admins tag feedback" on public.feedback_tag_links
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins untag feedback" on public.feedback_tag_links
  for delete to authenticated using ((select private.is_admin()));

-- Column privileges: senders write what they send; triage columns are the admins' (the update
-- policy), and who answered and when is the trigger's.
revoke all on public.feedback, public.feedback_categories, public.feedback_tags,
  public.feedback_tag_links from anon, authenticated;
grant select on public.feedback, public.feedback_categories, public.feedback_tags,
  public.feedback_tag_links to authenticated;
grant insert (feedback_type, priority, category_id, message, rating, prompt_id, run_id, page,
  user_agent, browser_info, device_info) on public.feedback to authenticated;
grant update (status, priority, category_id, admin_response) on public.feedback to authenticated;
grant insert (parent_id, name, description, is_active, sort_order),
  update (parent_id, name, description, is_active, sort_order), delete
  on public.feedback_categories to authenticated;
grant insert (name, description, color, is_active), update (name, description, color, is_active),
  delete on public.feedback_tags to authenticated;
grant insert (feedback_id, tag_id), delete on public.feedback_tag_links to authenticated;

-- Analytics ---------------------------------------------------------------------------------------
create table public.feedback_analytics (
  day date primary key,
  total_feedback integer not null default 0,
  resolved_feedback integer not null default 0,
  avg_response_time_hours numeric(10, 2),
  avg_rating numeric(3, 2),
  feedback_by_type jsonb not null default '{}',
  feedback_by_priority jsonb not null default '{}',
  updated_at timestamptz not null default now()
);
comment on table public.feedback_analytics is
  'Per-day feedback summary (UTC day sent): totals, resolved, response time, rating, by type and priority; refreshed by pg_cron.';
comment on column public.feedback_analytics.day is 'The UTC day the feedback was sent.';
comment on column public.feedback_analytics.total_feedback is 'Feedback sent that day.';
comment on column public.feedback_analytics.resolved_feedback is 'Of those, how many are resolved or closed now.';
comment on column public.feedback_analytics.avg_response_time_hours is 'Average hours from sending to the admins'' response, over the answered ones.';
comment on column public.feedback_analytics.avg_rating is 'Average rating, over the rated ones.';
comment on column public.feedback_analytics.feedback_by_type is 'Counts by type, e.g. {"bug": 2}.';
comment on column public.feedback_analytics.feedback_by_priority is 'Counts by priority, e.g. {"high": 1}.';
comment on column public.feedback_analytics.updated_at is 'When the day was last recomputed.';

alter table public.feedback_analytics enable row level security;
create policy "Admins read feedback analytics" on public.feedback_analytics
  for select to authenticated using ((select private.is_admin()));
revoke all on public.feedback_analytics from anon, authenticated;
grant select on public.feedback_analytics to authenticated;

-- Recomputes the days of feedback sent (or still changing) in the last p_days days, and drops
-- days that no longer have any. security definer: it reads everyone's feedback.
create function private.refresh_feedback_analytics(p_days integer default 35)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  since date := (now() at time zone 'utc')::date - greatest(coalesce(p_days, 35), 1) + 1;
  n integer;
begin
  delete from public.feedback_analytics a
  where a.day >= since
    and not exists (select 1 from public.feedback f
      where (f.created_at at time zone 'utc')::date = a.day);
  insert into public.feedback_analytics as a (day, total_feedback, resolved_feedback,
    avg_response_time_hours, avg_rating, feedback_by_type, feedback_by_priority, updated_at)
  select d.day, d.total, d.resolved, d.response_hours, d.rating,
    (select jsonb_object_agg(t.k, t.n) from (select f.feedback_type::text k, count(*) n
      from public.feedback f where (f.created_at at time zone 'utc')::date = d.day group by 1) t),
    (select jsonb_object_agg(t.k, t.n) from (select f.priority::text k, count(*) n
      from public.feedback f where (f.created_at at time zone 'utc')::date = d.day group by 1) t),
    now()
  from (
    select (f.created_at at time zone 'utc')::date as day, count(*)::integer as total,
      (count(*) filter (where f.status in ('resolved', 'closed')))::integer as resolved,
      round(avg(extract(epoch from f.responded_at - f.created_at) / 3600)::numeric, 2) as response_hours,
      round(avg(f.rating)::numeric, 2) as rating
    from public.feedback f
    where f.created_at >= since::timestamp at time zone 'utc'
    group by 1
  ) d
  on conflict (day) do update set total_feedback = excluded.total_feedback,
    resolved_feedback = excluded.resolved_feedback,
    avg_response_time_hours = excluded.avg_response_time_hours,
    avg_rating = excluded.avg_rating, feedback_by_type = excluded.feedback_by_type,
    feedback_by_priority = excluded.feedback_by_priority, updated_at = excluded.updated_at;
  get diagnostics n = row_count;
  return n;
end;
$$;
comment on function private.refresh_feedback_analytics(integer) is
  'Recomputes feedback_analytics for the last p_days UTC days; returns the days written.';
revoke all on function private.refresh_feedback_analytics(integer) from public, anon, authenticated;
grant execute on function private.refresh_feedback_analytics(integer) to service_role;

create function private.schedule_feedback_analytics_job()
returns bigint
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform cron.unschedule(j.jobid) from cron.job j where j.jobname = 'refresh-feedback-analytics';
  return cron.schedule('refresh-feedback-analytics', '*/15 * * * *',
    'select private.refresh_feedback_analytics()');
end;
$$;
comment on function private.schedule_feedback_analytics_job() is
  'Schedules (or reschedules) refresh-feedback-analytics every 15 minutes.';
revoke all on function private.schedule_feedback_analytics_job() from public, anon, authenticated;

select private.schedule_feedback_analytics_job();

-- Admins set a feedback's tags by name (made when new); returns the names it now has.
create function public.admin_set_feedback_tags(p_feedback_id uuid, p_names text[])
returns text[]
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  names text[] := (select coalesce(array_agg(distinct lower(btrim(n))), '{}')
    from unnest(coalesce(p_names, '{}')) n where btrim(n) <> '');
begin
  perform private.require_admin();
  if cardinality(names) > 20 then
    raise exception 'at most 20 tags' using errcode = 'PL422', hint = 'validation_failed';
  end if;
  if not exists (select 1 from public.feedback f where f.id = p_feedback_id) then
    raise exception 'feedback not found' using errcode = 'PL404', hint = 'feedback_not_found';
  end if;
  insert into public.feedback_tags (name) select n from unnest(names) n on conflict (name) do nothing;
  delete from public.feedback_tag_links l where l.feedback_id = p_feedback_id
    and l.tag_id not in (select t.id from public.feedback_tags t where t.name = any (names));
  insert into public.feedback_tag_links (feedback_id, tag_id)
  select p_feedback_id, t.id from public.feedback_tags t where t.name = any (names)
  on conflict do nothing;
  return names;
end;
$$;
comment on function public.admin_set_feedback_tags(uuid, text[]) is
  'Admin: replaces a feedback''s tags by name (new names become tags).';
revoke all on function public.admin_set_feedback_tags(uuid, text[]) from public, anon;
grant execute on function public.admin_set_feedback_tags(uuid, text[]) to authenticated, service_role;

-- Admins see who sent feedback: the senders' emails (auth.users is not the API roles' to read).
create function public.admin_user_emails(p_ids uuid[])
returns table (user_id uuid, email text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return query select u.id, u.email::text from auth.users u where u.id = any (p_ids);
end;
$$;
comment on function public.admin_user_emails(uuid[]) is 'Admin: the emails of these users.';
revoke all on function public.admin_user_emails(uuid[]) from public, anon;
grant execute on function public.admin_user_emails(uuid[]) to authenticated, service_role;
