-- Studio: every table, view and column in public, and every function of ours in public, has a
-- COMMENT, read from the catalog so a new one is covered as soon as it exists.
begin;
select plan(3);

select is_empty($$
  select c.oid::regclass::text from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
    and pg_catalog.obj_description(c.oid, 'pg_class') is null
  $$, 'every public table and view has a comment');

select is_empty($$
  select c.oid::regclass::text || '.' || a.attname from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm')
    and pg_catalog.col_description(c.oid, a.attnum) is null
  $$, 'every column of them has a comment');

select is_empty($$
  select p.oid::regprocedure::text from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname = 'public' and pg_catalog.obj_description(p.oid, 'pg_proc') is null
    and not exists (select 1 from pg_catalog.pg_depend d
      where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass and d.objid = p.oid and d.deptype = 'e')
  $$, 'every public function has a comment');

select * from finish();
rollback;
