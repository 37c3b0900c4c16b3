-- Forks and uses (issue 15): a fork copies a public prompt (or an unlisted one through its link)
-- into the forker's library with its lineage, counts as a fork and a use when it is someone
-- else's, and outlives the original; a successful run of someone else's public prompt is a use,
-- the owner's own runs are not.
begin;
select plan(16);

select tests.create_supabase_user('fk_owner');
select tests.create_supabase_user('fk_reader');

select tests.authenticate_as('fk_owner');
select set_config('tests.pub', public.create_prompt(title => 'Story starter', content => 'Tell a story about {{hero}}',
  description => 'Opening lines', variables => '[{"name":"hero","type":"string","required":true}]',
  model_config => '{"temperature":0.9}', tags => array['fiction'])::text, true);
insert into public.prompt_versions (prompt_id, content, variables)
values (current_setting('tests.pub')::uuid, 'Tell a short story about {{hero}}', '[{"name":"hero","type":"string"}]');
select public.set_prompt_sharing(current_setting('tests.pub')::uuid, 'public', 'creative');
select set_config('tests.unl', public.create_prompt(title => 'Secret recipe', content => 'Cook {{dish}}',
  visibility => 'unlisted')::text, true);
select set_config('tests.slug', (select slug from public.shared_prompts where prompt_id = current_setting('tests.unl')::uuid), true);
select set_config('tests.own_fork', public.fork_prompt(current_setting('tests.pub')::uuid)::text, true);
select is((select forks_count from public.shared_prompts where prompt_id = current_setting('tests.pub')::uuid), 0,
  'the owner''s own fork is not counted');

select tests.authenticate_as('fk_reader');
select set_config('tests.fork', public.fork_prompt(current_setting('tests.pub')::uuid)::text, true);
select is((select title from public.prompts where id = current_setting('tests.fork')::uuid), 'Story starter',
  'the fork is a prompt of the reader''s');
select is((select user_id from public.prompts where id = current_setting('tests.fork')::uuid),
  tests.get_supabase_uid('fk_reader'), 'owned by the reader');
select is((select content from public.prompt_versions v join public.prompts p on p.current_version_id = v.id
    where p.id = current_setting('tests.fork')::uuid), 'Tell a short story about {{hero}}',
  'with the current version''s content');
select is((select source::text from public.prompt_versions where prompt_id = current_setting('tests.fork')::uuid),
  'fork', 'its first version is marked a fork');
select is(array(select t.name from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
    where pt.prompt_id = current_setting('tests.fork')::uuid), array['fiction'], 'and the tags');
select is((select (source_prompt_id, source_version_number)::text from public.prompt_forks
    where prompt_id = current_setting('tests.fork')::uuid),
  (current_setting('tests.pub')::uuid, 2)::text, 'a fork carries its lineage: which prompt, which version');
select is((select (forks_count, uses_count)::text from public.shared_prompts where prompt_id = current_setting('tests.pub')::uuid),
  '(1,1)', 'someone else''s fork counts as a fork and a use');
select throws_ok($$select public.fork_prompt(current_setting('tests.unl')::uuid)$$, 'PL404', null,
  'an unlisted prompt cannot be forked by id');
select isnt(public.fork_prompt(null, current_setting('tests.slug')), null, 'but can through its link');
select throws_ok($$select public.fork_prompt(null, 'forged-slug')$$, 'PL404', null, 'a forged link forks nothing');
select is((select count(*)::int from public.prompt_forks), 2, 'the reader sees the lineage of their own forks');

-- Uses by runs: written by the run functions as the table owner.
select tests.clear_authentication();
insert into public.runs (user_id, prompt_id, model, input, status, started_at)
values (tests.get_supabase_uid('fk_reader'), current_setting('tests.pub')::uuid, 'm', '{}', 'running', now()),
       (tests.get_supabase_uid('fk_owner'), current_setting('tests.pub')::uuid, 'm', '{}', 'running', now()),
       (tests.get_supabase_uid('fk_reader'), current_setting('tests.pub')::uuid, 'm', '{}', 'running', now());
update public.runs set status = 'success' where prompt_id = current_setting('tests.pub')::uuid
  and status = 'running' and user_id = tests.get_supabase_uid('fk_owner');
select is((select uses_count from public.shared_prompts where prompt_id = current_setting('tests.pub')::uuid), 1,
  'the owner''s own run is not a use');
update public.runs set status = 'error' where id = (select id from public.runs
  where user_id = tests.get_supabase_uid('fk_reader') and status = 'running' limit 1);
update public.runs set status = 'success' where user_id = tests.get_supabase_uid('fk_reader') and status = 'running';
select is((select uses_count from public.shared_prompts where prompt_id = current_setting('tests.pub')::uuid), 2,
  'someone else''s successful run is a use, a failed one is not');

-- The original goes; the fork stays.
delete from public.prompts where id = current_setting('tests.pub')::uuid;
select is((select count(*)::int from public.prompts where id = current_setting('tests.fork')::uuid), 1,
  'deleting the original leaves the fork');
select is((select (source_prompt_id is null, source_version_number, source_title)::text from public.prompt_forks
    where prompt_id = current_setting('tests.fork')::uuid), '(t,2,"Story starter")',
  'and its lineage keeps the version number and title');

select * from finish();
rollback;
