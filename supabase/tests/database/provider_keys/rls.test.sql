-- provider_keys: owners store, replace and delete their own encrypted keys; another user and
-- anon see and change nothing.
begin;
select plan(15);

select ok((select relrowsecurity from pg_catalog.pg_class where oid = 'public.provider_keys'::regclass),
  'provider_keys has row level security enabled');

select tests.create_supabase_user('pk_owner');
select tests.create_supabase_user('pk_other');

-- owner
select tests.authenticate_as('pk_owner');
select lives_ok(
  $$insert into public.provider_keys (provider_id, encrypted_key, iv, last4)
    values ('openai', extensions.gen_random_bytes(40), extensions.gen_random_bytes(12), 'wxyz')$$,
  'owner can store a key');
select results_eq($$select user_id, provider_id, last4 from public.provider_keys$$,
  $$select tests.get_supabase_uid('pk_owner'), 'openai'::text, 'wxyz'::text$$,
  'owner sees their key, owned by them');
select is((select octet_length(encrypted_key) from public.provider_keys), 40,
  'owner can read their own ciphertext (the API decrypts it as the caller)');
select throws_ok(
  $$insert into public.provider_keys (provider_id, encrypted_key, iv, last4)
    values ('openai', extensions.gen_random_bytes(40), extensions.gen_random_bytes(12), 'abcd')$$,
  '23505', null, 'one key per provider per user');
insert into public.provider_keys (provider_id, encrypted_key, iv, last4)
values ('openai', extensions.gen_random_bytes(50), extensions.gen_random_bytes(12), 'abcd')
on conflict (user_id, provider_id) do update
  set encrypted_key = excluded.encrypted_key, iv = excluded.iv, last4 = excluded.last4;
select is((select last4 from public.provider_keys), 'abcd', 'owner can replace their key by upsert');
select throws_ok(
  $$insert into public.provider_keys (provider_id, encrypted_key, iv, last4)
    values ('anthropic', extensions.gen_random_bytes(40), extensions.gen_random_bytes(8), 'abcd')$$,
  '23514', null, 'an IV that is not 12 bytes is rejected');
select throws_ok($$update public.provider_keys set provider_id = 'anthropic'$$, '42501', null,
  'a key cannot be moved to another provider');
select throws_ok($$update public.provider_keys set user_id = tests.get_supabase_uid('pk_other')$$, '42501', null,
  'a key cannot be given away');

-- another user
select tests.authenticate_as('pk_other');
select is((select count(*)::int from public.provider_keys), 0, 'another user sees none of the owner''s keys');
update public.provider_keys set last4 = 'hack';
delete from public.provider_keys;
select throws_ok(
  format($$insert into public.provider_keys (user_id, provider_id, encrypted_key, iv, last4)
    values (%L, 'gemini', extensions.gen_random_bytes(40), extensions.gen_random_bytes(12), 'hack')$$,
    tests.get_supabase_uid('pk_owner')),
  '42501', null, 'another user cannot store a key for the owner');
select tests.clear_authentication();
select results_eq($$select count(*)::int, min(last4) from public.provider_keys where user_id = tests.get_supabase_uid('pk_owner')$$,
  $$values (1, 'abcd')$$, 'another user cannot change or delete the owner''s key');

-- owner deletes
select tests.authenticate_as('pk_owner');
delete from public.provider_keys where provider_id = 'openai';
select is((select count(*)::int from public.provider_keys), 0, 'owner can delete their key');

-- anon
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.provider_keys$$, '42501', null, 'anon cannot read provider keys');
select throws_ok(
  $$insert into public.provider_keys (provider_id, encrypted_key, iv, last4)
    values ('openai', extensions.gen_random_bytes(40), extensions.gen_random_bytes(12), 'anon')$$,
  '42501', null, 'anon cannot store provider keys');

select * from finish();
rollback;
