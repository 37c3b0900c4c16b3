-- create_api_key(): the plain key is returned once; only its sha-256 and prefix are stored.
begin;
select plan(7);

select tests.create_supabase_user('create_owner');
create temporary table created_key (id uuid, prefix text, key text, created_at timestamptz);
grant all on created_key to authenticated;

select tests.authenticate_as('create_owner');
insert into created_key select * from public.create_api_key('laptop', now() + interval '30 days');
select tests.clear_authentication();

select matches((select key from created_key), '^pl_[0-9a-f]{48}$', 'the key is pl_ and 48 hex digits');
select is((select prefix from created_key), (select left(key, 12) from created_key), 'the prefix is the first 12 characters');
select is(
  (select k.key_hash from public.api_keys k join created_key c using (id)),
  (select encode(extensions.digest(key, 'sha256'), 'hex') from created_key),
  'the stored hash is the sha-256 hex of the key');
select results_eq(
  $$select k.user_id, k.name, k.expires_at > now() from public.api_keys k join created_key c using (id)$$,
  $$values (tests.get_supabase_uid('create_owner'), 'laptop', true)$$,
  'the key belongs to the caller, with its name and expiry');

-- No column of any table in public holds the plain key.
create function pg_temp.tables_containing(needle text) returns int language plpgsql as $$
declare
  t record;
  hits int := 0;
  n int;
begin
  for t in select schemaname, tablename from pg_catalog.pg_tables where schemaname = 'public' loop
    execute format('select count(*) from %I.%I r where r::text like %L', t.schemaname, t.tablename,
      '%' || needle || '%') into n;
    hits := hits + n;
  end loop;
  return hits;
end;
$$;
select is(pg_temp.tables_containing((select key from created_key)), 0, 'the plain key is stored nowhere');
select is(pg_temp.tables_containing((select substr(key, 13) from created_key)), 0,
  'no part of the key beyond the prefix is stored');

select throws_ok($$select public.create_api_key('nobody')$$, 'PL401', null,
  'creating a key without a signed-in caller is refused');

select * from finish();
rollback;
