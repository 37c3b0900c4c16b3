-- RLS for the library (seed 000's row-level security): a user reads and writes only their own
-- rows, and a row may only reference rows of the same user (no prompt in another user's catalog,
-- no version on another user's prompt, no link to another user's tag). Visibility 'public' is
-- stored but not yet shared: every policy is owner-only.

alter table public.catalogs enable row level security;
alter table public.prompts enable row level security;
alter table public.prompt_versions enable row level security;
alter table public.tags enable row level security;
alter table public.prompt_tags enable row level security;

-- catalogs
create policy "Users can view their own catalogs" on public.catalogs
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can create their own catalogs" on public.catalogs
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "Users can update their own catalogs" on public.catalogs
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users can delete their own catalogs" on public.catalogs
  for delete to authenticated using (user_id = (select auth.uid()));

-- prompts
create policy "Users can view their own prompts" on public.prompts
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can create prompts in their own catalogs" on public.prompts
  for insert to authenticated with check (
    user_id = (select auth.uid())
    and (catalog_id is null or exists (
      select 1 from public.catalogs c
      where c.id = prompts.catalog_id and c.user_id = (select auth.uid())))
  );
create policy "Users can update their own prompts within their own catalogs" on public.prompts
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (
    user_id = (select auth.uid())
    and (catalog_id is null or exists (
      select 1 from public.catalogs c
      where c.id = prompts.catalog_id and c.user_id = (select auth.uid())))
  );
create policy "Users can delete their own prompts" on public.prompts
  for delete to authenticated using (user_id = (select auth.uid()));

-- prompt_versions (updates reach the immutability trigger, which refuses them with a code)
create policy "Users can view versions of their own prompts" on public.prompt_versions
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can add versions to their own prompts" on public.prompt_versions
  for insert to authenticated with check (
    user_id = (select auth.uid())
    and created_by = (select auth.uid())
    and exists (
      select 1 from public.prompts p
      where p.id = prompt_versions.prompt_id and p.user_id = (select auth.uid()))
  );
create policy "Users can update versions of their own prompts" on public.prompt_versions
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users can delete versions of their own prompts" on public.prompt_versions
  for delete to authenticated using (user_id = (select auth.uid()));

-- tags
create policy "Users can view their own tags" on public.tags
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can create their own tags" on public.tags
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "Users can rename their own tags" on public.tags
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users can delete their own tags" on public.tags
  for delete to authenticated using (user_id = (select auth.uid()));

-- prompt_tags
create policy "Users can view the tags on their own prompts" on public.prompt_tags
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can put their own tags on their own prompts" on public.prompt_tags
  for insert to authenticated with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.prompts p
      where p.id = prompt_tags.prompt_id and p.user_id = (select auth.uid()))
    and exists (select 1 from public.tags t
      where t.id = prompt_tags.tag_id and t.user_id = (select auth.uid()))
  );
create policy "Users can change the tags on their own prompts" on public.prompt_tags
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.prompts p
      where p.id = prompt_tags.prompt_id and p.user_id = (select auth.uid()))
    and exists (select 1 from public.tags t
      where t.id = prompt_tags.tag_id and t.user_id = (select auth.uid()))
  );
create policy "Users can remove the tags from their own prompts" on public.prompt_tags
  for delete to authenticated using (user_id = (select auth.uid()));
