-- prompts.last_run_id: always a run of the same prompt (composite foreign key), cleared when that
-- run is deleted, and moved by a heap-only (HOT) update, which no index on the pointer blocks.
begin;
select plan(6);

select tests.create_supabase_user('lp_user');
select tests.authenticate_as('lp_user');
insert into public.prompts (title) values ('Pointed'), ('Other');
insert into public.runs (prompt_id, model, input)
select id, 'm', '{}' from public.prompts where title = 'Other';
set constraints public.runs_point_prompt immediate;
select set_config('tests.prompt', (select id::text from public.prompts where title = 'Pointed'), true);
select set_config('tests.other_run', (select id::text from public.runs), true);

select set_config('tests.hot_before', (select coalesce(n_tup_hot_upd, 0)::text
  from pg_catalog.pg_stat_xact_user_tables where relid = 'public.prompts'::regclass), true);
insert into public.runs (prompt_id, model, input) values (current_setting('tests.prompt')::uuid, 'm', '{}');
select is((select last_run_id from public.prompts where id = current_setting('tests.prompt')::uuid),
  (select id from public.runs where prompt_id = current_setting('tests.prompt')::uuid),
  'a new run becomes its prompt''s last run');
select is((select n_tup_hot_upd - current_setting('tests.hot_before')::bigint
  from pg_catalog.pg_stat_xact_user_tables where relid = 'public.prompts'::regclass), 1::bigint,
  'moving the pointer is a heap-only update (no index entries written)');
select is((select count(*)::int from pg_catalog.pg_index i
  join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any (i.indkey)
  where i.indrelid = 'public.prompts'::regclass and a.attname = 'last_run_id'), 0,
  'no index covers last_run_id');

select throws_ok($$update public.prompts set last_run_id = current_setting('tests.other_run')::uuid
  where id = current_setting('tests.prompt')::uuid$$, '23503', null,
  'a prompt cannot point at another prompt''s run');

select tests.clear_authentication();
delete from public.runs where prompt_id = current_setting('tests.prompt')::uuid;
select is((select row(last_run_id, title) from public.prompts where id = current_setting('tests.prompt')::uuid),
  row(null::uuid, 'Pointed'::text), 'deleting the last run clears the pointer and nothing else');
select is((select last_run_id::text from public.prompts where title = 'Other'
    and user_id = tests.get_supabase_uid('lp_user')),
  current_setting('tests.other_run'), 'the other prompt keeps its pointer');

select * from finish();
rollback;
