-- prune_prompt_versions with frozen time (versions inserted with old created_at): each user's
-- policy, never a current version, 'always' skips, bounded batches, the count it returns.
begin;
select plan(12);

select tests.create_supabase_user('rt_fourteen');
select tests.create_supabase_user('rt_thirty');
select tests.create_supabase_user('rt_always');
update public.user_settings set retention_policy = 'fourteen_days' where user_id = tests.get_supabase_uid('rt_fourteen');
update public.user_settings set retention_policy = 'always' where user_id = tests.get_supabase_uid('rt_always');

-- For each user: a prompt with versions 40, 20 and 1 days old (the last is current), and a
-- prompt whose only, current version is 100 days old.
insert into public.prompts (user_id, title)
select tests.get_supabase_uid(u), u || ' ' || kind
from unnest(array['rt_fourteen', 'rt_thirty', 'rt_always']) u, unnest(array['active', 'dormant']) kind;
insert into public.prompt_versions (prompt_id, user_id, created_by, content, created_at)
select p.id, p.user_id, p.user_id, age || ' days', now() - make_interval(days => age)
from public.prompts p, unnest(array[40, 20, 1]) age
where p.title like 'rt\_% active'
order by p.id, age desc;
insert into public.prompt_versions (prompt_id, user_id, created_by, content, created_at)
select p.id, p.user_id, p.user_id, '100 days', now() - interval '100 days'
from public.prompts p where p.title like 'rt\_% dormant';

create function pg_temp.contents(owner text)
returns text[] language sql as $$
  select array_agg(v.content order by v.created_at)
  from public.prompt_versions v where v.user_id = tests.get_supabase_uid(owner);
$$;

select set_config('tests.before', (select count(*)::text from public.prompt_versions), true);
select set_config('tests.pruned', private.prune_prompt_versions()::text, true);

select is(current_setting('tests.pruned')::int,
  current_setting('tests.before')::int - (select count(*)::int from public.prompt_versions),
  'it returns the number of versions it deleted');
select is(pg_temp.contents('rt_fourteen'), array['100 days', '1 days'],
  'fourteen days: versions older than 14 days go, the current ones stay however old');
select is(pg_temp.contents('rt_thirty'), array['100 days', '20 days', '1 days'],
  'thirty days: only versions older than 30 days go');
select is(pg_temp.contents('rt_always'), array['100 days', '40 days', '20 days', '1 days'],
  'always: nothing is pruned');
select is((select count(*)::int from public.prompts p
  where p.title like 'rt\_%' and p.current_version_id is null), 0, 'every prompt keeps its current version');
select is(private.prune_prompt_versions(), 0, 'a second run finds nothing left to prune');

-- batches: five expired versions behind a current one
insert into public.prompts (user_id, title) values (tests.get_supabase_uid('rt_fourteen'), 'rt batch');
insert into public.prompt_versions (prompt_id, user_id, created_by, content, created_at)
select p.id, p.user_id, p.user_id, 'old ' || g, now() - interval '60 days'
from public.prompts p, generate_series(1, 5) g where p.title = 'rt batch';
insert into public.prompt_versions (prompt_id, user_id, created_by, content)
select p.id, p.user_id, p.user_id, 'new' from public.prompts p where p.title = 'rt batch';

select is(private.prune_prompt_versions(batch_size => 2, max_batches => 2), 4,
  'at most batch_size * max_batches versions go in one call');
select is((select count(*)::int from public.prompt_versions v join public.prompts p on p.id = v.prompt_id
  where p.title = 'rt batch'), 2, 'the rest waits for the next call');
select is(private.prune_prompt_versions(batch_size => 2, max_batches => 2), 1, 'the next call takes the remainder');
select throws_ok($$select private.prune_prompt_versions(batch_size => 0)$$, 'PL400', null,
  'a non-positive batch size is refused');

-- who may run it
select ok(not has_function_privilege('authenticated', 'private.prune_prompt_versions(integer, integer)', 'execute')
  and not has_function_privilege('anon', 'private.prune_prompt_versions(integer, integer)', 'execute'),
  'signed-in users and anon cannot run the pruning');
select ok(has_function_privilege('service_role', 'private.prune_prompt_versions(integer, integer)', 'execute'),
  'the service role can');

select * from finish();
rollback;
