-- audit_log: a trigger-written entry for each audited change (who, what, before/after, never a
-- secret), RLS as owner, other user, anon and admin, append-only for every role (postgres too),
-- retention as the only deleting path, and a user's deletion recorded once.
begin;
select plan(38);

select tests.create_supabase_user('au_owner');
select tests.create_supabase_user('au_other');
select tests.create_supabase_user('au_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('au_admin');

create function pg_temp.entries(tbl text, act text, who text)
returns setof public.audit_log language sql as $$
  select * from public.audit_log a
  where a.table_name = tbl and a.action = act and a.subject_user_id = (select tests.get_supabase_uid(who))
  order by a.id
$$;

-- As the owner, through the API's role.
select tests.authenticate_as('au_owner');
select public.create_prompt('Audited', 'Hello {{name}}', tags => array['x']);
update public.prompts set visibility = 'public' where title = 'Audited';
insert into public.prompt_versions (prompt_id, content)
select id, 'Second' from public.prompts where title = 'Audited';
update public.user_settings set theme = 'dark';
select public.create_api_key('audit key');
update public.api_keys set name = 'renamed key';
select tests.clear_authentication();
update public.api_keys set last_used_at = now() where user_id = tests.get_supabase_uid('au_owner');

select is((select count(*)::int from pg_temp.entries('prompts', 'insert', 'au_owner')), 1,
  'creating a prompt is recorded');
select is((select actor_id from pg_temp.entries('prompts', 'insert', 'au_owner')),
  tests.get_supabase_uid('au_owner'), 'the entry names the user who made the change');
select is((select actor_role from pg_temp.entries('prompts', 'insert', 'au_owner')),
  'authenticated', 'and the role it came through');
select ok((select after ? 'title' and not after ? 'search_vector'
    from pg_temp.entries('prompts', 'insert', 'au_owner')),
  'an insert records the row after, without derived columns');
select is((select after -> 'content' from public.audit_log
    where table_name = 'prompt_versions' and action = 'insert'
      and subject_user_id = (select tests.get_supabase_uid('au_owner')) and after ->> 'version_number' = '2'),
  jsonb_build_object('chars', 6, 'sha256', encode(extensions.digest('Second', 'sha256'), 'hex')),
  'a version''s content is kept as its length and digest, not copied');
select results_eq(
  $$select changed_columns, before ->> 'visibility', after ->> 'visibility'
    from pg_temp.entries('prompts', 'update', 'au_owner') where 'visibility' = any (changed_columns)$$,
  $$values (array['visibility'], 'private', 'public')$$,
  'a visibility change is recorded as its own diff: the changed column, before and after');
select is(
  (select record_id from pg_temp.entries('prompts', 'update', 'au_owner')
   where 'visibility' = any (changed_columns)),
  (select id::text from public.prompts where title = 'Audited'),
  'an update names the row it changed');
select ok(
  (select bool_and(not (coalesce(before, '{}') ? 'owner_search_vector'
      or coalesce(after, '{}') ? 'owner_search_vector'
      or 'owner_search_vector' = any (coalesce(changed_columns, '{}'))))
   from public.audit_log where table_name = 'prompts'
     and subject_user_id = (select tests.get_supabase_uid('au_owner'))),
  'a prompt''s generated search words are never recorded');
select is((select count(*)::int from pg_temp.entries('prompt_versions', 'insert', 'au_owner')), 2,
  'each new version is recorded');
select results_eq(
  $$select changed_columns, before ->> 'theme', after ->> 'theme'
    from pg_temp.entries('user_settings', 'update', 'au_owner')$$,
  $$values (array['theme'], 'system', 'dark')$$,
  'a settings change is recorded (updated_at is not a change)');
select is((select count(*)::int from pg_temp.entries('api_keys', 'insert', 'au_owner')), 1,
  'creating an API key is recorded');
select ok(
  (select bool_and(coalesce(before, '{}') ? 'key_hash' is false and coalesce(after, '{}') ? 'key_hash' is false)
   from public.audit_log where table_name = 'api_keys'),
  'no API key entry holds the key''s hash');
select is((select count(*)::int from pg_temp.entries('api_keys', 'update', 'au_owner')), 1,
  'renaming a key is recorded, its last use is not');

-- As postgres, the way Studio writes.
insert into public.provider_keys (user_id, provider_id, encrypted_key, iv, last4)
values (tests.get_supabase_uid('au_owner'), 'openai', extensions.gen_random_bytes(32), extensions.gen_random_bytes(12), 'abcd');
update public.profiles set plan = 'pro' where id = tests.get_supabase_uid('au_owner');
select ok((select not (after ? 'encrypted_key' or after ? 'iv') and after ->> 'last4' = 'abcd'
    from pg_temp.entries('provider_keys', 'insert', 'au_owner')),
  'a provider key entry holds neither its ciphertext nor its iv');
select results_eq(
  $$select actor_id, actor_role, changed_columns, before ->> 'plan', after ->> 'plan'
    from pg_temp.entries('profiles', 'update', 'au_owner')$$,
  $$values (null::uuid, 'postgres', array['plan'], 'free', 'pro')$$,
  'a plan change made in Studio is recorded as postgres, with no user');
select is((select record_id from pg_temp.entries('profiles', 'update', 'au_owner')),
  (select tests.get_supabase_uid('au_owner'))::text, 'and names the profile it changed');
select tests.authenticate_as('au_owner');
select public.create_prompt('Audited chat', null,
  messages => '[{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Hi there"}]');
select tests.clear_authentication();
select is((select after -> 'messages' from public.audit_log
    where table_name = 'prompt_versions' and action = 'insert'
      and subject_user_id = (select tests.get_supabase_uid('au_owner')) and after ->> 'title' = 'Audited chat'),
  (select jsonb_build_object('count', 2, 'sha256', encode(extensions.digest(v.messages::text, 'sha256'), 'hex'))
    from public.prompt_versions v join public.prompts p on p.id = v.prompt_id where p.title = 'Audited chat'),
  'a chat version''s messages are kept as their count and digest, not copied');
update public.models set price_per_1k_input = price_per_1k_input + 1
where id = (select id from public.models order by id limit 1);
select is((select count(*)::int from public.audit_log
    where table_name = 'models' and action = 'update' and subject_user_id is null
      and occurred_at = now()), 1,
  'a price change of a model (an admin action) is recorded');

-- RLS.
select tests.rls_enabled('public');
select tests.authenticate_as('au_owner');
select ok((select count(*) > 0 from public.audit_log), 'the owner reads their own entries');
select is((select count(*)::int from public.audit_log
    where subject_user_id is distinct from (select tests.get_supabase_uid('au_owner'))), 0,
  'and nobody else''s');
select tests.authenticate_as('au_other');
select is((select count(*)::int from public.audit_log
    where subject_user_id = (select tests.get_supabase_uid('au_owner'))), 0,
  'another user reads none of the owner''s entries');
select tests.authenticate_as('au_admin');
select ok((select count(*) from public.audit_log
    where subject_user_id = (select tests.get_supabase_uid('au_owner'))) > 0
  and (select count(*) from public.audit_log where table_name = 'models') > 0,
  'an admin reads every entry');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.audit_log$$, '42501', null, 'anon reads nothing');

