-- Specs (issue 17): numbered per template and hashed by trigger, checked when written, and
-- immutable once a run uses them (only is_active may change); a new version is a new row.
begin;
select plan(10);

select tests.create_supabase_user('wfs_admin');
select tests.create_supabase_user('wfs_user');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('wfs_admin');

select tests.authenticate_as('wfs_admin');
insert into public.workflow_templates (slug, name, type) values ('wfs-t', 'T', 'test');
insert into public.workflow_specs (template_id, version, content_hash, stages)
select id, 99, '', '[{"id": "a", "gate": "G1", "name": "A", "model": "anthropic/claude-3.5-haiku", "prompt": "x"}]'
from public.workflow_templates where slug = 'wfs-t';
select is((select version from public.workflow_specs s join public.workflow_templates t on t.id = s.template_id
  where t.slug = 'wfs-t'), 1, 'the first version is 1, whatever was given');
select content_hash as first_hash from public.workflow_specs s join public.workflow_templates t on t.id = s.template_id
  where t.slug = 'wfs-t' \gset
select matches(:'first_hash'::text, '^sha256:[0-9a-f]{64}$', 'hashed');

update public.workflow_specs set stages = '[{"id": "a", "gate": "G1", "name": "A", "model": "anthropic/claude-3.5-haiku", "prompt": "y"}]'
where content_hash = :'first_hash';
select isnt((select content_hash from public.workflow_specs s join public.workflow_templates t on t.id = s.template_id
  where t.slug = 'wfs-t'), :'first_hash'::text, 'an unused spec may change, and is hashed again');

select throws_ok($$insert into public.workflow_specs (template_id, version, content_hash, stages)
  select id, 1, '', '[{"id": "a", "gate": "G1", "name": "A", "model": "m", "prompt": "{{nothing}}"}]'
  from public.workflow_templates where slug = 'wfs-t'$$, 'PL422', null,
  'a prompt binding neither an intent field nor an earlier stage is refused');

select tests.authenticate_as_service_role();
select set_config('request.jwt.claims', json_build_object('sub', tests.get_supabase_uid('wfs_user'), 'role', 'service_role')::text, true);
select public.start_workflow_run('wfs-t', '{}');

select tests.authenticate_as('wfs_admin');
select throws_ok($$update public.workflow_specs set stages = '[{"id": "a", "gate": "G1", "name": "A", "model": "anthropic/claude-3.5-haiku", "prompt": "z"}]'
  where template_id = (select id from public.workflow_templates where slug = 'wfs-t')$$,
  'PL409', null, 'a spec a run uses cannot change');
select throws_ok($$update public.workflow_specs set cost_profile = '{"max": {"cost_usd": 1}}'
  where template_id = (select id from public.workflow_templates where slug = 'wfs-t')$$,
  'PL409', null, 'not even its cost profile');
select throws_ok($$delete from public.workflow_specs
  where template_id = (select id from public.workflow_templates where slug = 'wfs-t')$$,
  'PL409', null, 'nor be deleted');
update public.workflow_specs set is_active = false
  where template_id = (select id from public.workflow_templates where slug = 'wfs-t');
select is((select s.is_active from public.workflow_specs s join public.workflow_templates t on t.id = s.template_id
  where t.slug = 'wfs-t'), false, 'but it can be retired');

insert into public.workflow_specs (template_id, version, content_hash, stages)
select id, 1, '', '[{"id": "a", "gate": "G1", "name": "A", "model": "anthropic/claude-3.5-haiku", "prompt": "v2"}]'
from public.workflow_templates where slug = 'wfs-t';
select is((select array_agg(version order by version) from public.workflow_specs s join public.workflow_templates t on t.id = s.template_id
  where t.slug = 'wfs-t'), array[1, 2], 'a new version is a new row, numbered 2');
select is((select count(distinct content_hash)::int from public.workflow_specs s join public.workflow_templates t on t.id = s.template_id
  where t.slug = 'wfs-t'), 2, 'with its own hash');

select * from finish();
rollback;
