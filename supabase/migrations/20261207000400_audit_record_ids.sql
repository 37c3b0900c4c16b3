-- Two mends to the audit log's writer, for entries written from now on:
-- - An update's entry names the row it changed. The key was read from the row after the entry
--   had been cut down to the changed columns, so every update's record_id was null (which prompt's
--   visibility changed could not be told).
-- - A prompt's owner_search_vector (a generated column, the owner's search words) is not recorded,
--   like search_vector: it is derived, and an update of the text showed as a change of it.

create or replace function private.audit_row_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  owner_col text := tg_argv[0];
  key_col text := tg_argv[1];
  hidden text[] := coalesce(tg_argv[2:], '{}');
  before_row jsonb;
  after_row jsonb;
  changed text[];
  claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
  api_role text := nullif(nullif(current_setting('role', true), 'none'), '');
  subject uuid;
  record text;
begin
  if tg_op <> 'INSERT' then before_row := private.audit_values(to_jsonb(old) - hidden); end if;
  if tg_op <> 'DELETE' then after_row := private.audit_values(to_jsonb(new) - hidden); end if;
  -- Taken from the whole row: an update's before and after keep only the changed columns.
  record := coalesce(after_row, before_row) ->> key_col;
  if owner_col <> '' then
    subject := (coalesce(after_row, before_row) ->> owner_col)::uuid;
  end if;
  if tg_op = 'DELETE' and subject is not null and tg_table_name <> 'profiles'
     and not exists (select 1 from auth.users u where u.id = subject) then
    return null;
  end if;
  if tg_op = 'UPDATE' then
    select array_agg(k order by k) into changed
    from jsonb_object_keys(after_row) k
    where k <> 'updated_at' and before_row -> k is distinct from after_row -> k;
    if changed is null then
      return null;
    end if;
    select jsonb_object_agg(k, before_row -> k), jsonb_object_agg(k, after_row -> k)
      into before_row, after_row
    from unnest(changed) k;
  end if;
  insert into public.audit_log (actor_id, actor_role, api_key_id, subject_user_id, table_name,
    record_id, action, before, after, changed_columns)
  values (
    nullif(claims ->> 'sub', '')::uuid,
    coalesce(api_role, session_user::text),
    nullif(claims ->> 'api_key_id', '')::uuid,
    subject,
    tg_table_name,
    record,
    lower(tg_op),
    case when tg_op <> 'INSERT' then before_row end,
    case when tg_op <> 'DELETE' then after_row end,
    changed
  );
  return null;
end;
$$;

drop trigger audit_prompts on public.prompts;
create trigger audit_prompts after insert or update or delete on public.prompts
  for each row execute function private.audit_row_change('user_id', 'id', 'search_vector',
    'owner_search_vector');