-- Append-only, for every role.
select tests.authenticate_as('au_owner');
select throws_ok($$update public.audit_log set action = 'delete'$$, '42501', null,
  'a user cannot update an entry');
select throws_ok($$delete from public.audit_log$$, '42501', null, 'a user cannot delete an entry');
select throws_ok($$insert into public.audit_log (actor_role, table_name, action) values ('x', 'prompts', 'insert')$$,
  '42501', null, 'a user cannot write an entry');
select tests.authenticate_as('au_admin');
select throws_ok($$delete from public.audit_log$$, '42501', null, 'neither can an admin');
select tests.authenticate_as_service_role();
select throws_ok($$delete from public.audit_log$$, '42501', null, 'nor the service role');
select tests.clear_authentication();
select throws_ok($$update public.audit_log set actor_role = 'x'$$, 'PL403', null,
  'the table owner cannot update an entry either (the trigger)');
select throws_ok($$delete from public.audit_log$$, 'PL403', null, 'nor delete one');
select throws_ok($$truncate public.audit_log$$, 'PL403', null, 'nor truncate the log');

-- Retention: only entries older than retention_days, only through prune_audit_log.
update public.audit_settings set retention_days = 30;
insert into public.audit_log (occurred_at, actor_role, table_name, action)
values (now() - interval '31 days', 'postgres', 'test_old', 'insert'),
  (now() - interval '29 days', 'postgres', 'test_young', 'insert');
select is(private.prune_audit_log(), 1, 'retention deletes the entries past the period');
select results_eq($$select table_name from public.audit_log where table_name like 'test\_%'$$,
  $$values ('test_young')$$, 'and keeps the others');
select throws_ok($$delete from public.audit_log where table_name = 'test_young'$$, 'PL403', null,
  'after it, deleting is refused again in the same transaction');
select is((select count(*)::int from cron.job where jobname = 'prune-audit-log'
    and command = 'select private.prune_audit_log()'), 1, 'retention runs nightly on pg_cron');
select private.schedule_audit_retention_job();
select is((select count(*)::int from cron.job where jobname = 'prune-audit-log'), 1,
  'scheduling it again replaces the job');

-- A user's deletion: one profile entry, not one per cascaded row.
select set_config('tests.before', (select count(*)::text from public.audit_log), true);
select set_config('tests.owner', tests.get_supabase_uid('au_owner')::text, true);
delete from auth.users where id = current_setting('tests.owner')::uuid;
select results_eq(
  $$select table_name, action from public.audit_log where id > 0
    order by id desc limit (select count(*) - current_setting('tests.before')::int from public.audit_log)$$,
  $$values ('profiles'::text, 'delete'::text)$$,
  'deleting a user is recorded once, by their profile');

select * from finish();
rollback;
