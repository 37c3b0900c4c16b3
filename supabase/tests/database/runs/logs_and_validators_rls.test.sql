-- run_logs and validators: owner-only RLS (owner, another user, anon), append-only logs that
-- no caller writes, validator configs checked per type, no validator on another user's prompt.
begin;
select plan(16);

select tests.create_supabase_user('lv_owner');
select tests.create_supabase_user('lv_other');
select tests.authenticate_as('lv_owner');
insert into public.prompts (title) values ('Validated prompt');
select set_config('tests.prompt', (select id::text from public.prompts), true);
-- Runs and their logs are written only by SQL functions (callers cannot): these, as the table owner.
reset role;
insert into public.runs (user_id, prompt_id, model, input)
select user_id, id, 'm', '{}' from public.prompts where id = current_setting('tests.prompt')::uuid;
select set_config('tests.run', (select id::text from public.runs
  where prompt_id = current_setting('tests.prompt')::uuid), true);
insert into public.run_logs (run_id, user_id, message)
select id, user_id, 'hello' from public.runs where id = current_setting('tests.run')::uuid;
select tests.authenticate_as('lv_owner');
select is((select count(*)::int from public.run_logs), 1, 'owner sees their run logs');
select throws_ok($$update public.run_logs set message = 'x'$$, '42501', null, 'logs are append-only');

insert into public.validators (prompt_id, name, type, config) values
  (current_setting('tests.prompt')::uuid, 'json', 'json_schema', '{"schema":{"type":"object"}}'),
  (current_setting('tests.prompt')::uuid, 're', 'regex', '{"pattern":"^a","flags":"i"}'),
  (current_setting('tests.prompt')::uuid, 'len', 'max_length', '{"max":10}'),
  (current_setting('tests.prompt')::uuid, 'has', 'contains', '{"text":"ok","case_sensitive":false}');
select is((select count(*)::int from public.validators), 4, 'owner adds one validator of each type');
select throws_ok($$insert into public.validators (prompt_id, name, type, config)
  values (current_setting('tests.prompt')::uuid, 'bad', 'max_length', '{"max":0}')$$, '23514', null,
  'max_length needs a positive integer');
select throws_ok($$insert into public.validators (prompt_id, name, type, config)
  values (current_setting('tests.prompt')::uuid, 'bad', 'regex', '{"pattern":"a","flags":"g"}')$$, '23514', null,
  'regex flags are limited to imsu');
select throws_ok($$insert into public.validators (prompt_id, name, type, config)
  values (current_setting('tests.prompt')::uuid, 'bad', 'json_schema', '{"schema":1}')$$, '23514', null,
  'a schema is an object or boolean');
select throws_ok($$insert into public.validators (prompt_id, name, type, config)
  values (current_setting('tests.prompt')::uuid, 'bad', 'contains', '{"text":"a","extra":1}')$$, '23514', null,
  'unknown config keys are refused');
select throws_ok($$update public.validators set prompt_id = gen_random_uuid()$$, '42501', null,
  'a validator stays on its prompt');

select tests.authenticate_as('lv_other');
select is((select count(*)::int from public.run_logs), 0, 'another user sees no logs');
select is((select count(*)::int from public.validators), 0, 'another user sees no validators');
select throws_ok($$insert into public.validators (prompt_id, name, type, config)
  values (current_setting('tests.prompt')::uuid, 'mine', 'max_length', '{"max":5}')$$, '42501', null,
  'nobody attaches a validator to another user''s prompt');
select throws_ok($$insert into public.run_logs (run_id, message)
  values (current_setting('tests.run')::uuid, 'x')$$, '42501', null, 'nor logs on another user''s run');
update public.validators set enabled = false;
delete from public.validators;
select tests.authenticate_as('lv_owner');
select is((select count(*)::int from public.validators where enabled), 4,
  'another user''s update and delete touch nothing');

select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.validators$$, '42501', null, 'anon cannot read validators');
select throws_ok($$select count(*) from public.run_logs$$, '42501', null, 'anon cannot read run logs');
select tests.clear_authentication();
select is((select count(*)::int from public.run_logs where run_id = current_setting('tests.run')::uuid), 1,
  'only the owner''s log is there');

select * from finish();
rollback;
