-- record_prompt_event and the improve_saved trigger: as owner, as another user, as anon. The API
-- records events as service_role with the caller's claims; callers cannot call it themselves.
begin;
select plan(12);

select tests.create_supabase_user('ev_owner');
select tests.create_supabase_user('ev_other');

select tests.authenticate_as('ev_owner');
insert into public.prompts (title) values ('Improvable');
select set_config('tests.prompt', (select id::text from public.prompts), true);

select throws_ok(
  $$select public.record_prompt_event(current_setting('tests.prompt')::uuid, 'improve', null)$$,
  '42501', null, 'the owner cannot record events directly');

set local role service_role;
select isnt(
  public.record_prompt_event(current_setting('tests.prompt')::uuid, 'improve', '{"model":"m"}'),
  null, 'with the owner''s claims, an improve event is recorded');
select throws_ok(
  $$select public.record_prompt_event(current_setting('tests.prompt')::uuid, 'run', null)$$,
  'PL422', 'event type run cannot be recorded directly', 'only improve may be recorded directly');
select throws_ok(
  $$select public.record_prompt_event(current_setting('tests.prompt')::uuid, 'improve', '[1]')$$,
  'PL422', 'event payload must be a JSON object', 'payload must be an object');
select tests.authenticate_as('ev_owner');
select results_eq(
  $$select event_type, payload, user_id = auth.uid() from public.run_events$$,
  $$values ('improve'::text, '{"model":"m"}'::jsonb, true)$$,
  'the event is the owner''s, with its payload');

insert into public.prompt_versions (prompt_id, content) values (current_setting('tests.prompt')::uuid, 'v1');
select is((select count(*)::int from public.run_events where event_type = 'improve_saved'), 0,
  'a manual version logs no improve_saved');
insert into public.prompt_versions (prompt_id, content, source)
  values (current_setting('tests.prompt')::uuid, 'v2 improved', 'improve');
select results_eq(
  $$select e.event_type, e.prompt_id, (e.payload->>'version_id')::uuid, (e.payload->>'version_number')::int
    from public.run_events e where e.event_type = 'improve_saved'$$,
  $$select 'improve_saved'::text, v.prompt_id, v.id, v.version_number
    from public.prompt_versions v where v.source = 'improve'$$,
  'saving an improve version logs improve_saved naming the version');

select tests.authenticate_as('ev_other');
set local role service_role;
select throws_ok(
  $$select public.record_prompt_event(current_setting('tests.prompt')::uuid, 'improve', null)$$,
  'PL404', null, 'with another user''s claims, the prompt is not found');
select tests.authenticate_as('ev_other');
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content, source)
    values (current_setting('tests.prompt')::uuid, 'hijack', 'improve')$$,
  'PL404', null, 'another user cannot add an improve version (so no event either)');
select is((select count(*)::int from public.run_events), 0, 'another user sees no events');

select tests.authenticate_as_anon();
select throws_ok(
  $$select public.record_prompt_event(current_setting('tests.prompt')::uuid, 'improve', null)$$,
  '42501', null, 'anon cannot record events');

select tests.clear_authentication();
select is((select count(*)::int from public.run_events
  where user_id = tests.get_supabase_uid('ev_owner')), 2, 'the owner has exactly two events');

select * from finish();
rollback;
