-- The gallery's categories (seed 001's prompt_templates.category, seed 004's template
-- categories): a fixed list, seeded here, that admins edit in Studio or the admin area. Everyone,
-- signed out too, reads the active ones: the gallery is public.

create table public.gallery_categories (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  name text not null check (char_length(name) between 1 and 60),
  description text check (description is null or char_length(description) <= 300),
  sort_order integer not null default 0,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.gallery_categories is
  'Categories of the public gallery; id is the slug the API takes. Admins add, rename, order and retire them.';
comment on column public.gallery_categories.id is 'The category''s slug, as the API and the client use it.';
comment on column public.gallery_categories.name is 'The name shown in the gallery.';
comment on column public.gallery_categories.description is 'One line on what belongs here.';
comment on column public.gallery_categories.sort_order is 'Where it is listed: ascending.';
comment on column public.gallery_categories.is_active is 'A retired category (false) is hidden and cannot be chosen; its prompts stay public.';
comment on column public.gallery_categories.created_at is 'When it was added.';
comment on column public.gallery_categories.updated_at is 'When it last changed.';

create trigger gallery_categories_set_updated_at before update on public.gallery_categories
  for each row execute function private.set_updated_at();
create trigger audit_gallery_categories after insert or update or delete on public.gallery_categories
  for each row execute function private.audit_row_change('', 'id');

alter table public.gallery_categories enable row level security;
create policy "Anyone can view the active gallery categories" on public.gallery_categories
  for select to anon using (is_active);
create policy "Signed-in users can view the active gallery categories, admins all" on public.gallery_categories
  for select to authenticated using (is_active or (select private.is_admin()));
create policy "Admins can add gallery categories" on public.gallery_categories
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins can update gallery categories" on public.gallery_categories
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Admins can delete gallery categories" on public.gallery_categories
  for delete to authenticated using ((select private.is_admin()));
revoke all on public.gallery_categories from anon;
grant select on public.gallery_categories to anon;

insert into public.gallery_categories (id, name, description, sort_order) values
  ('writing', 'Writing', 'Articles, stories, copy and editing.', 10),
  ('coding', 'Coding', 'Code generation, review, debugging and explanations.', 20),
  ('business', 'Business', 'Strategy, marketing, sales and operations.', 30),
  ('education', 'Education', 'Tutors, explanations, quizzes and lesson plans.', 40),
  ('productivity', 'Productivity', 'Summaries, planning, email and meeting notes.', 50),
  ('creative', 'Creative', 'Role-play, games, poetry and ideas.', 60),
  ('data', 'Data & analysis', 'Analysis, SQL, spreadsheets and research.', 70),
  ('other', 'Other', 'Everything else.', 1000);
