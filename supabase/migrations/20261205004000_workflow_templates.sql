-- Workflow templates (issue 17, seed 003): what users browse at /workflows. Public read while
-- active (anon too); only admins write (private.is_admin(), read from the caller's profile).

create table public.workflow_templates (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,79}$'),
  name text not null check (char_length(name) between 1 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  type text not null check (type ~ '^[a-z0-9][a-z0-9-]{0,49}$'),
  depth text not null default 'standard' check (depth in ('quick', 'standard', 'deep')),
  tags text[] not null default '{}' check (cardinality(tags) <= 20),
  what_you_get jsonb not null default '[]' check (jsonb_typeof(what_you_get) = 'array'),
  estimated_minutes integer check (estimated_minutes between 1 and 1440),
  step_count integer not null default 0 check (step_count between 0 and 100),
  is_featured boolean not null default false,
  is_active boolean not null default true,
  sort_order integer not null default 0,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.workflow_templates is 'Workflow templates (seed 003): a kind of multi-stage output users can run; each has versioned specs.';
comment on column public.workflow_templates.id is 'Primary key.';
comment on column public.workflow_templates.slug is 'Stable address of the template (e.g. typographic-etymology).';
comment on column public.workflow_templates.name is 'Display name.';
comment on column public.workflow_templates.description is 'What the workflow does, shown in the gallery.';
comment on column public.workflow_templates.type is 'Kind of output (visual-essay, research, ...).';
comment on column public.workflow_templates.depth is 'quick, standard or deep.';
comment on column public.workflow_templates.tags is 'Free tags for browsing.';
comment on column public.workflow_templates.what_you_get is 'JSON array of strings: what a run delivers.';
comment on column public.workflow_templates.estimated_minutes is 'Typical wall-clock minutes of a run.';
comment on column public.workflow_templates.step_count is 'Number of stages of the current spec, for display.';
comment on column public.workflow_templates.is_featured is 'Shown first in the gallery.';
comment on column public.workflow_templates.is_active is 'Inactive templates are hidden from everyone but admins and cannot be started.';
comment on column public.workflow_templates.sort_order is 'Gallery order (ascending).';
comment on column public.workflow_templates.created_by is 'The admin who created it; null for system templates.';
comment on column public.workflow_templates.created_at is 'When it was created.';
comment on column public.workflow_templates.updated_at is 'When it was last changed (trigger).';

create index workflow_templates_gallery_idx on public.workflow_templates (sort_order, name)
  where is_active;
create index workflow_templates_created_by_idx on public.workflow_templates (created_by);

create trigger workflow_templates_updated_at before update on public.workflow_templates
  for each row execute function private.set_updated_at();

alter table public.workflow_templates enable row level security;

create policy "Anyone signed out can view active workflow templates" on public.workflow_templates
  for select to anon using (is_active);
create policy "Users can view active workflow templates, admins all" on public.workflow_templates
  for select to authenticated using (is_active or (select private.is_admin()));
create policy "Admins can create workflow templates" on public.workflow_templates
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins can update workflow templates" on public.workflow_templates
  for update to authenticated using ((select private.is_admin()))
  with check ((select private.is_admin()));
create policy "Admins can delete workflow templates" on public.workflow_templates
  for delete to authenticated using ((select private.is_admin()));

revoke insert, update, delete on public.workflow_templates from anon;
