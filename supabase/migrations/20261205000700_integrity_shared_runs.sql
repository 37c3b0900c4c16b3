-- Integrity with sharing (issue 15): a run of another user's public prompt is recorded as the
-- runner's, so integrity_check's run_owner_mismatch now flags only runs of prompts that were
-- never shared. The body is 20261204020300_admin_maintenance.sql's but for the marked lines.

create or replace function public.integrity_check()
returns table (check_name text, description text, issues bigint, sample jsonb)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform private.require_admin();
  return query
  with checks (check_name, description, ids) as (
    select 'current_version_of_other_prompt', 'a prompt''s current_version_id names a version of another prompt',
      array(select p.id::text from public.prompts p join public.prompt_versions v on v.id = p.current_version_id
        where v.prompt_id <> p.id)
    union all
    select 'prompt_without_current_version', 'a prompt has versions but no current version',
      array(select p.id::text from public.prompts p where p.current_version_id is null
        and exists (select 1 from public.prompt_versions v where v.prompt_id = p.id))
    union all
    select 'version_owner_mismatch', 'a version''s owner is not its prompt''s owner',
      array(select v.id::text from public.prompt_versions v join public.prompts p on p.id = v.prompt_id
        where v.user_id <> p.user_id)
    union all
    select 'run_owner_mismatch', 'a run''s owner is not its prompt''s owner, and the prompt was never shared',
      array(select r.id::text from public.runs r join public.prompts p on p.id = r.prompt_id
        where r.user_id <> p.user_id
          -- changed: a run of someone else's shared prompt is the runner's by design
          and not exists (select 1 from public.shared_prompts s where s.prompt_id = p.id))
    union all
    select 'run_log_owner_mismatch', 'a run log''s owner is not its run''s owner',
      array(select l.id::text from public.run_logs l join public.runs r on r.id = l.run_id
        where l.user_id <> r.user_id)
    union all
    select 'run_cost_mismatch', 'a run''s cost_usd is not its tokens at its price snapshot',
      array(select r.id::text from public.runs r
        where r.cost_usd is distinct from private.run_cost(r.token_usage, r.price_snapshot))
    union all
    select 'run_stuck', 'a run still pending or running an hour after it started',
      array(select r.id::text from public.runs r where r.status in ('pending', 'running')
        and r.created_at < now() - interval '1 hour')
    union all
    select 'user_without_profile', 'an auth user has no profile or no settings',
      array(select u.id::text from auth.users u
        where not exists (select 1 from public.profiles p where p.id = u.id)
          or not exists (select 1 from public.user_settings s where s.user_id = u.id))
    union all
    select 'prompt_tag_owner_mismatch', 'a prompt carries another user''s tag',
      array(select pt.prompt_id::text from public.prompt_tags pt
        join public.prompts p on p.id = pt.prompt_id join public.tags t on t.id = pt.tag_id
        where p.user_id <> t.user_id)
  )
  select c.check_name, c.description, cardinality(c.ids)::bigint,
    to_jsonb(c.ids[1:5])
  from checks c;
end;
$$;
