-- api_keys: owners manage their own keys (name and revocation only), never read a hash;
-- another user and anon see and change nothing.
begin;
select plan(21);

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.api_keys'::regclass),
  'api_keys has row level security enabled');

select tests.create_supabase_user('keys_owner');
select tests.create_supabase_user('keys_other');

-- owner
select tests.authenticate_as('keys_owner');
select lives_ok($$select public.create_api_key('ci')$$, 'owner can create a key');
select lives_ok(
  $$insert into public.api_keys (name, prefix, key_hash) values ('manual', 'pl_000000000', repeat('a', 64))$$,
  'owner can insert a key row of their own');
select is((select count(*)::int from public.api_keys), 2, 'owner sees their keys');
select throws_ok($$select key_hash from public.api_keys$$, '42501', null, 'owner cannot read key hashes');
select throws_ok($$select * from public.api_keys$$, '42501', null, 'select * is refused, since it includes the hash');
update public.api_keys set name = 'deploy' where name = 'ci';
select is((select count(*)::int from public.api_keys where name = 'deploy'), 1, 'owner can rename a key');
select throws_ok($$update public.api_keys set prefix = 'pl_111111111'$$, '42501', null, 'owner cannot change a prefix');
select throws_ok($$update public.api_keys set key_hash = repeat('b', 64)$$, '42501', null, 'owner cannot change a hash');
select throws_ok($$update public.api_keys set expires_at = now() + interval '1 year'$$, '42501', null,
  'owner cannot extend a key');
select throws_ok($$update public.api_keys set user_id = tests.get_supabase_uid('keys_other')$$, '42501', null,
  'owner cannot give a key away');
update public.api_keys set revoked_at = '2000-01-01' where name = 'deploy';
select is((select revoked_at from public.api_keys where name = 'deploy'), now(),
  'owner can revoke a key; the revocation is stamped with the current time');
select throws_ok($$update public.api_keys set revoked_at = null where name = 'deploy'$$, 'PL409', null,
  'a revoked key cannot be restored');

-- another user
select tests.authenticate_as('keys_other');
select is((select count(*)::int from public.api_keys), 0, 'another user sees none of the owner''s keys');
update public.api_keys set name = 'hacked';
update public.api_keys set revoked_at = now() where name = 'manual';
delete from public.api_keys;
select throws_ok(
  format($$insert into public.api_keys (user_id, name, prefix, key_hash) values (%L, 'x', 'pl_222222222', repeat('c', 64))$$,
    tests.get_supabase_uid('keys_owner')),
  '42501', null, 'another user cannot create a key for the owner');
select tests.clear_authentication();
select is((select count(*)::int from public.api_keys where user_id = tests.get_supabase_uid('keys_owner')), 2,
  'another user cannot delete the owner''s keys');
select is((select count(*)::int from public.api_keys where name = 'hacked'), 0, 'another user cannot rename the owner''s keys');
select is((select revoked_at from public.api_keys where name = 'manual'), null, 'another user cannot revoke the owner''s keys');

-- owner deletes
select tests.authenticate_as('keys_owner');
delete from public.api_keys where name = 'manual';
select is((select count(*)::int from public.api_keys), 1, 'owner can delete a key');

-- anon
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.api_keys$$, '42501', null, 'anon cannot read API keys');
select throws_ok($$select public.create_api_key('anon')$$, '42501', null, 'anon cannot create API keys');

select * from finish();
rollback;
