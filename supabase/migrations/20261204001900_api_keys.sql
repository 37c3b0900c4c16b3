-- API keys (seed 002's ApiKey): let scripts call the API as a user without a browser session.
-- Only the sha-256 of a key is stored; the key itself is shown once, by create_api_key().

create table public.api_keys (
  id uuid primary key default extensions.gen_random_uuid(),
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100),
  -- The first 12 characters of the key, so people can tell their keys apart.
  prefix text not null check (prefix ~ '^pl_[0-9a-f]{9}$'),
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  last_used_at timestamptz,
  revoked_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  check (expires_at is null or expires_at > created_at)
);
comment on table public.api_keys is 'Users'' API keys: sha-256 hash, visible prefix, last use, revocation.';

create index api_keys_user_id_idx on public.api_keys (user_id);

-- Revocation is final and happens now: a revoked key never comes back and its revocation
-- time cannot be back- or forward-dated by the owner.
create function private.api_keys_guard_revocation()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'this API key is already revoked'
      using errcode = 'PL409', hint = 'api_key_revoked';
  end if;
  if old.revoked_at is null and new.revoked_at is not null then
    new.revoked_at := now();
  end if;
  return new;
end;
$$;
-- Trigger functions need no execute privilege to fire: nobody calls them directly.
revoke all on function private.api_keys_guard_revocation() from public, anon, authenticated;

create trigger api_keys_guard_revocation before update of revoked_at on public.api_keys
  for each row execute function private.api_keys_guard_revocation();

alter table public.api_keys enable row level security;

create policy "Users can view their own API keys" on public.api_keys
  for select to authenticated using (user_id = (select auth.uid()));
-- A key row inserted directly through the Data API needs a live session too.
create policy "Users can create their own API keys" on public.api_keys
  for insert to authenticated
  with check (user_id = (select auth.uid()) and (select private.session_is_live()));
create policy "Users can update their own API keys" on public.api_keys
  for update to authenticated
  using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy "Users can delete their own API keys" on public.api_keys
  for delete to authenticated using (user_id = (select auth.uid()));

-- Column privileges: the hash is never readable by users (nothing to brute-force offline),
-- and after creation only the name and the revocation can change.
revoke all on public.api_keys from anon, authenticated;
grant select (id, user_id, name, prefix, last_used_at, revoked_at, expires_at, created_at)
  on public.api_keys to authenticated;
grant insert (user_id, name, prefix, key_hash, expires_at) on public.api_keys to authenticated;
grant update (name, revoked_at) on public.api_keys to authenticated;
grant delete on public.api_keys to authenticated;

-- Makes a key for the caller and returns it in plain text; this is the only time it exists.
-- Only from a signed-in session: a key that could mint more keys would let a leaked key outlive
-- its own revocation. The API marks requests authenticated by a key with an api_key_id claim
-- (Supabase Auth never issues one), so those are refused.
create function public.create_api_key(name text, expires_at timestamptz default null)
returns table (id uuid, prefix text, key text, created_at timestamptz)
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  new_key text := 'pl_' || encode(extensions.gen_random_bytes(24), 'hex');
begin
  if (select auth.uid()) is null then
    raise exception 'sign in to create an API key' using errcode = 'PL401', hint = 'not_authenticated';
  end if;
  if coalesce((select auth.jwt()) ? 'api_key_id', false) then
    raise exception 'API keys can be created only from a signed-in session, not with an API key'
      using errcode = 'PL403', hint = 'session_required';
  end if;
  -- A token whose user signed out makes no more keys.
  perform public.require_live_session();
  insert into public.api_keys as k (name, prefix, key_hash, expires_at)
  values (
    create_api_key.name,
    left(new_key, 12),
    encode(extensions.digest(new_key, 'sha256'), 'hex'),
    create_api_key.expires_at
  )
  returning k.id, k.prefix, k.created_at
  into create_api_key.id, create_api_key.prefix, create_api_key.created_at;
  key := new_key;
  return next;
end;
$$;
comment on function public.create_api_key(text, timestamptz) is
  'Creates an API key for the signed-in caller; returns the plain key once (only its hash is stored).';
revoke execute on function public.create_api_key(text, timestamptz) from public, anon;
grant execute on function public.create_api_key(text, timestamptz) to authenticated;

-- security definer: it runs before the caller is known (the key is the credential), so no
-- RLS identity could admit the row; only the API's service role may call it.
create function public.api_key_lookup(key_hash text)
returns table (api_key_id uuid, user_id uuid, is_revoked boolean, is_expired boolean)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  key_row public.api_keys%rowtype;
begin
  select * into key_row from public.api_keys k where k.key_hash = api_key_lookup.key_hash;
  if not found then
    return;
  end if;
  is_revoked := key_row.revoked_at is not null;
  is_expired := key_row.expires_at is not null and key_row.expires_at <= now();
  -- At most one write a minute per key, so busy keys do not turn every request into an update.
  if not is_revoked and not is_expired
     and (key_row.last_used_at is null or key_row.last_used_at < now() - interval '1 minute') then
    update public.api_keys k set last_used_at = now() where k.id = key_row.id;
  end if;
  api_key_id := key_row.id;
  user_id := key_row.user_id;
  return next;
end;
$$;
comment on function public.api_key_lookup(text) is
  'Service path: resolves an API key hash to its user and state; touches last_used_at.';
revoke execute on function public.api_key_lookup(text) from public, anon, authenticated;
grant execute on function public.api_key_lookup(text) to service_role;
