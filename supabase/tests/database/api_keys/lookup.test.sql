-- api_key_lookup(): the API's service path from a key hash to its user and state.
begin;
select plan(14);

select tests.create_supabase_user('lookup_owner');
create temporary table k (name text, key text, hash text);
grant all on k to authenticated, service_role;
-- The service role has no access to the tests schema, so the owner's id waits here.
create temporary table owner as select tests.get_supabase_uid('lookup_owner') as uid;
grant select on owner to service_role;

select tests.authenticate_as('lookup_owner');
insert into k select 'live', key, encode(extensions.digest(key, 'sha256'), 'hex') from public.create_api_key('live');
insert into k select 'revoked', key, encode(extensions.digest(key, 'sha256'), 'hex') from public.create_api_key('revoked');
update public.api_keys set revoked_at = now() where name = 'revoked';
select tests.clear_authentication();
insert into k values ('expired', 'pl_expired', repeat('e', 64));
insert into public.api_keys (user_id, name, prefix, key_hash, created_at, expires_at)
values (tests.get_supabase_uid('lookup_owner'), 'expired', 'pl_000000000', repeat('e', 64),
  now() - interval '2 days', now() - interval '1 day');

select tests.authenticate_as_anon();
select throws_ok($$select * from public.api_key_lookup('x')$$, '42501', null, 'anon cannot look up keys');
select tests.authenticate_as('lookup_owner');
select throws_ok($$select * from public.api_key_lookup('x')$$, '42501', null, 'signed-in users cannot look up keys');

select tests.authenticate_as_service_role();
select results_eq(
  $$select user_id, is_revoked, is_expired from public.api_key_lookup((select hash from k where name = 'live'))$$,
  $$select uid, false, false from owner$$,
  'the service role resolves a live key to its owner');
select is(
  (select api_key_id from public.api_key_lookup((select hash from k where name = 'live'))),
  (select id from public.api_keys where name = 'live'), 'the lookup names the key');
select is((select count(*)::int from public.api_key_lookup(repeat('0', 64))), 0, 'an unknown hash finds nothing');
select results_eq(
  $$select is_revoked, is_expired from public.api_key_lookup((select hash from k where name = 'revoked'))$$,
  $$values (true, false)$$, 'a revoked key is reported revoked');
select results_eq(
  $$select is_revoked, is_expired from public.api_key_lookup((select hash from k where name = 'expired'))$$,
  $$values (false, true)$$, 'an expired key is reported expired');
-- The tests schema is closed to service_role, so leave it with reset role.
reset role;

select is((select last_used_at from public.api_keys where name = 'live'), now(), 'a lookup records the use');
select is((select last_used_at from public.api_keys where name = 'revoked'), null, 'using a revoked key is not recorded');
select is((select last_used_at from public.api_keys where name = 'expired'), null, 'using an expired key is not recorded');

-- Throttle: within a minute of the last recorded use, nothing is written.
update public.api_keys set last_used_at = now() - interval '30 seconds' where name = 'live';
select tests.authenticate_as_service_role();
select * from public.api_key_lookup((select hash from k where name = 'live'));
-- The tests schema is closed to service_role, so leave it with reset role.
reset role;
select is((select last_used_at from public.api_keys where name = 'live'), now() - interval '30 seconds',
  'a use within a minute of the last is not written');

update public.api_keys set last_used_at = now() - interval '61 seconds' where name = 'live';
select tests.authenticate_as_service_role();
select * from public.api_key_lookup((select hash from k where name = 'live'));
-- The tests schema is closed to service_role, so leave it with reset role.
reset role;
select is((select last_used_at from public.api_keys where name = 'live'), now(),
  'a use more than a minute after the last is written');

select is(
  (select key_hash from public.api_keys where name = 'live'),
  (select encode(extensions.digest(key, 'sha256'), 'hex') from k where name = 'live'),
  'the API hashes keys exactly as the table stores them');
select ok(
  (select prosecdef from pg_catalog.pg_proc where oid = 'public.api_key_lookup(text)'::regprocedure),
  'api_key_lookup is security definer (it runs before the caller is known)');

select * from finish();
rollback;
