-- Retention keeps the prompt versions workflows use (issue 17): a version an active spec names by
-- id, and a version a run that has not ended pinned (even once its label has moved away); once
-- the run ends, or the spec is switched off, they are pruned like any other expired version.
begin;
select plan(7);

select tests.create_supabase_user('rwv_author');
insert into public.prompts (user_id, title) values (tests.get_supabase_uid('rwv_author'), 'rwv prompt');
-- v1..v3 expired (60 days old), v4 the current one.
insert into public.prompt_versions (prompt_id, user_id, created_by, content, created_at)
select p.id, p.user_id, p.user_id, 'v' || g, now() - interval '60 days' + make_interval(mins => g)
from public.prompts p, generate_series(1, 4) g where p.title = 'rwv prompt'
order by g;
create function pg_temp.version(n integer) returns uuid language sql as $$
  select v.id from public.prompt_versions v join public.prompts p on p.id = v.prompt_id
  where p.title = 'rwv prompt' and v.content = 'v' || n;
$$;
create function pg_temp.left_contents() returns text[] language sql as $$
  select array_agg(v.content order by v.created_at) from public.prompt_versions v
  join public.prompts p on p.id = v.prompt_id where p.title = 'rwv prompt';
$$;
-- The prune is the nightly job's batch, over every user's versions: counts are at least ours.
create function pg_temp.prune() returns integer language sql as $$
  select deleted from private.prune_version_batch(1000, '-infinity', '00000000-0000-0000-0000-000000000000');
$$;

select tests.authenticate_as('rwv_author');
select public.move_label((select id from public.prompts where title = 'rwv prompt'), 'pinned', pg_temp.version(2));
select tests.clear_authentication();

-- A spec by the author: stage one names v1 by id, stage two the label "pinned" (v2 for now).
insert into public.workflow_templates (slug, name, type) values ('rwv-t', 'T', 'test');
insert into public.workflow_specs (template_id, version, content_hash, stages, created_by)
select t.id, 1, '', jsonb_build_array(
    jsonb_build_object('id', 'one', 'gate', 'G1', 'name', 'One', 'model', 'anthropic/claude-3.5-haiku',
      'prompt_version_id', pg_temp.version(1)),
    jsonb_build_object('id', 'two', 'gate', 'G2', 'name', 'Two', 'model', 'anthropic/claude-3.5-haiku',
      'library_prompt', (select name from public.prompts where title = 'rwv prompt') || '@pinned')),
  tests.get_supabase_uid('rwv_author')
from public.workflow_templates t where t.slug = 'rwv-t';

-- A run starts (pinning v1 and v2); then the label moves on to v4, so nothing but the run holds v2.
select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('rwv_author'), 'role', 'service_role')::text, true);
select public.start_workflow_run('rwv-t', '{}') as run_id \gset
select tests.authenticate_as('rwv_author');
select public.move_label((select id from public.prompts where title = 'rwv prompt'), 'pinned', pg_temp.version(4));
select tests.clear_authentication();
select is((select pinned_prompts from public.workflow_runs where id = :'run_id'),
  jsonb_build_object('one', pg_temp.version(1), 'two', pg_temp.version(2)), 'the run pinned v1 and v2');

select cmp_ok(pg_temp.prune(), '>=', 1, 'an expired version goes');
select is(pg_temp.left_contents(), array['v1', 'v2', 'v4'],
  'v1 (named by an active spec) and v2 (pinned by a run in flight) stay; v3 goes');

update public.workflow_runs set status = 'completed', completed_at = now() where id = :'run_id';
select cmp_ok(pg_temp.prune(), '>=', 1, 'once the run has ended, its pin holds nothing');
select is(pg_temp.left_contents(), array['v1', 'v4'], 'v2 goes; the active spec still names v1');

update public.workflow_specs set is_active = false
where template_id = (select id from public.workflow_templates where slug = 'rwv-t');
select cmp_ok(pg_temp.prune(), '>=', 1, 'the spec switched off, v1 goes too');
select is(pg_temp.left_contents(), array['v4'], 'the current version stays however old');

select * from finish();
rollback;
