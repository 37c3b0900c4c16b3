-- private.choose_provider: the user's own vendor key first (with the vendor's model name), else
-- their OpenRouter key (with the OpenRouter model id), else the deployment's keys (OpenRouter for
-- any model, OpenAI only for OpenAI's, else a custom server), else the stand-in on the local
-- stack only; base URLs and limits are the rows' own.
begin;
select plan(12);

create function pg_temp.row(id text, url text, standin boolean default false,
  with_key boolean default false) returns jsonb language sql as $$
  select jsonb_build_object('id', id, 'base_url', url, 'is_standin', standin,
    'limits', case when standin then null else '{"requests_per_minute":60}'::jsonb end,
    'key', case when with_key then jsonb_build_object('ciphertext', 'c-' || id, 'iv', 'i') end) $$;
create function pg_temp.rows(keys text[] default '{}') returns jsonb language sql as $$
  select jsonb_build_array(
    pg_temp.row('anthropic', 'https://anthropic.example/v1/', false, 'anthropic' = any (keys)),
    pg_temp.row('openai', 'https://openai.example/v1', false, 'openai' = any (keys)),
    pg_temp.row('openrouter', 'https://openrouter.example/v1', false, 'openrouter' = any (keys)),
    pg_temp.row('standin', 'http://127.0.0.1:54390/v1', true)) $$;
create function pg_temp.gpt() returns jsonb language sql as $$
  select '{"id":"openai/gpt-4o-mini","provider_id":"openai","provider_model_id":"gpt-4o-mini","provider_is_standin":false}'::jsonb $$;
create function pg_temp.claude() returns jsonb language sql as $$
  select '{"id":"anthropic/claude-3.5-haiku","provider_id":"anthropic","provider_model_id":"claude-3-5-haiku-latest","provider_is_standin":false}'::jsonb $$;
create function pg_temp.echo() returns jsonb language sql as $$
  select '{"id":"standin/echo","provider_id":"standin","provider_model_id":"echo","provider_is_standin":true}'::jsonb $$;
create function pg_temp.pick(c jsonb) returns text language sql as $$
  select concat_ws(' ', c ->> 'id', c ->> 'key_source', c ->> 'model', c ->> 'base_url') $$;

select is(pg_temp.pick(private.choose_provider(pg_temp.gpt(), pg_temp.rows('{openai}'),
    '{openrouter}', false)),
  'openai user gpt-4o-mini https://openai.example/v1',
  'the user''s own vendor key comes first, with the vendor''s model name');
select is(private.choose_provider(pg_temp.gpt(), pg_temp.rows('{openai}'), '{}', false) -> 'key',
  '{"ciphertext":"c-openai","iv":"i"}', 'and carries that key');
select is(pg_temp.pick(private.choose_provider(pg_temp.claude(), pg_temp.rows('{openrouter}'),
    '{openai}', false)),
  'openrouter user anthropic/claude-3.5-haiku https://openrouter.example/v1',
  'else the user''s OpenRouter key, with the OpenRouter model id');
select is(pg_temp.pick(private.choose_provider(pg_temp.claude(), pg_temp.rows(), '{openrouter}',
    false)), 'openrouter project anthropic/claude-3.5-haiku https://openrouter.example/v1',
  'else the deployment''s OpenRouter key, for any model');
select is(private.choose_provider(pg_temp.claude(), pg_temp.rows(), '{openrouter}', false) -> 'key',
  null, 'a project key is not the user''s: no ciphertext goes with it');
select is(pg_temp.pick(private.choose_provider(pg_temp.gpt(), pg_temp.rows(), '{openai}', false)),
  'openai project gpt-4o-mini https://openai.example/v1',
  'the deployment''s OpenAI key for OpenAI''s models');
select throws_ok($$select private.choose_provider(pg_temp.claude(), pg_temp.rows(), '{openai}',
    false)$$, 'PL422', null, 'but not for another vendor''s');
select is(pg_temp.pick(private.choose_provider(pg_temp.claude(), pg_temp.rows(), '{custom}', false)),
  'custom project anthropic/claude-3.5-haiku', 'else a custom server, with no row and no URL');
select is(pg_temp.pick(private.choose_provider(pg_temp.gpt(), pg_temp.rows(), '{}', true)),
  'standin standin openai/gpt-4o-mini http://127.0.0.1:54390/v1',
  'the stand-in only on the local stack, and only when no key applies');
select is(private.choose_provider(pg_temp.gpt(), pg_temp.rows(), '{openrouter}', true) ->> 'key_source',
  'project', 'a key wins over the stand-in');
select throws_ok($$select private.choose_provider(pg_temp.gpt(), pg_temp.rows(), '{}', false)$$,
  'PL422', 'model openai/gpt-4o-mini cannot be run: no provider key is configured for it; add your own key',
  'no key and no stand-in: the model cannot be run');
select throws_ok($$select private.choose_provider(pg_temp.echo(), pg_temp.rows(), '{openrouter}',
    false)$$, 'PL422', 'model standin/echo cannot be run: the stand-in model only exists on the local stack',
  'the stand-in model never leaves the local stack');

select * from finish();
rollback;
