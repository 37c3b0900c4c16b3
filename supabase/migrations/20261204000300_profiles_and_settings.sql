-- Profiles and user settings (seed 000's user_settings with its retention policy; DESIGN.md
-- "users, profile, plan, role"). One row of each per auth user, created by a trigger when the
-- user signs up.

create type public.user_role as enum ('user', 'admin');
create type public.plan as enum ('free', 'pro', 'enterprise');
create type public.retention_policy as enum ('fourteen_days', 'thirty_days', 'always');
create type public.theme as enum ('system', 'light', 'dark');

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  display_name text check (display_name is null or char_length(display_name) between 1 and 100),
  avatar_url text check (avatar_url is null or char_length(avatar_url) <= 2048),
  role public.user_role not null default 'user',
  plan public.plan not null default 'free',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is 'Public face of a user: name, avatar, role (user/admin) and plan (quotas).';

create table public.user_settings (
  user_id uuid primary key references auth.users (id) on delete cascade,
  retention_policy public.retention_policy not null default 'thirty_days',
  -- Must name an active model when chosen (a trigger in the default-model migration).
  default_model text check (default_model is null or char_length(default_model) <= 200),
  framework text check (framework is null or char_length(framework) <= 50),
  theme public.theme not null default 'system',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.user_settings is 'Per-user preferences; retention_policy drives the nightly version pruning.';

create trigger profiles_set_updated_at before update on public.profiles
  for each row execute function private.set_updated_at();
create trigger user_settings_set_updated_at before update on public.user_settings
  for each row execute function private.set_updated_at();

-- security definer: the row is created while the auth service inserts the user, before any
-- JWT for that user exists, so RLS could not admit it as the caller.
create function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, display_name, avatar_url)
  values (
    new.id,
    nullif(left(coalesce(
      new.raw_user_meta_data ->> 'display_name',
      new.raw_user_meta_data ->> 'full_name',
      split_part(new.email, '@', 1)
    ), 100), ''),
    new.raw_user_meta_data ->> 'avatar_url'
  );
  insert into public.user_settings (user_id) values (new.id);
  return new;
end;
$$;
revoke all on function private.handle_new_user() from public, anon, authenticated;

create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_user();

-- RLS: a user sees and edits only their own rows. Rows are created by the trigger and removed
-- by the cascade from auth.users, so there are no insert or delete policies.
alter table public.profiles enable row level security;
alter table public.user_settings enable row level security;

create policy "Users can view their own profile" on public.profiles
  for select to authenticated using (id = (select auth.uid()));
create policy "Users can update their own profile" on public.profiles
  for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

create policy "Users can view their own settings" on public.user_settings
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can update their own settings" on public.user_settings
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));

-- Role and plan are set by admins (service role), never by the user: column privileges.
revoke insert, update, delete on public.profiles from anon, authenticated;
grant update (display_name, avatar_url) on public.profiles to authenticated;
revoke insert, delete on public.user_settings from anon, authenticated;
revoke update on public.user_settings from anon;
