-- Artifacts (issue 17, seed 003): the files a gate execution produced. Text content is stored in
-- the row; its SHA-256 and size are computed by the trigger, never given. Read by the run's owner
-- or an admin; written only by the engine's SQL functions.

create table public.artifacts (
  id uuid primary key default gen_random_uuid(),
  run_id uuid not null references public.workflow_runs (id) on delete cascade,
  gate_execution_id uuid not null references public.gate_executions (id) on delete cascade,
  gate_id text not null,
  file_name text not null check (file_name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$'),
  file_path text not null check (char_length(file_path) between 1 and 300 and file_path !~ '(^/|\.\.)'),
  content_type text not null default 'text/markdown' check (content_type ~ '^[a-z]+/[a-z0-9.+-]+$'),
  content text not null check (char_length(content) <= 1000000),
  content_hash text not null,
  size_bytes integer not null,
  storage_url text,
  artifact_type text check (char_length(artifact_type) <= 50),
  created_at timestamptz not null default now(),
  unique (gate_execution_id, file_path)
);

comment on table public.artifacts is 'Files produced by gate executions (seed 003); content hashed with SHA-256; written by the engine''s SQL functions only.';
comment on column public.artifacts.id is 'Primary key.';
comment on column public.artifacts.run_id is 'The workflow run.';
comment on column public.artifacts.gate_execution_id is 'The gate execution (attempt) that produced it.';
comment on column public.artifacts.gate_id is 'The gate that produced it (G1, G2, ...).';
comment on column public.artifacts.file_name is 'File name, e.g. ESSAY.md.';
comment on column public.artifacts.file_path is 'Path within the run''s project, e.g. essay/ESSAY.md.';
comment on column public.artifacts.content_type is 'MIME type served on download (text/markdown, application/json, ...).';
comment on column public.artifacts.content is 'The file''s text.';
comment on column public.artifacts.content_hash is 'Hex SHA-256 of the content''s UTF-8 bytes (trigger); the download''s ETag.';
comment on column public.artifacts.size_bytes is 'Size of the content in UTF-8 bytes (trigger).';
comment on column public.artifacts.storage_url is 'Where a large or binary artifact is stored instead (unused so far).';
comment on column public.artifacts.artifact_type is 'Classification: research, outline, essay, audit, brief, ...';
comment on column public.artifacts.created_at is 'When it was produced.';

create index artifacts_run_idx on public.artifacts (run_id, created_at);

create function private.artifact_hash()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.content_hash := encode(sha256(convert_to(new.content, 'UTF8')), 'hex');
  new.size_bytes := octet_length(convert_to(new.content, 'UTF8'));
  return new;
end;
$$;

comment on function private.artifact_hash() is 'Trigger: an artifact''s SHA-256 and size from its content.';
revoke all on function private.artifact_hash() from public, anon, authenticated;

create trigger artifacts_hash before insert or update of content on public.artifacts
  for each row execute function private.artifact_hash();

alter table public.artifacts enable row level security;

create policy "Users can view the artifacts of their own workflow runs, admins all" on public.artifacts
  for select to authenticated using ((select private.is_admin()) or exists (
    select 1 from public.workflow_runs r where r.id = run_id and r.user_id = (select auth.uid())));
revoke insert, update, delete on public.artifacts from anon, authenticated;
