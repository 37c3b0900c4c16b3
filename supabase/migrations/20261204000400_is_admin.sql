-- is_admin(): the one test of "the caller is an admin", used by the policies of the
-- admin-managed reference tables (providers, models). Admins are profiles with role 'admin'
-- (seed 003's admin role).

-- security invoker: the caller may read their own profile (its select policy), which is all
-- this needs; users without a profile simply get false.
create function private.is_admin()
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

comment on function private.is_admin() is 'True when the caller''s profile has role admin.';
-- PostgreSQL checks execute on a function in a policy as the role the policy applies to, so
-- authenticated (the policies' role) and service_role keep it; anon has no use for it.
revoke all on function private.is_admin() from public, anon;
grant execute on function private.is_admin() to authenticated, service_role;
