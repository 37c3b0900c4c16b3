-- Key management needs a live, signed-in session: create_api_key(), require_live_session() and
-- the policies that write api_keys and provider_keys refuse a request made with an API key, and
-- a token whose user signed out since (its session is gone from auth.sessions).
begin;
select plan(17);

select tests.create_supabase_user('session_owner');
select tests.authenticate_as('session_owner');
select lives_ok($$select public.create_api_key('from a session')$$, 'a session can create a key');
select lives_ok($$select public.require_live_session()$$, 'a live session passes the check');
select lives_ok(
  $$insert into public.provider_keys (provider_id, encrypted_key, iv, last4)
    values ('openai', extensions.gen_random_bytes(40), extensions.gen_random_bytes(12), 'wxyz')$$,
  'a session can store a provider key');

-- A request made with an API key: the API marks it with api_key_id, and it has no session.
select set_config('request.jwt.claims', jsonb_build_object('sub', tests.get_supabase_uid('session_owner'),
  'role', 'authenticated', 'api_key_id', extensions.gen_random_uuid())::text, true);
select throws_ok($$select public.create_api_key('from a key')$$, 'PL403',
  'API keys can be created only from a signed-in session, not with an API key',
  'an API-key request cannot mint keys');
select throws_ok($$select public.require_live_session()$$, 'PL403',
  'this needs a signed-in session: an API key cannot manage API keys or provider keys',
  'an API-key request has no session');
select throws_ok(
  $$insert into public.provider_keys (provider_id, encrypted_key, iv, last4)
    values ('anthropic', extensions.gen_random_bytes(40), extensions.gen_random_bytes(12), 'abcd')$$,
  '42501', null, 'an API-key request cannot store a provider key');

-- Even with the session's id in the claims, a key's request is not a session's.
select set_config('request.jwt.claims', jsonb_build_object('sub', tests.get_supabase_uid('session_owner'),
  'role', 'authenticated', 'api_key_id', extensions.gen_random_uuid(),
  'session_id', tests.session_of('session_owner'))::text, true);
select throws_ok($$select public.require_live_session()$$, 'PL403', null,
  'an api_key_id claim is refused whatever else the claims say');

-- Another user's session id is not the caller's session.
select tests.create_supabase_user('session_other');
select set_config('request.jwt.claims', jsonb_build_object('sub', tests.get_supabase_uid('session_owner'),
  'role', 'authenticated', 'session_id', tests.session_of('session_other'))::text, true);
select throws_ok($$select public.require_live_session()$$, 'PL401', null,
  'a session of another user does not count');

-- Signed out: the token's claims are unchanged, its session is gone.
select tests.authenticate_as('session_owner');
select tests.sign_out('session_owner');
select throws_ok($$select public.create_api_key('after sign-out')$$, 'PL401',
  'your session has ended (signed out): sign in again', 'a signed-out token cannot create a key');
select throws_ok($$select public.require_live_session()$$, 'PL401', null,
  'a signed-out token fails the check');
select throws_ok(
  $$insert into public.api_keys (name, prefix, key_hash)
    values ('direct', 'pl_000000000', repeat('a', 64))$$,
  '42501', null, 'nor can it insert a key row directly (the Data API)');
select throws_ok(
  $$insert into public.provider_keys (provider_id, encrypted_key, iv, last4)
    values ('anthropic', extensions.gen_random_bytes(40), extensions.gen_random_bytes(12), 'abcd')$$,
  '42501', null, 'nor store a provider key');
update public.provider_keys set last4 = 'zzzz';
delete from public.provider_keys;
select results_eq($$select count(*)::int from public.api_keys$$, $$values (1)$$,
  'it still reads the keys (only changes need the session)');
select tests.clear_authentication();
select results_eq(
  $$select last4 from public.provider_keys where user_id = tests.get_supabase_uid('session_owner')$$,
  $$values ('wxyz'::text)$$,
  'nor change or delete the provider key stored before');

-- A session past its not_after (GoTrue's time-boxed sessions), and no session claim at all.
select tests.authenticate_as('session_owner'); -- signs in again: a new session
select tests.clear_authentication();
update auth.sessions set not_after = now() - interval '1 second'
where user_id = tests.get_supabase_uid('session_owner');
select tests.authenticate_as('session_owner');
select throws_ok($$select public.require_live_session()$$, 'PL401', null,
  'a session past its not_after has ended');
select set_config('request.jwt.claims', jsonb_build_object('sub', tests.get_supabase_uid('session_owner'),
  'role', 'authenticated')::text, true);
select throws_ok($$select public.require_live_session()$$, 'PL401', null,
  'a token without a session_id claim has no session');

-- Signing in again makes a new session, which works.
select tests.clear_authentication();
select tests.sign_out('session_owner');
select tests.authenticate_as('session_owner');
select lives_ok($$select public.create_api_key('signed in again')$$, 'a new session creates keys again');

select * from finish();
rollback;
