-- Labels (issue 19): per-prompt pointers to a version. production and staging by convention,
-- any other name allowed; latest is not a label, it always means the current version. Moving a
-- label is one write, and every move is recorded by trigger (who, from which version, to which,
-- when) in a history nobody can edit. Rolling back is moving the label back. A labelled version
-- is kept by retention: a label never points at nothing.

-- A label's version must be one of its own prompt's: the foreign key is on (version, prompt).
alter table public.prompt_versions
  add constraint prompt_versions_id_prompt_key unique (id, prompt_id);

create table public.prompt_labels (
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  label text not null constraint prompt_labels_label_check
    check (label ~ '^[a-z0-9][a-z0-9_-]{0,49}$' and label <> 'latest'),
  version_id uuid not null,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  updated_at timestamptz not null default now(),
  primary key (prompt_id, label),
  -- NO ACTION, checked at the end of the statement: deleting a prompt takes its labels and its
  -- versions in one cascade; deleting a labelled version on its own is refused.
  constraint prompt_labels_version_fkey foreign key (version_id, prompt_id)
    references public.prompt_versions (id, prompt_id)
);
comment on table public.prompt_labels is 'Named pointers (production, staging, ...) from a prompt to one of its versions.';
comment on column public.prompt_labels.prompt_id is 'The prompt.';
comment on column public.prompt_labels.label is 'The label''s name; latest is reserved (always the current version).';
comment on column public.prompt_labels.version_id is 'The version it points to (one of the prompt''s own).';
comment on column public.prompt_labels.user_id is 'The prompt''s owner.';
comment on column public.prompt_labels.updated_at is 'When it last moved.';
create index prompt_labels_version_idx on public.prompt_labels (version_id, prompt_id);
create index prompt_labels_user_idx on public.prompt_labels (user_id);

create table public.prompt_label_history (
  id bigint generated always as identity primary key,
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  label text not null,
  from_version_id uuid,
  from_version_number integer,
  to_version_id uuid,
  to_version_number integer,
  moved_by uuid,
  moved_at timestamptz not null default now()
);
comment on table public.prompt_label_history is 'Every label move, written by trigger: who moved which label from which version to which, and when. Never edited.';
comment on column public.prompt_label_history.id is 'Order of the moves.';
comment on column public.prompt_label_history.prompt_id is 'The prompt.';
comment on column public.prompt_label_history.user_id is 'The prompt''s owner.';
comment on column public.prompt_label_history.label is 'The label moved.';
comment on column public.prompt_label_history.from_version_id is 'Where it pointed before; null when it was created.';
comment on column public.prompt_label_history.from_version_number is 'That version''s number (kept if the version is pruned later).';
comment on column public.prompt_label_history.to_version_id is 'Where it points now; null when it was deleted.';
comment on column public.prompt_label_history.to_version_number is 'That version''s number.';
comment on column public.prompt_label_history.moved_by is 'The signed-in user who moved it (null from Studio or a job).';
comment on column public.prompt_label_history.moved_at is 'When.';
create index prompt_label_history_prompt_idx on public.prompt_label_history (prompt_id, label, id desc);
create index prompt_label_history_user_idx on public.prompt_label_history (user_id);

alter table public.prompt_labels enable row level security;
alter table public.prompt_label_history enable row level security;

create policy "Users can view the labels of their own prompts" on public.prompt_labels
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can label their own prompts" on public.prompt_labels
  for insert to authenticated with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.prompts p
      where p.id = prompt_labels.prompt_id and p.user_id = (select auth.uid())));
create policy "Users can move the labels of their own prompts" on public.prompt_labels
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users can delete the labels of their own prompts" on public.prompt_labels
  for delete to authenticated using (user_id = (select auth.uid()));
create policy "Users can view the label history of their own prompts" on public.prompt_label_history
  for select to authenticated using (user_id = (select auth.uid()));

revoke all on public.prompt_labels, public.prompt_label_history from anon, authenticated;
grant select, insert, delete on public.prompt_labels to authenticated;
grant update (version_id) on public.prompt_labels to authenticated;
grant select on public.prompt_label_history to authenticated;

create trigger prompt_labels_set_updated_at before update on public.prompt_labels
  for each row execute function private.set_updated_at();

