-- Scoped API keys (issue 19): a key carries scopes, read (library, runs, usage), run (run and
-- render), write (edit the library) and admin (admin users only), and may be restricted to
-- listed prompts. The API refuses a request beyond its key's scope with a 403 naming the scope;
-- lookup hands the scopes over with the key. Scopes are set when the key is made and never
-- change afterwards: a different scope is a new key. Existing keys keep what they could do
-- (read, run, write).

alter table public.api_keys
  add column scopes text[] not null default '{read,run,write}'
    constraint api_keys_scopes_check check (cardinality(scopes) between 1 and 4
      and scopes <@ array['read', 'run', 'write', 'admin']),
  add column prompt_ids uuid[]
    constraint api_keys_prompt_ids_check check (prompt_ids is null
      or cardinality(prompt_ids) between 1 and 100);
comment on column public.api_keys.scopes is 'What the key may do: read, run, write, admin (admin users only). Fixed at creation.';
comment on column public.api_keys.prompt_ids is 'When set, the only prompts the key may reach; null for all of the user''s.';

grant select (scopes, prompt_ids) on public.api_keys to authenticated;
grant insert (scopes, prompt_ids) on public.api_keys to authenticated;

-- The admin scope is for admins, and listed prompts must be the key owner's: checked whichever
-- way the row is written (create_api_key or the Data API).
create function private.check_api_key_scope()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if 'admin' = any (new.scopes) and not private.is_admin() then
    raise exception 'only an admin can make a key with the admin scope'
      using errcode = 'PL403', hint = 'admin_scope_forbidden',
        detail = '{"fields":[{"field":"scopes","message":"admin is for admins only"}]}';
  end if;
  if new.prompt_ids is not null and exists (
    select 1 from unnest(new.prompt_ids) as x (id)
    where not exists (select 1 from public.prompts p where p.id = x.id and p.user_id = new.user_id)
  ) then
    raise exception 'a listed prompt is not one of yours'
      using errcode = 'PL404', hint = 'prompt_not_found',
        detail = '{"fields":[{"field":"prompt_ids","message":"not a prompt of yours"}]}';
  end if;
  return new;
end;
$$;
comment on function private.check_api_key_scope() is
  'Trigger: the admin scope only for admins; listed prompts only the owner''s.';
revoke all on function private.check_api_key_scope() from public, anon, authenticated;

create trigger api_keys_check_scope before insert on public.api_keys
  for each row execute function private.check_api_key_scope();

-- 20261204001900_api_keys.sql's create_api_key with the scopes and the prompts.
drop function public.create_api_key(text, timestamptz);
create function public.create_api_key(
  name text,
  expires_at timestamptz default null,
  scopes text[] default '{read,run,write}',
  prompt_ids uuid[] default null
)
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
  insert into public.api_keys as k (name, prefix, key_hash, expires_at, scopes, prompt_ids)
  values (
    create_api_key.name,
    left(new_key, 12),
    encode(extensions.digest(new_key, 'sha256'), 'hex'),
    create_api_key.expires_at,
    (select array_agg(distinct s order by s) from unnest(create_api_key.scopes) s),
    create_api_key.prompt_ids
  )
  returning k.id, k.prefix, k.created_at
  into create_api_key.id, create_api_key.prefix, create_api_key.created_at;
  key := new_key;
  return next;
end;
$$;
comment on function public.create_api_key(text, timestamptz, text[], uuid[]) is
  'Creates an API key with its scopes (and optionally its prompts) for the signed-in caller; returns the plain key once (only its hash is stored).';
revoke execute on function public.create_api_key(text, timestamptz, text[], uuid[]) from public, anon;
grant execute on function public.create_api_key(text, timestamptz, text[], uuid[]) to authenticated;

-- 20261204020100_admin_users.sql's api_key_lookup, answering with the scopes and prompts too.
drop function public.api_key_lookup(text);
-- security definer: it runs before the caller is known (the key is the credential), so no
-- RLS identity could admit the row; only the API's service role may call it.
create function public.api_key_lookup(key_hash text)
returns table (api_key_id uuid, user_id uuid, is_revoked boolean, is_expired boolean,
  scopes text[], prompt_ids uuid[])
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
  if private.user_is_disabled(key_row.user_id) then
    raise exception 'this account is disabled: its API keys are refused'
      using errcode = 'PL403', hint = 'user_disabled';
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
  scopes := key_row.scopes;
  prompt_ids := key_row.prompt_ids;
  return next;
end;
$$;
comment on function public.api_key_lookup(text) is
  'Service path: resolves an API key hash to its user, state, scopes and prompts; touches last_used_at.';
revoke execute on function public.api_key_lookup(text) from public, anon, authenticated;
grant execute on function public.api_key_lookup(text) to service_role;
