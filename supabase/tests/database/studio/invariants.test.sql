-- Invariants on the Studio path: written as postgres (the table owner, no API role, no JWT), the
-- way an admin edits rows in Supabase Studio. A model's new price never reprices past runs; a
-- plan change applies from the next run; deleting a user removes all their rows and leaves one
-- audit entry; a version cannot be edited.
begin;
select plan(12);

select tests.create_supabase_user('st_user');
select tests.authenticate_as('st_user');
insert into public.prompts (title) values ('Studio prompt');
insert into public.prompt_versions (prompt_id, content) select id, 'Hi' from public.prompts;
select set_config('tests.prompt', (select id::text from public.prompts), true);
select set_config('tests.uid', auth.uid()::text, true);

-- A run through the API's path (service_role with the caller's claims), finished.
set local role service_role;
select set_config('tests.run', (select run_id::text from public.start_run(
  current_setting('tests.prompt')::uuid, p_model => 'openai/gpt-4o-mini',
  p_project_keys => '{openai}')), true);
select public.finish_run(current_setting('tests.run')::uuid, 'success', 'ok',
  '{"prompt_tokens": 1000, "completion_tokens": 1000}', 5);
select tests.clear_authentication();
reset role;
select set_config('tests.cost', (select cost_usd::text from public.runs
  where id = current_setting('tests.run')::uuid), true);
select ok(current_setting('tests.cost')::numeric > 0, 'the run has a cost');

-- 1. Price edits as postgres.
update public.models set price_per_1k_input = price_per_1k_input * 10,
  price_per_1k_output = price_per_1k_output * 10 where id = 'openai/gpt-4o-mini';
select is((select cost_usd from public.runs where id = current_setting('tests.run')::uuid),
  current_setting('tests.cost')::numeric, 'editing a model''s price never changes a past run''s cost');
update public.runs set model_metadata = '{"note": "touched"}' where id = current_setting('tests.run')::uuid;
select is((select cost_usd from public.runs where id = current_setting('tests.run')::uuid),
  current_setting('tests.cost')::numeric, 'not even when the run row is touched again (its snapshot prices it)');

-- 2. Plan changes as postgres.
update public.profiles set plan = 'free' where id = current_setting('tests.uid')::uuid;
select tests.authenticate_as('st_user');
set local role service_role;
select throws_ok($$select * from public.start_run(current_setting('tests.prompt')::uuid,
    p_model => 'openai/o3', p_project_keys => '{openai}')$$,
  'PL403', null, 'on the free plan a top-tier model is refused');
reset role;
select tests.clear_authentication();
update public.profiles set plan = 'pro' where id = current_setting('tests.uid')::uuid;
select tests.authenticate_as('st_user');
set local role service_role;
select lives_ok($$select * from public.start_run(current_setting('tests.prompt')::uuid,
    p_model => 'openai/o3', p_project_keys => '{openai}')$$,
  'after a plan change in Studio, the next run runs under the new plan');
reset role;
select tests.clear_authentication();

-- 3. A version cannot be edited, even as postgres.
select throws_ok($$update public.prompt_versions set content = 'changed'
    where prompt_id = current_setting('tests.prompt')::uuid$$,
  'PL409', 'prompt versions are immutable; save a new version instead',
  'a version cannot be edited, even in Studio');

-- 4. Deleting the user, as postgres.
insert into public.api_keys (user_id, name, prefix, key_hash)
values (current_setting('tests.uid')::uuid, 'k', 'pl_abcdef012', repeat('b', 64));
insert into public.feedback (user_id, message) values (current_setting('tests.uid')::uuid, 'bye');
insert into public.tags (user_id, name) values (current_setting('tests.uid')::uuid, 'studio');
insert into public.run_events (user_id, prompt_id, event_type)
values (current_setting('tests.uid')::uuid, current_setting('tests.prompt')::uuid, 'run');
select set_config('tests.audit_before', (select count(*)::text from public.audit_log
  where subject_user_id = current_setting('tests.uid')::uuid), true);

create function pg_temp.rows_of_user() returns bigint language plpgsql as $$
declare
  t record;
  n bigint;
  total bigint := 0;
begin
  for t in select c.relname, a.attname from pg_catalog.pg_class c
    join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
    join pg_catalog.pg_attribute a on a.attrelid = c.oid
    where ns.nspname = 'public' and c.relkind = 'r' and c.relname <> 'audit_log'
      and a.attname in ('user_id', 'created_by') and not a.attisdropped
  loop
    execute format('select count(*) from public.%I where %I = $1', t.relname, t.attname)
      into n using current_setting('tests.uid')::uuid;
    total := total + n;
  end loop;
  return total + (select count(*) from public.profiles where id = current_setting('tests.uid')::uuid);
end;
$$;
select ok(pg_temp.rows_of_user() >= 8, 'the user has rows across the tables');
select lives_ok($$delete from auth.users where id = current_setting('tests.uid')::uuid$$,
  'deleting the user in Studio succeeds');
select is(pg_temp.rows_of_user(), 0::bigint, 'and no row of theirs is left in any public table');
select is((select count(*)::int from public.runs where id = current_setting('tests.run')::uuid), 0,
  'their runs are gone with their logs');
select is((select count(*)::int - current_setting('tests.audit_before')::int from public.audit_log
    where subject_user_id = current_setting('tests.uid')::uuid), 1,
  'the deletion is one audit entry (the profile), not one per row');
select is((select count(*)::int from public.models where id = 'openai/gpt-4o-mini'), 1,
  'shared reference rows stay');

select * from finish();
rollback;
