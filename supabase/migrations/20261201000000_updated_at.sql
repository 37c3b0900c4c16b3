-- updated_at: one trigger function shared by every table that has the column.

create function public.set_updated_at()
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

comment on function public.set_updated_at() is 'Trigger: keeps updated_at at the time of the last update.';
