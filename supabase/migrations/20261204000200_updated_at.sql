-- updated_at: one trigger function shared by every table that has the column.

create function private.set_updated_at()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

comment on function private.set_updated_at() is 'Trigger: keeps updated_at at the time of the last update.';
-- Trigger functions need no execute privilege to fire: nobody calls them directly.
revoke all on function private.set_updated_at() from public, anon, authenticated;