-- security definer: the history is written by this trigger alone; nobody may write it directly.
create function private.record_label_move()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.version_id = old.version_id then
    return null;
  end if;
  insert into public.prompt_label_history (prompt_id, user_id, label, from_version_id,
    from_version_number, to_version_id, to_version_number, moved_by)
  select coalesce(new.prompt_id, old.prompt_id), coalesce(new.user_id, old.user_id),
    coalesce(new.label, old.label),
    case when tg_op <> 'INSERT' then old.version_id end,
    (select v.version_number from public.prompt_versions v
      where tg_op <> 'INSERT' and v.id = old.version_id),
    case when tg_op <> 'DELETE' then new.version_id end,
    (select v.version_number from public.prompt_versions v
      where tg_op <> 'DELETE' and v.id = new.version_id),
    (select auth.uid())
  -- A prompt being deleted takes its history with it: nothing to record.
  where tg_op <> 'DELETE' or exists (select 1 from public.prompts p where p.id = old.prompt_id);
  return null;
end;
$$;
comment on function private.record_label_move() is 'Trigger: records every label creation, move and deletion in prompt_label_history.';
revoke all on function private.record_label_move() from public, anon, authenticated;

create trigger prompt_labels_record_move after insert or update or delete on public.prompt_labels
  for each row execute function private.record_label_move();

-- Moves (or creates) a label of one of the caller's prompts to a version given by id or number;
-- returns the label with its version number.
create function public.move_label(
  p_prompt_id uuid,
  p_label text,
  p_version_id uuid default null,
  p_version_number integer default null
)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  target public.prompt_versions;
begin
  if not exists (select 1 from public.prompts p where p.id = p_prompt_id and p.user_id = (select auth.uid())) then
    raise exception 'prompt % not found', p_prompt_id using errcode = 'PL404', hint = 'prompt_not_found';
  end if;
  if p_label = 'latest' then
    raise exception 'latest always means the current version: it cannot be moved'
      using errcode = 'PL422', hint = 'label_reserved',
        detail = '{"fields":[{"field":"label","message":"latest is reserved"}]}';
  end if;
  if p_label is null or p_label !~ '^[a-z0-9][a-z0-9_-]{0,49}$' then
    raise exception 'a label is 1 to 50 lowercase letters, digits, - or _'
      using errcode = 'PL422', hint = 'validation_failed',
        detail = '{"fields":[{"field":"label","message":"1 to 50 lowercase letters, digits, - or _"}]}';
  end if;
  select v.* into target from public.prompt_versions v
  where v.prompt_id = p_prompt_id
    and (v.id = p_version_id or (p_version_id is null and v.version_number = p_version_number));
  if target.id is null then
    raise exception 'no such version of this prompt' using errcode = 'PL404', hint = 'version_not_found';
  end if;
  insert into public.prompt_labels as l (prompt_id, label, version_id)
  values (p_prompt_id, p_label, target.id)
  on conflict (prompt_id, label) do update set version_id = excluded.version_id
  where l.version_id is distinct from excluded.version_id;
  return jsonb_build_object('label', p_label, 'version_id', target.id,
    'version_number', target.version_number,
    'updated_at', (select l.updated_at from public.prompt_labels l
      where l.prompt_id = p_prompt_id and l.label = p_label));
end;
$$;
comment on function public.move_label(uuid, text, uuid, integer) is
  'Points a label of one of the caller''s prompts at a version (by id or number); recorded in prompt_label_history.';
revoke execute on function public.move_label(uuid, text, uuid, integer) from public, anon;
grant execute on function public.move_label(uuid, text, uuid, integer) to authenticated, service_role;

-- Retention keeps labelled versions: the batch's rule of 20261205001100_retention_batches.sql
-- with one more condition (marked).
create or replace function private.prune_version_batch(
  batch_size integer,
  after_created timestamptz,
  after_id uuid,
  out deleted integer,
  out last_created timestamptz,
  out last_id uuid
)
language plpgsql
security definer
set search_path = ''
as $$
begin
  with expired as (
    select v.id, v.created_at
    from public.prompt_versions v
    join public.prompts p on p.id = v.prompt_id
    left join public.user_settings s on s.user_id = v.user_id
    where v.created_at < now() - interval '14 days'
      and (v.created_at, v.id) > (prune_version_batch.after_created, prune_version_batch.after_id)
      and coalesce(s.retention_policy, 'thirty_days') <> 'always'
      and v.created_at < now() - case coalesce(s.retention_policy, 'thirty_days')
        when 'fourteen_days' then interval '14 days'
        else interval '30 days'
      end
      and p.current_version_id is distinct from v.id
      -- labels: a labelled version is kept
      and not exists (select 1 from public.prompt_labels l where l.version_id = v.id)
    order by v.created_at, v.id
    limit prune_version_batch.batch_size
  ),
  gone as (
    delete from public.prompt_versions v using expired e where v.id = e.id
    returning v.id, v.created_at
  )
  select count(*)::int,
    (array_agg(g.created_at order by g.created_at desc, g.id desc))[1],
    (array_agg(g.id order by g.created_at desc, g.id desc))[1]
  into deleted, last_created, last_id
  from gone g;
end;
$$;
