-- Vendored test helpers in the style of basejump's supabase_test_helpers (no network to fetch
-- them from database.dev). Installed by this first test file, outside a transaction, so every
-- later file can use them; pg_prove runs files in path order.
create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

-- Creates an auth user (the profile/settings trigger fires as in production); returns its id.
create or replace function tests.create_supabase_user(identifier text, email text default null)
returns uuid
security definer
set search_path = ''
language plpgsql
as $$
declare
  uid uuid := extensions.gen_random_uuid();
begin
  insert into auth.users (id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
  values (uid, 'authenticated', 'authenticated', coalesce(email, identifier || '@test.local'),
          jsonb_build_object('test_identifier', identifier), '{}'::jsonb, now(), now());
  return uid;
end;
$$;

create or replace function tests.get_supabase_uid(identifier text)
returns uuid
security definer
set search_path = ''
language plpgsql
as $$
declare
  uid uuid;
begin
  select id into uid from auth.users where raw_user_meta_data ->> 'test_identifier' = identifier
  order by created_at desc limit 1;
  if uid is null then
    raise exception 'user with identifier % not found', identifier;
  end if;
  return uid;
end;
$$;

-- The user's session as GoTrue keeps it (auth.sessions), made at the first sign-in: its id is
-- the session_id claim of the user's tokens, which key management checks is still there.
-- security definer: the caller may be acting as a user already, who cannot touch auth.sessions.
create or replace function tests.session_of(identifier text)
returns uuid
security definer
set search_path = ''
language plpgsql
as $$
declare
  uid uuid := tests.get_supabase_uid(identifier);
  sid uuid;
begin
  select s.id into sid from auth.sessions s where s.user_id = uid order by s.created_at limit 1;
  if sid is null then
    sid := extensions.gen_random_uuid();
    insert into auth.sessions (id, user_id, created_at, updated_at, aal)
    values (sid, uid, now(), now(), 'aal1');
  end if;
  return sid;
end;
$$;

-- Signs the user out everywhere, as GoTrue's logout does: their sessions are deleted, while the
-- claims already set (a token already issued) stay as they are until the next authenticate_as.
create or replace function tests.sign_out(identifier text)
returns void
security definer
set search_path = ''
language plpgsql
as $$
begin
  delete from auth.sessions where user_id = tests.get_supabase_uid(identifier);
end;
$$;

-- Acts as that user for the rest of the transaction, as PostgREST would, with the claims of a
-- token of their session (signing them in if they were not).
create or replace function tests.authenticate_as(identifier text)
returns void
set search_path = ''
language plpgsql
as $$
declare
  uid uuid := tests.get_supabase_uid(identifier);
begin
  perform set_config('request.jwt.claims',
    jsonb_build_object('sub', uid, 'role', 'authenticated', 'email', identifier || '@test.local',
      'session_id', tests.session_of(identifier))::text, true);
  perform set_config('role', 'authenticated', true);
end;
$$;

create or replace function tests.authenticate_as_anon()
returns void
set search_path = ''
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', '{"role":"anon"}', true);
  perform set_config('role', 'anon', true);
end;
$$;

create or replace function tests.authenticate_as_service_role()
returns void
set search_path = ''
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', '{"role":"service_role"}', true);
  perform set_config('role', 'service_role', true);
end;
$$;

create or replace function tests.clear_authentication()
returns void
set search_path = ''
language plpgsql
as $$
begin
  perform set_config('request.jwt.claims', null, true);
  perform set_config('role', 'postgres', true);
end;
$$;

-- True when every table in the schema has RLS enabled.
create or replace function tests.rls_enabled(testing_schema text)
returns text
-- pgTAP's functions call each other unqualified, so they need their schema on the path.
set search_path = extensions, pg_catalog
language sql
as $$
  select extensions.is(
    (select count(*)::int from pg_catalog.pg_tables
      where schemaname = testing_schema and not rowsecurity),
    0,
    format('all tables in schema %s have row level security enabled', testing_schema));
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;

begin;
select extensions.plan(1);
select extensions.ok(to_regprocedure('tests.authenticate_as(text)') is not null, 'test helpers are installed');
select * from extensions.finish();
rollback;
