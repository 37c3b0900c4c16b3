-- is_admin(): the one test of "the caller is an admin" used by the policies of admin-managed
-- reference tables (providers, models). Admins are profiles with role 'admin' (seed 003).

-- security invoker: the caller may read their own profile (its select policy), which is all
-- this needs; anon and users without a profile simply get false.
create function public.is_admin()
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(
    (select p.role = 'admin' from public.profiles p where p.id = (select auth.uid())),
    false
  );
$$;

comment on function public.is_admin() is 'True when the caller''s profile has role admin.';
revoke execute on function public.is_admin() from public, anon;
grant execute on function public.is_admin() to authenticated, service_role;
