-- Admins read the users a page at a time: the API asks admin_users for one row more than a page
-- (a page is at most 200) to tell whether there is a next one, so the function returns up to 201.
-- The filter, order and offset are as before; the signature is the same, so its grants stay.

create or replace function public.admin_users(p_search text default null, p_limit integer default 50, p_offset integer default 0)
returns setof public.admin_user_overview
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return query
  select * from public.admin_user_overview o
  where p_search is null or o.email ilike '%' || p_search || '%'
    or o.display_name ilike '%' || p_search || '%'
  order by o.cost_this_month_usd desc, o.created_at desc, o.user_id
  limit least(greatest(coalesce(p_limit, 50), 1), 201) offset greatest(coalesce(p_offset, 0), 0);
end;
$$;
