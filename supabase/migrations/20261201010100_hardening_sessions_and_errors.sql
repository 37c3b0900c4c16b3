-- Key management needs a live session. An access token stays valid until it expires, even after
-- its user signs out; only its session (auth.sessions, the token's session_id claim) is gone, as
-- GoTrue deletes the rows on logout. Making API keys and changing provider keys now require that
-- session to exist, through the API and the Data API alike; requests made with a Promptline API
-- key have no session (the API marks them with an api_key_id claim), so they are refused too.

-- security definer: auth.sessions is Supabase Auth's table, which callers cannot read. It says
-- only whether the caller's own token still has its session.
create or replace function private.session_is_live()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from auth.sessions s
    where s.id = case
        when (select auth.jwt()) ->> 'session_id'
          ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        then ((select auth.jwt()) ->> 'session_id')::uuid
      end
      and s.user_id = (select auth.uid())
      and (s.not_after is null or s.not_after > now())
  )
  and not coalesce((select auth.jwt()) ? 'api_key_id', false);
$$;
comment on function private.session_is_live() is
  'Whether the caller''s token still has its session (signed in, not signed out); false for API keys.';
-- Policies call it as the writer.
revoke all on function private.session_is_live() from public, anon;
grant execute on function private.session_is_live() to authenticated;

-- The same check with the reason as an error, for the API to call before changing keys.
create or replace function public.require_live_session()
returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if (select auth.uid()) is null then
    raise exception 'sign in first' using errcode = 'PL401', hint = 'not_authenticated';
  end if;
  if coalesce((select auth.jwt()) ? 'api_key_id', false) then
    raise exception 'this needs a signed-in session: an API key cannot manage API keys or provider keys'
      using errcode = 'PL403', hint = 'session_required';
  end if;
  if not private.session_is_live() then
    raise exception 'your session has ended (signed out): sign in again'
      using errcode = 'PL401', hint = 'session_ended';
  end if;
end;
$$;
comment on function public.require_live_session() is
  'Raises unless the caller signed in and has not signed out since (session_required, session_ended).';
revoke execute on function public.require_live_session() from public, anon;
grant execute on function public.require_live_session() to authenticated;

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

-- The Data API too: a key row inserted directly, or a provider key written, needs the session.
alter policy "Users can create their own API keys" on public.api_keys
  with check (user_id = (select auth.uid()) and (select private.session_is_live()));
alter policy "Users can add their own provider keys" on public.provider_keys
  with check (user_id = (select auth.uid()) and (select private.session_is_live()));
alter policy "Users can update their own provider keys" on public.provider_keys
  using (user_id = (select auth.uid()) and (select private.session_is_live()))
  with check (user_id = (select auth.uid()) and (select private.session_is_live()));
alter policy "Users can delete their own provider keys" on public.provider_keys
  using (user_id = (select auth.uid()) and (select private.session_is_live()));
