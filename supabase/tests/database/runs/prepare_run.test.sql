-- prepare_run as the API calls it: what a model call needs, read as the caller. The version
-- (current or named, never another prompt's), the model chosen in order (asked, version, user
-- default, system default), temperature and max_tokens (asked, version), the plan, validators,
-- an idempotent twin and its prompt, the provider rows the call may go to with their base URLs
-- and limits, and provider keys only when asked for and only for the model's provider or
-- OpenRouter; nothing for another user, no call for anon.
begin;
select plan(25);

select tests.create_supabase_user('pr_owner');
select tests.create_supabase_user('pr_other');
select tests.authenticate_as('pr_owner');
insert into public.prompts (title) values ('Prepared'), ('Elsewhere');
insert into public.prompt_versions (prompt_id, content, variables)
select id, 'Hi {{name}}', '[{"name":"name","type":"string","required":true}]'
from public.prompts where title = 'Prepared';
insert into public.prompt_versions (prompt_id, content) select id, 'Other' from public.prompts
where title = 'Elsewhere';
select set_config('tests.prompt', (select id::text from public.prompts where title = 'Prepared'), true);
select set_config('tests.v1', (select id::text from public.prompt_versions where content = 'Hi {{name}}'), true);
select set_config('tests.foreign_version',
  (select id::text from public.prompt_versions where content = 'Other'), true);
insert into public.prompt_versions (prompt_id, content, model_config)
values (current_setting('tests.prompt')::uuid, 'Hello {{name}}',
  '{"model":"openai/gpt-4o","temperature":0.3,"max_tokens":50}');
select set_config('tests.v2', (select id::text from public.prompt_versions where content = 'Hello {{name}}'), true);

create function pg_temp.keys(providers jsonb) returns jsonb language sql as $$
  select coalesce(jsonb_agg(x -> 'key' order by x ->> 'id')
    filter (where jsonb_typeof(x -> 'key') = 'object'), '[]')
  from jsonb_array_elements(providers) x $$;
create function pg_temp.row_of(providers jsonb, id text) returns jsonb language sql as $$
  select x from jsonb_array_elements(providers) x where x ->> 'id' = id $$;

select results_eq($$select version_id, content, plan, model_name, model ->> 'provider_id',
    validators, existing_run_id, pg_temp.keys(providers)
  from public.prepare_run(current_setting('tests.prompt')::uuid, p_model => null)$$,
  $$select (select id from public.prompt_versions where content = 'Hello {{name}}'),
    'Hello {{name}}'::text, 'free'::text, 'openai/gpt-4o'::text, 'openai'::text,
    '[]'::jsonb, null::uuid, '[]'::jsonb$$,
  'the current version, its model, the caller''s plan, no validators, twin or keys');
select is((select content from public.prepare_run(current_setting('tests.prompt')::uuid,
    current_setting('tests.v1')::uuid)), 'Hi {{name}}', 'a named version is the one prepared');
select is((select variables -> 0 ->> 'name' from public.prepare_run(
    current_setting('tests.prompt')::uuid, current_setting('tests.v1')::uuid)), 'name',
  'with its typed variables');
select is((select row(prompt_id is not null, version_id) from public.prepare_run(
    current_setting('tests.prompt')::uuid, current_setting('tests.foreign_version')::uuid)),
  row(true, null::uuid), 'another prompt''s version is no version of this one');

select is((select model_name || ' ' || (model ->> 'provider_is_standin')
    from public.prepare_run(current_setting('tests.prompt')::uuid, p_model => 'standin/echo')),
  'standin/echo true', 'the model asked for wins over the version''s');
select is((select model_name from public.prepare_run(current_setting('tests.prompt')::uuid,
    current_setting('tests.v1')::uuid, p_fallback_model => 'openai/gpt-4o-mini')),
  'openai/gpt-4o-mini', 'no model anywhere: the fallback');
select is((select model_name from public.prepare_run(current_setting('tests.prompt')::uuid,
    current_setting('tests.v1')::uuid)),
  (select id from public.models where is_default), 'no fallback given: the system default model');
select is((select model_name from public.prepare_run(current_setting('tests.prompt')::uuid,
    current_setting('tests.v1')::uuid, p_standin_default => true)),
  'standin/echo', 'on a stack without provider keys the system default is the stand-in''s model');
update public.user_settings set default_model = 'google/gemini-2.5-flash';
select is((select model_name from public.prepare_run(current_setting('tests.prompt')::uuid,
    current_setting('tests.v1')::uuid, p_fallback_model => 'openai/gpt-4o-mini')),
  'google/gemini-2.5-flash', 'the user''s default model comes before the fallback');
select is((select row(model_name, model) from public.prepare_run(current_setting('tests.prompt')::uuid,
    p_model => 'nope/none')), row('nope/none'::text, null::jsonb),
  'an unknown model is named, with no model row');

insert into public.validators (prompt_id, name, type, config, enabled)
values (current_setting('tests.prompt')::uuid, 'short', 'max_length', '{"max":10}', true),
       (current_setting('tests.prompt')::uuid, 'off', 'contains', '{"text":"x"}', false);
select is((select jsonb_agg(x ->> 'name') from public.prepare_run(current_setting('tests.prompt')::uuid) r,
    jsonb_array_elements(r.validators) x), '["short"]'::jsonb, 'only enabled validators');

