-- The security audit (the Admin area's Health tab, and Studio) warned about every function anon
-- may execute, so the six the signed-out gallery and shared links are built on stood there as
-- warnings for good, and a real one would have been lost among them. They are now known by name;
-- a function granted to anon beyond them is still a warning. The rest of the audit is as before.

create or replace function public.security_audit()
returns table (check_name text, severity text, object_name text, detail text)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return query
  select 'table_without_rls', 'error', c.oid::regclass::text, 'row level security is off'
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relrowsecurity
  union all
  select 'definer_without_search_path', 'error', p.oid::regprocedure::text,
    'security definer function without a fixed search_path'
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private') and p.prosecdef
    and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) s where s like 'search_path=%')
  union all
  select 'function_executable_by_anon', 'warning', p.oid::regprocedure::text,
    'anon may execute it'
  from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private')
    and not exists (select 1 from pg_catalog.pg_depend d
      where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass and d.objid = p.oid and d.deptype = 'e')
    and pg_catalog.has_function_privilege('anon', p.oid, 'execute')
    -- What the signed-out gallery and shared links call: anon's by design (search_gallery calls
    -- the two candidate helpers as its caller). Any other grant to anon is a finding.
    and p.oid::pg_catalog.regprocedure::text <> all (array[
      'public.get_popular_templates(integer,text)',
      'public.search_gallery(text,text,text,integer,text)',
      'public.gallery_prompt(uuid)',
      'public.shared_prompt(text)',
      'private.gallery_search_candidates(tsquery,tsquery,text)',
      'private.gallery_title_candidates(text,text,integer)'])
  union all
  select 'view_without_security_invoker', 'warning', c.oid::regclass::text,
    'a view that runs as its owner and API roles may read'
  from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind = 'v'
    and not coalesce('security_invoker=on' = any (c.reloptions) or 'security_invoker=true' = any (c.reloptions), false)
    and (pg_catalog.has_table_privilege('anon', c.oid, 'select')
      or pg_catalog.has_table_privilege('authenticated', c.oid, 'select'));
end;
$$;
