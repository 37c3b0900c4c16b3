-- API keys are made from a signed-in session only: a key that could mint more keys would let a
-- leaked key outlive its own revocation. The API marks requests authenticated by a key with
-- an api_key_id claim (Supabase Auth never issues one), so create_api_key refuses those.

create or replace function public.create_api_key(name text, expires_at timestamptz default null)
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
