-- anon and authenticated hold no TRUNCATE (it skips RLS), REFERENCES or TRIGGER on any table in
-- public, read from the catalog so a new table is covered as soon as it exists; and a table
-- created later in public (as postgres, as migrations do) is born without them.
begin;
select plan(4);

create function pg_temp.granted_extras(only_table regclass default null)
returns setof text language sql stable as $$
  select format('%s: %s has %s', c.oid::regclass, r.role_name, x.privilege)
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  cross join (values ('anon'), ('authenticated')) r (role_name)
  cross join (values ('truncate'), ('references'), ('trigger')) x (privilege)
  where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
    and (only_table is null or c.oid = only_table)
    and pg_catalog.has_table_privilege(r.role_name, c.oid, x.privilege)
$$;

select cmp_ok((select count(*)::int from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p')), '>=', 15,
  'public has the tables to check');
select is_empty($$select pg_temp.granted_extras()$$,
  'no table in public grants anon or authenticated truncate, references or trigger');

-- Default privileges: a table made after the migrations.
create table public.table_privileges_probe (id int primary key);
select is_empty($$select pg_temp.granted_extras('public.table_privileges_probe')$$,
  'a new table in public grants them none either');
select ok(has_table_privilege('authenticated', 'public.table_privileges_probe', 'select, insert, update, delete'),
  'the platform''s other default grants still apply to it (RLS decides the rows)');

select * from finish();
rollback;
