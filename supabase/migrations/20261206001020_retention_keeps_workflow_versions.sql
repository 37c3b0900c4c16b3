-- Retention keeps the prompt versions workflows use (issue 17): a version an active spec names by
-- id (a new run would otherwise be refused), and a version a run that has not ended pinned (its
-- next attempts read it; a label that moved away leaves it unlabelled, and old enough to prune).
-- 20261205002100_prompt_labels.sql's batch with two more conditions (marked "changed"). Active
-- workflow specs and unfinished runs are few, so the two probes stay small.
create or replace function private.prune_version_batch(
  batch_size integer,
  after_created timestamptz,
  after_id uuid,
  out deleted integer,
  out last_created timestamptz,
  out last_id uuid
)
language plpgsql
security definer
set search_path = ''
as $$
begin
  with expired as (
    select v.id, v.created_at
    from public.prompt_versions v
    join public.prompts p on p.id = v.prompt_id
    left join public.user_settings s on s.user_id = v.user_id
    where v.created_at < now() - interval '14 days'
      and (v.created_at, v.id) > (prune_version_batch.after_created, prune_version_batch.after_id)
      and coalesce(s.retention_policy, 'thirty_days') <> 'always'
      and v.created_at < now() - case coalesce(s.retention_policy, 'thirty_days')
        when 'fourteen_days' then interval '14 days'
        else interval '30 days'
      end
      and p.current_version_id is distinct from v.id
      -- labels: a labelled version is kept
      and not exists (select 1 from public.prompt_labels l where l.version_id = v.id)
      -- changed: a version an active workflow spec names by id is kept
      and not exists (select 1 from public.workflow_specs ws
        cross join lateral jsonb_array_elements(ws.stages) st
        where ws.is_active and st.value ->> 'prompt_version_id' = v.id::text)
      -- changed: a version a workflow run that has not ended pinned is kept
      and not exists (select 1 from public.workflow_runs wr
        where wr.status in ('pending', 'running', 'paused') and wr.pinned_prompts <> '{}'
          and exists (select 1 from jsonb_each_text(wr.pinned_prompts) pin where pin.value = v.id::text))
    order by v.created_at, v.id
    limit prune_version_batch.batch_size
  ),
  gone as (
    delete from public.prompt_versions v using expired e where v.id = e.id
    returning v.id, v.created_at
  )
  select count(*)::int,
    (array_agg(g.created_at order by g.created_at desc, g.id desc))[1],
    (array_agg(g.id order by g.created_at desc, g.id desc))[1]
  into deleted, last_created, last_id
  from gone g;
end;
$$;
