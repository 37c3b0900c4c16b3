-- Shared prompts (issue 15; seed 001's prompt_templates on our data model): what readers of a
-- public or unlisted prompt may see, kept by triggers from the owner's prompt, so the library's
-- tables stay owner-only under RLS and no owner query can ever pick up someone else's row.
-- The owner decides on the prompt itself: visibility, gallery category and whether readers see
-- the version history. The snapshot carries the current version, its variables and model
-- settings, the tags, the category, the author's display name (never the email), the share
-- link's slug and the counters (likes, uses, forks), which only SQL writes.
-- A prompt made private again keeps its row (so likes and counts survive a republish) but RLS
-- then shows it to its owner alone: it leaves every list in the same transaction.

alter table public.prompts
  add column gallery_category_id text references public.gallery_categories (id) on delete set null,
  add column share_history boolean not null default false;
comment on column public.prompts.gallery_category_id is 'The gallery category the owner files the prompt under when it is public.';
comment on column public.prompts.share_history is 'Whether readers of the shared prompt also see its version history (off by default).';
create index prompts_gallery_category_idx on public.prompts (gallery_category_id)
  where gallery_category_id is not null;

-- 128 random bits, URL-safe: unguessable, so an unlisted prompt is found only by its link.
create function private.new_share_slug()
returns text
language sql
volatile
security invoker
set search_path = ''
as $$
  select rtrim(translate(encode(extensions.gen_random_bytes(16), 'base64'), '+/', '-_'), '=');
$$;
comment on function private.new_share_slug() is 'A fresh, unguessable share-link slug (22 URL-safe characters).';
revoke all on function private.new_share_slug() from public, anon, authenticated;

create table public.shared_prompts (
  prompt_id uuid primary key references public.prompts (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  visibility public.prompt_visibility not null,
  slug text not null unique default private.new_share_slug(),
  category_id text references public.gallery_categories (id) on delete set null,
  show_history boolean not null default false,
  title text not null,
  description text,
  version_id uuid,
  version_number integer,
  content text not null default '',
  variables jsonb not null default '[]',
  model_config jsonb not null default '{}',
  tags text[] not null default '{}',
  author_name text not null,
  search_vector tsvector not null default ''::tsvector,
  likes_count integer not null default 0 check (likes_count >= 0),
  uses_count integer not null default 0 check (uses_count >= 0),
  forks_count integer not null default 0 check (forks_count >= 0),
  -- When it last became public: the gallery's "newest".
  published_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.shared_prompts is
  'Seed 001''s prompt_templates: the readable snapshot of a shared prompt with its counters; written only by triggers and sharing functions.';
comment on column public.shared_prompts.slug is 'The share link''s secret part; rotating it makes the old link a 404.';
comment on column public.shared_prompts.search_vector is 'Gallery search: title (A), goal (B), tags (C), content (D).';
comment on column public.shared_prompts.prompt_id is 'The shared prompt.';
comment on column public.shared_prompts.user_id is 'Its owner (the author).';
comment on column public.shared_prompts.visibility is 'The prompt''s visibility: public is listed and readable by all, unlisted only through the link, private by the owner only.';
comment on column public.shared_prompts.category_id is 'The gallery category the owner chose.';
comment on column public.shared_prompts.show_history is 'Whether readers see the version history.';
comment on column public.shared_prompts.title is 'The prompt''s title.';
comment on column public.shared_prompts.description is 'The prompt''s goal.';
comment on column public.shared_prompts.version_id is 'The current version readers see.';
comment on column public.shared_prompts.version_number is 'Its number.';
comment on column public.shared_prompts.content is 'Its content.';
comment on column public.shared_prompts.variables is 'Its typed variables.';
comment on column public.shared_prompts.model_config is 'Its model settings.';
comment on column public.shared_prompts.tags is 'The prompt''s tag names.';
comment on column public.shared_prompts.author_name is 'The owner''s display name, never the email nor its part before the @ (then Anonymous).';
comment on column public.shared_prompts.likes_count is 'Likes (prompt_likes rows), kept by trigger.';
comment on column public.shared_prompts.uses_count is 'Successful runs and forks by other users.';
comment on column public.shared_prompts.forks_count is 'Forks by other users.';
comment on column public.shared_prompts.published_at is 'When it last became public (the gallery''s newest).';
comment on column public.shared_prompts.created_at is 'When it was first shared.';
comment on column public.shared_prompts.updated_at is 'When the snapshot last changed.';

create index shared_prompts_user_idx on public.shared_prompts (user_id);
-- Gallery search: RUM (hosted Supabase offers it; locally the Debian package postgresql-15-rum)
-- returns matches in rank order (<=>) from the index, so a common word among 100,000 public
-- prompts reads the best few hundred, not every match.
create extension if not exists rum with schema extensions;
create index shared_prompts_search_idx on public.shared_prompts
  using rum (search_vector extensions.rum_tsvector_ops) where visibility = 'public';
create index shared_prompts_title_trgm_idx on public.shared_prompts
  using gin (title extensions.gin_trgm_ops) where visibility = 'public';
-- get_popular_templates: likes, then uses; all categories or one.
create index shared_prompts_popular_idx on public.shared_prompts
  (likes_count desc, uses_count desc, prompt_id) where visibility = 'public';
create index shared_prompts_category_popular_idx on public.shared_prompts
  (category_id, likes_count desc, uses_count desc, prompt_id) where visibility = 'public';
create index shared_prompts_newest_idx on public.shared_prompts
  (published_at desc, prompt_id) where visibility = 'public';
create index shared_prompts_category_newest_idx on public.shared_prompts
  (category_id, published_at desc, prompt_id) where visibility = 'public';

alter table public.shared_prompts enable row level security;
create policy "Anyone can view public prompts" on public.shared_prompts
  for select to anon using (visibility = 'public');
create policy "Signed-in users view public prompts and their own shared ones" on public.shared_prompts
  for select to authenticated using (visibility = 'public' or user_id = (select auth.uid()));
-- No write policy and no write privilege: the counters cannot be set by anyone but SQL.
revoke all on public.shared_prompts from anon, authenticated;
grant select on public.shared_prompts to anon, authenticated;

-- The name readers see: the profile's display name, unless it is still the one sign-up made
-- from the email (its part before the @), which would show part of the email: then "Anonymous"
-- until the user chooses a public name.
-- security definer: it reads auth.users' email, which no API role may read.
create function private.public_author_name(p_user_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case when pr.display_name is null or btrim(pr.display_name) = ''
      or lower(pr.display_name) = lower(split_part(u.email, '@', 1))
      or pr.display_name like '%@%'
    then 'Anonymous' else pr.display_name end
  from (select p_user_id as id) me
  left join public.profiles pr on pr.id = me.id
  left join auth.users u on u.id = me.id;
$$;
comment on function private.public_author_name(uuid) is
  'The author name readers see: the display name, never the email or its local part (then Anonymous).';
revoke all on function private.public_author_name(uuid) from public, anon, authenticated;

-- The snapshot of one prompt, from its current state; called by the triggers below and by the
-- sharing functions.
-- security definer: the owner cannot write shared_prompts (its counters are SQL's alone).
create function private.refresh_shared_prompt(p_prompt_id uuid)
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into public.shared_prompts as s (prompt_id, user_id, visibility, category_id,
    show_history, title, description, version_id, version_number, content, variables,
    model_config, tags, author_name, search_vector, published_at)
  select p.id, p.user_id, p.visibility, p.gallery_category_id, p.share_history, p.title,
    p.description, v.id, v.version_number, coalesce(v.content, ''), coalesce(v.variables, '[]'),
    coalesce(v.model_config, '{}'), t.names, private.public_author_name(p.user_id),
    setweight(to_tsvector('english', p.title), 'A')
      || setweight(to_tsvector('english', coalesce(p.description, '')), 'B')
      || setweight(to_tsvector('simple', array_to_string(t.names, ' ')), 'C')
      || setweight(to_tsvector('english', coalesce(v.content, '')), 'D'),
    case when p.visibility = 'public' then now() end
  from public.prompts p
  left join public.prompt_versions v on v.id = p.current_version_id
  cross join lateral (select coalesce(array_agg(tg.name order by lower(tg.name)), '{}') as names
    from public.prompt_tags pt join public.tags tg on tg.id = pt.tag_id
    where pt.prompt_id = p.id) t
  where p.id = p_prompt_id
  on conflict (prompt_id) do update set
    visibility = excluded.visibility,
    category_id = excluded.category_id,
    show_history = excluded.show_history,
    title = excluded.title,
    description = excluded.description,
    version_id = excluded.version_id,
    version_number = excluded.version_number,
    content = excluded.content,
    variables = excluded.variables,
    model_config = excluded.model_config,
    tags = excluded.tags,
    author_name = excluded.author_name,
    search_vector = excluded.search_vector,
    -- Newest in the gallery from the moment it (again) became public.
    published_at = case when excluded.visibility <> 'public' then s.published_at
      when s.visibility = 'public' then s.published_at else now() end,
    updated_at = now();
$$;
comment on function private.refresh_shared_prompt(uuid) is
  'Writes a prompt''s shared snapshot from its current title, goal, version, tags, category and visibility.';
revoke all on function private.refresh_shared_prompt(uuid) from public, anon, authenticated;

-- security definer: it calls refresh_shared_prompt, which the owner may not call directly.
create function private.sync_shared_prompt()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_shared_prompt(new.id);
  return null;
end;
$$;
comment on function private.sync_shared_prompt() is
  'Trigger: keeps a shared (or once shared) prompt''s snapshot in step with the prompt.';
-- Trigger functions need no execute privilege of the writer.
revoke all on function private.sync_shared_prompt() from public, anon, authenticated;

-- A private prompt that was never shared costs nothing here. Tag changes and tag renames reach
-- the prompt as a rewrite of its search_vector, so they refresh the snapshot too.
create trigger prompts_sync_shared_on_insert after insert on public.prompts
  for each row when (new.visibility <> 'private')
  execute function private.sync_shared_prompt();
create trigger prompts_sync_shared_on_update
  after update of title, description, current_version_id, search_vector, visibility,
    gallery_category_id, share_history on public.prompts
  for each row when (new.visibility <> 'private' or old.visibility <> 'private')
  execute function private.sync_shared_prompt();

-- The author's display name follows a rename.
-- security definer: the profile's owner cannot write shared_prompts.
create function private.sync_shared_author_name()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.shared_prompts s set author_name = private.public_author_name(new.id)
  where s.user_id = new.id;
  return null;
end;
$$;
comment on function private.sync_shared_author_name() is
  'Trigger: a display-name change reaches the user''s shared prompts.';
-- Trigger functions need no execute privilege of the writer.
revoke all on function private.sync_shared_author_name() from public, anon, authenticated;

create trigger profiles_sync_shared_author_name after update of display_name on public.profiles
  for each row when (new.display_name is distinct from old.display_name)
  execute function private.sync_shared_author_name();
