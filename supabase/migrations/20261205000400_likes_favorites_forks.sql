-- Likes, favorites and forks of shared prompts (issue 15; seed 001's user_favorites and
-- increment_likes_count). One like per user per public prompt; a private list of favorites; a
-- fork's lineage. The counters on shared_prompts follow from these rows by trigger, under the
-- shared row's lock, so concurrent likes never lose an update and nobody can set a count.

create table public.prompt_likes (
  prompt_id uuid not null references public.shared_prompts (prompt_id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (prompt_id, user_id)
);
comment on table public.prompt_likes is 'Who likes which public prompt: one row per user and prompt.';
comment on column public.prompt_likes.prompt_id is 'The liked prompt.';
comment on column public.prompt_likes.user_id is 'Who likes it.';
comment on column public.prompt_likes.created_at is 'When.';
create index prompt_likes_user_idx on public.prompt_likes (user_id, created_at desc);

create table public.prompt_favorites (
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  prompt_id uuid not null references public.shared_prompts (prompt_id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, prompt_id)
);
comment on table public.prompt_favorites is 'Seed 001''s user_favorites: a user''s private list of public prompts.';
comment on column public.prompt_favorites.user_id is 'Whose favorite.';
comment on column public.prompt_favorites.prompt_id is 'The favorite prompt.';
comment on column public.prompt_favorites.created_at is 'When it was added.';
create index prompt_favorites_user_created_idx on public.prompt_favorites (user_id, created_at desc, prompt_id);
create index prompt_favorites_prompt_idx on public.prompt_favorites (prompt_id);

-- A fork's lineage: written only by fork_prompt. The source may be deleted later; the fork and
-- the version number it copied stay.
create table public.prompt_forks (
  prompt_id uuid primary key references public.prompts (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  source_prompt_id uuid references public.prompts (id) on delete set null,
  source_version_id uuid references public.prompt_versions (id) on delete set null,
  source_version_number integer not null check (source_version_number > 0),
  source_title text not null,
  created_at timestamptz not null default now()
);
comment on table public.prompt_forks is 'Which shared prompt and version a prompt was forked from.';
comment on column public.prompt_forks.prompt_id is 'The fork (a prompt of the forker''s).';
comment on column public.prompt_forks.user_id is 'Who forked it.';
comment on column public.prompt_forks.source_prompt_id is 'The original; null once it is deleted.';
comment on column public.prompt_forks.source_version_id is 'The version copied; null once it is gone.';
comment on column public.prompt_forks.source_version_number is 'The number of the version copied (kept when the original goes).';
comment on column public.prompt_forks.source_title is 'The original''s title when it was forked.';
comment on column public.prompt_forks.created_at is 'When it was forked.';
create index prompt_forks_user_idx on public.prompt_forks (user_id);
create index prompt_forks_source_idx on public.prompt_forks (source_prompt_id);
create index prompt_forks_source_version_idx on public.prompt_forks (source_version_id);

alter table public.prompt_likes enable row level security;
alter table public.prompt_favorites enable row level security;
alter table public.prompt_forks enable row level security;

-- A like or a favorite is only ever of a public prompt (the subquery sees, under RLS, public
-- prompts and the caller's own; only the public ones pass).
create policy "Users can view their own likes" on public.prompt_likes
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can like public prompts" on public.prompt_likes
  for insert to authenticated with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.shared_prompts s
      where s.prompt_id = prompt_likes.prompt_id and s.visibility = 'public'));
create policy "Users can take back their own likes" on public.prompt_likes
  for delete to authenticated using (user_id = (select auth.uid()));

create policy "Users can view their own favorites" on public.prompt_favorites
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can add public prompts to their favorites" on public.prompt_favorites
  for insert to authenticated with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.shared_prompts s
      where s.prompt_id = prompt_favorites.prompt_id and s.visibility = 'public'));
create policy "Users can remove their own favorites" on public.prompt_favorites
  for delete to authenticated using (user_id = (select auth.uid()));

create policy "Users can view the lineage of their own forks" on public.prompt_forks
  for select to authenticated using (user_id = (select auth.uid()));

revoke all on public.prompt_likes, public.prompt_favorites, public.prompt_forks from anon, authenticated;
grant select, insert, delete on public.prompt_likes, public.prompt_favorites to authenticated;
grant select on public.prompt_forks to authenticated;

-- Seed 001's increment_likes_count, as a trigger: +1 per like, -1 per unlike, under the shared
-- row's lock (so exact under any concurrency).
-- security definer: likers cannot write shared_prompts.
create function private.count_prompt_like()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.shared_prompts s
  set likes_count = s.likes_count + case when tg_op = 'INSERT' then 1 else -1 end
  where s.prompt_id = case when tg_op = 'INSERT' then new.prompt_id else old.prompt_id end;
  return null;
end;
$$;
comment on function private.count_prompt_like() is 'Trigger: keeps shared_prompts.likes_count equal to its likes.';
-- Trigger functions need no execute privilege of the writer.
revoke all on function private.count_prompt_like() from public, anon, authenticated;

create trigger prompt_likes_count after insert or delete on public.prompt_likes
  for each row execute function private.count_prompt_like();

-- Seed 001's increment_uses_count for runs: a successful run of someone else's public prompt is
-- a use (the owner's own runs are not).
-- security definer: runs are finished by service_role for the runner, who cannot write shared_prompts.
create function private.count_prompt_use()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.shared_prompts s set uses_count = s.uses_count + 1
  where s.prompt_id = new.prompt_id and s.user_id <> new.user_id and s.visibility = 'public';
  return null;
end;
$$;
comment on function private.count_prompt_use() is 'Trigger: a successful run of another user''s public prompt counts as a use.';
-- Trigger functions need no execute privilege of the writer.
revoke all on function private.count_prompt_use() from public, anon, authenticated;

create trigger runs_count_prompt_use after update of status on public.runs
  for each row when (new.status = 'success' and old.status <> 'success' and new.kind = 'prompt')
  execute function private.count_prompt_use();
