-- Live sessions: an access token stays valid until it expires, even after its user signs out;
-- only its session (auth.sessions, the token's session_id claim) is gone, as GoTrue deletes the
-- rows on logout. Key management (API keys, provider keys) requires that session to exist,
-- through the API and the Data API alike; requests made with a Promptline API key have no session
-- (the API marks them with an api_key_id claim), so they are refused too.

-- security definer: auth.sessions is Supabase Auth's table, which callers cannot read. It says
-- only whether the caller's own token still has its session.
create function private.session_is_live()
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
create function public.require_live_session()
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
