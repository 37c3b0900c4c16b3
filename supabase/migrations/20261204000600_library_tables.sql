-- Library tables (seed 000's catalogs, prompts, prompt_versions, tags and prompt_tags; status
-- from seed 002's prompts, the goal from seed 001's): catalogs, prompts, immutable
-- prompt_versions, tags and the prompt_tags links. Their triggers, RLS and functions follow in
-- the next migrations.

create table public.catalogs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 200),
  description text check (description is null or char_length(description) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.catalogs is 'A user''s folders of prompts; deleting one deletes its prompts.';
create unique index catalogs_user_name_idx on public.catalogs (user_id, lower(name));

-- A prompt's last run is not stored here: it is the computed field public.last_run_id(prompts),
-- read from runs, so runs of one prompt never update (and queue on) the prompt's row.
create table public.prompts (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  catalog_id uuid references public.catalogs (id) on delete cascade,
  title text not null check (char_length(title) between 1 and 300),
  description text check (description is null or char_length(description) <= 2000),
  status public.prompt_status not null default 'draft',
  published_at timestamptz,
  visibility public.prompt_visibility not null default 'private',
  -- Gets its foreign key once prompt_versions exists.
  current_version_id uuid,
  search_vector tsvector not null default ''::tsvector,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint prompts_published_at_check check (status <> 'published' or published_at is not null)
)
-- Free space on each page for the new row versions of a prompt's frequent updates (edits,
-- new versions, search-vector refreshes), so they can stay on the prompt's page.
with (fillfactor = 90);
comment on table public.prompts is 'A prompt: title, goal (description), status and visibility; its text lives in prompt_versions.';
comment on column public.prompts.description is 'The prompt''s goal: what it is for (seed 001).';
comment on column public.prompts.search_vector is 'Maintained by triggers: title (A), current content (B), catalog name (C), tag names (D).';
-- seed 000's index, with the tie-breaker of the list's keyset order (updated_at desc, id), so a
-- page is an index range read rather than a sort of the whole library.
create index prompts_user_updated_idx on public.prompts (user_id, updated_at desc, id);
create index prompts_search_vector_idx on public.prompts using gin (search_vector);
create index prompts_catalog_idx on public.prompts (catalog_id);
create index prompts_user_status_idx on public.prompts (user_id, status);

create table public.prompt_versions (
  id uuid primary key default gen_random_uuid(),
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  -- Set by the numbering trigger: 1, 2, 3, ... per prompt.
  version_number integer not null check (version_number > 0),
  -- Defaults to the prompt's title (numbering trigger).
  title text not null check (char_length(title) between 1 and 300),
  content text not null check (char_length(content) <= 100000),
  summary text check (summary is null or char_length(summary) <= 1000),
  variables jsonb not null default '[]'::jsonb
    constraint prompt_versions_variables_check check (private.is_valid_prompt_variables(variables)),
  model_config jsonb not null default '{}'::jsonb
    constraint prompt_versions_model_config_check check (private.is_valid_model_config(model_config)),
  source public.prompt_version_source not null default 'manual',
  restored_from_version integer check (restored_from_version is null or restored_from_version > 0),
  created_by uuid not null default auth.uid() references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint prompt_versions_prompt_number_key unique (prompt_id, version_number),
  constraint prompt_versions_restored_from_check check ((source = 'restore') = (restored_from_version is not null))
);
comment on table public.prompt_versions is 'Immutable snapshots of a prompt''s text, variables and model settings.';
comment on column public.prompt_versions.restored_from_version is 'For source restore: the number of the version it copies (a number, not a key, so pruning the original leaves this row untouched).';
create index prompt_versions_user_created_idx on public.prompt_versions (user_id, created_at desc);
create index prompt_versions_created_by_idx on public.prompt_versions (created_by);

-- The pointer may only name this prompt's own version: a trigger checks that (a plain foreign
-- key would accept any prompt's version).
alter table public.prompts
  add constraint prompts_current_version_id_fkey foreign key (current_version_id)
  references public.prompt_versions (id) on delete set null;
create index prompts_current_version_idx on public.prompts (current_version_id);

create table public.tags (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 50 and name = btrim(name)),
  created_at timestamptz not null default now()
);
comment on table public.tags is 'A user''s labels for prompts; names are unique per user, ignoring case.';
create unique index tags_user_name_idx on public.tags (user_id, lower(name));

create table public.prompt_tags (
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  tag_id uuid not null references public.tags (id) on delete cascade,
  -- Must equal both the prompt's and the tag's owner (guard trigger).
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (prompt_id, tag_id)
);
comment on table public.prompt_tags is 'Which tags a prompt carries; prompt, tag and row share one owner.';
create index prompt_tags_tag_idx on public.prompt_tags (tag_id);
create index prompt_tags_user_idx on public.prompt_tags (user_id);
