-- Admins read every user's runs a page at a time: admin_runs takes the last row of the page
-- before (its created_at and id) and returns the rows after it, newest first, so the next page
-- neither repeats nor skips a run that shares its created_at with the one before. It returns one
-- row more than a page of 200 can hold, so that the API can tell there is a next page. The other
-- filters and the rows are as before; the signature grows, so the function is dropped and made
-- again with its grants.

drop function public.admin_runs(uuid, public.run_status, text, text, timestamptz, timestamptz,
  integer);

create function public.admin_runs(
  p_user_id uuid default null,
  p_status public.run_status default null,
  p_model text default null,
  p_provider_id text default null,
  p_since timestamptz default null,
  p_until timestamptz default null,
  p_limit integer default 50,
  p_after_created_at timestamptz default null,
  p_after_id uuid default null
)
returns table (
  id uuid, user_id uuid, email text, prompt_id uuid, kind text, model text, provider_id text,
  status public.run_status, cost_usd numeric, latency_ms integer, input_tokens numeric,
  output_tokens numeric, error_message text, created_at timestamptz, completed_at timestamptz
)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  if (p_after_created_at is null) <> (p_after_id is null) then
    raise exception 'a page starts after a run''s created_at and id, both'
      using errcode = 'PL422', hint = 'validation_failed';
  end if;
  return query
  select r.id, r.user_id, u.email::text, r.prompt_id, r.kind::text, r.model, r.provider_id,
    r.status, r.cost_usd, r.latency_ms, (r.token_usage ->> 'prompt_tokens')::numeric,
    (r.token_usage ->> 'completion_tokens')::numeric, r.error_message, r.created_at,
    r.completed_at
  from public.runs r
  left join auth.users u on u.id = r.user_id
  where (p_user_id is null or r.user_id = p_user_id)
    and (p_status is null or r.status = p_status)
    and (p_model is null or r.model = p_model)
    and (p_provider_id is null or r.provider_id = p_provider_id)
    and (p_since is null or r.created_at >= p_since)
    and (p_until is null or r.created_at < p_until)
    and (p_after_id is null or (r.created_at, r.id) < (p_after_created_at, p_after_id))
  order by r.created_at desc, r.id desc
  limit least(greatest(coalesce(p_limit, 50), 1), 201);
end;
$$;
comment on function public.admin_runs(uuid, public.run_status, text, text, timestamptz,
  timestamptz, integer, timestamptz, uuid) is
  'Admin: every user''s runs, newest first, filtered by user, status, model, provider and time; '
  'a page at a time after a run''s created_at and id.';

revoke all on function public.admin_runs(uuid, public.run_status, text, text, timestamptz,
  timestamptz, integer, timestamptz, uuid) from public, anon;
grant execute on function public.admin_runs(uuid, public.run_status, text, text, timestamptz,
  timestamptz, integer, timestamptz, uuid) to authenticated, service_role;
