-- Static analysis of every plpgsql function in public and private (plpgsql_check): unknown
-- columns, type mismatches and dead references fail here rather than at run time. Trigger
-- functions are checked against the table they are attached to.
begin;
select plan(2);
create extension if not exists plpgsql_check with schema extensions;

create temp table plpgsql_findings on commit drop as
select p.oid::regprocedure::text as fn, (c).level, (c).message
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
join pg_catalog.pg_language l on l.oid = p.prolang
cross join lateral extensions.plpgsql_check_function_tb(p.oid,
  coalesce((select t.tgrelid from pg_catalog.pg_trigger t where t.tgfoid = p.oid limit 1), 0)) c
where n.nspname in ('public', 'private') and l.lanname = 'plpgsql'
  and (p.prorettype <> 'trigger'::regtype
       or exists (select 1 from pg_catalog.pg_trigger t where t.tgfoid = p.oid));

select cmp_ok((select count(*)::int from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  join pg_catalog.pg_language l on l.oid = p.prolang
  where n.nspname in ('public', 'private') and l.lanname = 'plpgsql'), '>', 20,
  'the schemas have plpgsql functions to check');
select is((select string_agg(fn || ': ' || message, E'\n') from plpgsql_findings where level = 'error'),
  null, 'plpgsql_check finds no errors in any public or private plpgsql function');

select * from finish();
rollback;
