-- runs and run_events: RLS as owner, as another user and as anon: each user reads and deletes
-- their own; nobody writes a run or an event directly (only SQL functions do:
-- security/bookkeeping_writes.test.sql), on their own prompt or another user's.
begin;
select plan(17);

select tests.create_supabase_user('rn_owner');
select tests.create_supabase_user('rn_other');

select tests.authenticate_as('rn_owner');
insert into public.prompts (title) values ('Owner prompt');
select set_config('tests.owner_prompt', (select id::text from public.prompts), true);
-- The owner's run and event, written as the table owner (as the run functions write them).
reset role;
insert into public.runs (user_id, prompt_id, model, input, latency_ms)
select user_id, id, 'model-a', '{}', 5 from public.prompts
where id = current_setting('tests.owner_prompt')::uuid;
insert into public.run_events (user_id, prompt_id, event_type, payload)
select user_id, id, 'run', '{"n":1}' from public.prompts
where id = current_setting('tests.owner_prompt')::uuid;
select tests.authenticate_as('rn_owner');
select is((select count(*)::int from public.runs), 1, 'owner sees their run');
select is((select count(*)::int from public.run_events), 1, 'owner sees their event');
select throws_ok($$update public.runs set latency_ms = 6$$, '42501', null,
  'runs are bookkeeping: not even the owner updates them');
select throws_ok($$update public.run_events set payload = '{}'$$, '42501', null,
  'events are append-only: not even the owner updates them');
select throws_ok(
  $$insert into public.runs (user_id, prompt_id, model, input)
    values (tests.get_supabase_uid('rn_other'), current_setting('tests.owner_prompt')::uuid, 'm', '{}')$$,
  '42501', null, 'owner cannot create a run owned by someone else');

-- another user
select tests.authenticate_as('rn_other');
select is((select count(*)::int from public.runs), 0, 'another user cannot see the owner''s runs');
select is((select count(*)::int from public.run_events), 0, 'another user cannot see the owner''s events');
select throws_ok(
  $$insert into public.runs (prompt_id, model, input)
    values (current_setting('tests.owner_prompt')::uuid, 'm', '{}')$$,
  '42501', null, 'another user cannot run the owner''s prompt');
select throws_ok(
  $$insert into public.run_events (prompt_id, event_type)
    values (current_setting('tests.owner_prompt')::uuid, 'run')$$,
  '42501', null, 'another user cannot log events on the owner''s prompt');
select throws_ok($$update public.runs set latency_ms = 999$$, '42501', null,
  'another user cannot update the owner''s run');
delete from public.runs;
delete from public.run_events;

select tests.clear_authentication();
select is((select latency_ms from public.runs where user_id = tests.get_supabase_uid('rn_owner')),
  5, 'another user cannot change or delete the owner''s run');
select is((select count(*)::int from public.run_events where user_id = tests.get_supabase_uid('rn_owner')),
  1, 'another user cannot delete the owner''s events');

-- anon
select tests.authenticate_as_anon();
select is((select count(*)::int from public.runs), 0, 'anon sees no runs');
select is((select count(*)::int from public.run_events), 0, 'anon sees no events');
select throws_ok(
  $$insert into public.runs (user_id, prompt_id, model, input)
    values (tests.get_supabase_uid('rn_owner'), current_setting('tests.owner_prompt')::uuid, 'm', '{}')$$,
  '42501', null, 'anon cannot create runs');

-- owner deletes
select tests.authenticate_as('rn_owner');
delete from public.runs;
select is((select count(*)::int from public.runs), 0, 'owner can delete their run');
delete from public.run_events;
select is((select count(*)::int from public.run_events), 0, 'owner can delete their events');

select * from finish();
rollback;