-- A run with a key, started as the API starts one: as service_role with the owner's claims.
set local role service_role;
select set_config('tests.run', (select run_id::text from public.start_run(
  current_setting('tests.prompt')::uuid, current_setting('tests.v1')::uuid, p_model => 'openai/gpt-4o',
  p_variables => '{"name":"Ann"}', p_project_keys => '{openai}', p_idempotency_key => 'prep-1')), true);
select tests.authenticate_as('pr_owner');
select is((select existing_run_id::text from public.prepare_run(current_setting('tests.prompt')::uuid,
    p_idempotency_key => 'prep-1')), current_setting('tests.run'), 'the idempotent twin is found');
select is((select existing_run_id from public.prepare_run(current_setting('tests.prompt')::uuid,
    p_idempotency_key => 'prep-2')), null, 'a new key has no twin');
select is((select existing_run_prompt_id::text from public.prepare_run(
    (select id from public.prompts where title = 'Elsewhere'), p_idempotency_key => 'prep-1')),
  current_setting('tests.prompt'), 'the twin of a key used on another prompt names that prompt');

insert into public.provider_keys (provider_id, encrypted_key, iv, last4)
values ('openai', decode(repeat('01', 20), 'hex'), decode(repeat('02', 12), 'hex'), 'aaaa'),
       ('openrouter', decode(repeat('03', 20), 'hex'), decode(repeat('04', 12), 'hex'), 'bbbb'),
       ('anthropic', decode(repeat('05', 20), 'hex'), decode(repeat('06', 12), 'hex'), 'cccc');
select is((select pg_temp.keys(providers) from public.prepare_run(current_setting('tests.prompt')::uuid)),
  '[]'::jsonb, 'keys are not read unless asked for');
select is((select jsonb_agg(x ->> 'id' order by x ->> 'id')
    from public.prepare_run(current_setting('tests.prompt')::uuid, p_with_keys => true) r,
    jsonb_array_elements(r.providers) x where jsonb_typeof(x -> 'key') = 'object'),
  '["openai", "openrouter"]'::jsonb,
  'asked for: the model''s provider and OpenRouter, not the others');
select is((select pg_temp.row_of(providers, 'anthropic') -> 'key' from public.prepare_run(
    current_setting('tests.prompt')::uuid, p_model => 'anthropic/claude-3.5-haiku',
    p_with_keys => true)),
  jsonb_build_object('ciphertext', encode(decode(repeat('05', 20), 'hex'), 'base64'),
    'iv', encode(decode(repeat('06', 12), 'hex'), 'base64')),
  'the model''s provider''s ciphertext and iv, base64-encoded');

select is((select pg_temp.row_of(providers, 'openai') -> 'limits'
    from public.prepare_run(current_setting('tests.prompt')::uuid)),
  (select jsonb_build_object('requests_per_minute', requests_per_minute, 'requests_per_day',
    requests_per_day, 'tokens_per_minute', tokens_per_minute) from public.providers where id = 'openai'),
  'the limits of the model''s provider');
select is((select jsonb_agg(x ->> 'id' order by x ->> 'id')
    from public.prepare_run(current_setting('tests.prompt')::uuid, p_model => 'google/gemini-2.5-flash') r,
    jsonb_array_elements(r.providers) x),
  '["gemini", "openai", "openrouter", "standin"]'::jsonb,
  'the rows of every provider the run may go to, and of no other');
select is((select jsonb_agg(jsonb_build_array(x ->> 'id', x ->> 'base_url', x -> 'limits') order by x ->> 'id')
    from public.prepare_run(current_setting('tests.prompt')::uuid, p_model => 'google/gemini-2.5-flash') r,
    jsonb_array_elements(r.providers) x where x ->> 'id' in ('gemini', 'standin')),
  (select jsonb_agg(jsonb_build_array(id, base_url, case when is_standin then null else
      jsonb_build_object('requests_per_minute', requests_per_minute, 'requests_per_day',
        requests_per_day, 'tokens_per_minute', tokens_per_minute) end) order by id)
    from public.providers where id in ('gemini', 'standin')),
  'each with its base URL from the table, and no limits for the unlimited stand-in');

reset role;
update public.providers set is_enabled = false where id = 'openrouter';
select tests.authenticate_as('pr_owner');
select is((select pg_temp.row_of(providers, 'openrouter')
    from public.prepare_run(current_setting('tests.prompt')::uuid)), null,
  'a disabled provider is not offered');
reset role;
update public.providers set is_enabled = true where id = 'openrouter';
select tests.authenticate_as('pr_owner');

select results_eq($$select temperature, max_tokens from public.prepare_run(
    current_setting('tests.prompt')::uuid, current_setting('tests.v2')::uuid)$$,
  $$values (0.3::numeric, 50)$$, 'temperature and max_tokens from the version''s config');
select results_eq($$select temperature, max_tokens from public.prepare_run(
    current_setting('tests.prompt')::uuid, current_setting('tests.v2')::uuid,
    p_temperature => 1.5, p_max_tokens => 7)$$,
  $$values (1.5::numeric, 7)$$, 'what the request asks for comes first');

select tests.authenticate_as('pr_other');
select is((select count(*)::int from public.prepare_run(current_setting('tests.prompt')::uuid)), 0,
  'another user gets no row for the prompt');

select tests.authenticate_as_anon();
select throws_ok($$select * from public.prepare_run(current_setting('tests.prompt')::uuid)$$,
  '42501', null, 'anon cannot call prepare_run');

select * from finish();
rollback;
