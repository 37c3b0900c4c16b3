-- prune_version_batch (the nightly job's batches): oldest first, at most batch_size, each batch
-- resuming after the last key the previous one returned, never a current version; the job's loop
-- commits between batches; only postgres (pg_cron) and service_role may prune.
begin;
select plan(8);

select tests.create_supabase_user('pb_owner');
insert into public.prompts (user_id, title) values (tests.get_supabase_uid('pb_owner'), 'pb prompt');
-- Five expired versions, 60 down to 56 days old, then a current one that is itself 50 days old.
insert into public.prompt_versions (prompt_id, user_id, created_by, content, created_at)
select p.id, p.user_id, p.user_id, 'old ' || g, now() - make_interval(days => 61 - g)
from public.prompts p, generate_series(1, 5) g where p.title = 'pb prompt'
order by g;
insert into public.prompt_versions (prompt_id, user_id, created_by, content, created_at)
select p.id, p.user_id, p.user_id, 'current', now() - interval '50 days'
from public.prompts p where p.title = 'pb prompt';

create function pg_temp.left_contents() returns text[] language sql as $$
  select array_agg(v.content order by v.created_at) from public.prompt_versions v
  join public.prompts p on p.id = v.prompt_id where p.title = 'pb prompt';
$$;

create temporary table batches (n int, deleted int, last_created timestamptz, last_id uuid) on commit drop;
insert into batches select 1, b.* from private.prune_version_batch(2, '-infinity', '00000000-0000-0000-0000-000000000000') b;
select is((select deleted from batches where n = 1), 2, 'a batch deletes at most batch_size versions');
select is(pg_temp.left_contents(), array['old 3', 'old 4', 'old 5', 'current'], 'the oldest go first');
select is((select last_created from batches where n = 1),
  (select min(v.created_at) from public.prompt_versions v join public.prompts p on p.id = v.prompt_id
   where p.title = 'pb prompt') - interval '1 day', 'it returns the key of the last version it deleted');

insert into batches select 2, b.* from batches l,
  private.prune_version_batch(2, l.last_created, l.last_id) b where l.n = 1;
insert into batches select 3, b.* from batches l,
  private.prune_version_batch(2, l.last_created, l.last_id) b where l.n = 2;
select results_eq($$select deleted from batches order by n$$, array[2, 2, 1],
  'each batch resumes after the last key, and the last one is short');
select is(pg_temp.left_contents(), array['current'], 'the current version stays however old');
select is((select deleted from private.prune_version_batch(2, '-infinity', '00000000-0000-0000-0000-000000000000')), 0,
  'nothing is left to prune');

select ok(not has_function_privilege('authenticated', 'private.prune_version_batch(integer,timestamptz,uuid)', 'execute'),
  'signed-in users cannot prune');
select ok(private.retention_job_command() like '%private.prune_version_batch(1000, after_created, after_id);%commit;%',
  'the job commits after each batch of 1,000');

select * from finish();
rollback;
