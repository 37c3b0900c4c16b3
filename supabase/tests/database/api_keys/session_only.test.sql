-- create_api_key() works from a signed-in session but not for a request made with an API key.
begin;
select plan(2);

select tests.create_supabase_user('session_owner');
select tests.authenticate_as('session_owner');
select lives_ok($$select public.create_api_key('from a session')$$, 'a session can create a key');

select set_config('request.jwt.claims', jsonb_build_object('sub', tests.get_supabase_uid('session_owner'),
  'role', 'authenticated', 'api_key_id', extensions.gen_random_uuid())::text, true);
select throws_ok($$select public.create_api_key('from a key')$$, 'PL403',
  'API keys can be created only from a signed-in session, not with an API key',
  'an API-key request cannot mint keys');

select * from finish();
rollback;
