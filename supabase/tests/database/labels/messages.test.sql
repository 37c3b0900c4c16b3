-- Chat versions (issue 19): messages have roles system, user or assistant and text content; a
-- placeholder must be a declared variable; the content is the messages written out; rendering
-- checks the variables like a run; restoring a chat version keeps its messages.
begin;
select plan(9);

select tests.create_supabase_user('msg_owner');
select tests.authenticate_as('msg_owner');
select set_config('tests.p', public.create_prompt(title => 'Chatty', content => null,
  messages => '[{"role":"system","content":"You are {{persona}}."},{"role":"user","content":"Hi"}]',
  variables => '[{"name":"persona","type":"string","required":true}]',
  response_format => '{"name":"reply","schema":{"type":"object"}}')::text, true);
select is((select content from public.prompt_versions where prompt_id = current_setting('tests.p')::uuid),
  E'[system]\nYou are {{persona}}.\n\n[user]\nHi', 'a chat version''s content is its messages written out');
select throws_ok($$insert into public.prompt_versions (prompt_id, messages) values
    (current_setting('tests.p')::uuid, '[{"role":"robot","content":"x"}]')$$, '23514', null,
  'an unknown role is refused');
select throws_ok($$insert into public.prompt_versions (prompt_id, messages) values
    (current_setting('tests.p')::uuid, '[{"role":"user","content":42}]')$$, '23514', null,
  'content must be text');
select throws_ok($$insert into public.prompt_versions (prompt_id, messages) values
    (current_setting('tests.p')::uuid, '[]')$$, '23514', null, 'at least one message');
select throws_ok($$insert into public.prompt_versions (prompt_id, messages, variables) values
    (current_setting('tests.p')::uuid, '[{"role":"user","content":"{{undeclared}}"}]', '[]')$$, 'PL422', null,
  'a placeholder that is not a variable is refused');
select throws_ok($$insert into public.prompt_versions (prompt_id, content, response_format) values
    (current_setting('tests.p')::uuid, 'x', '{"schema": "not an object"}')$$, '23514', null,
  'a response format needs a schema object');
select is(public.render_prompt('{"persona":"a pirate"}', 'chatty') -> 'messages',
  '[{"role":"system","content":"You are a pirate."},{"role":"user","content":"Hi"}]'::jsonb,
  'rendering fills every message');
select throws_ok($$select public.render_prompt('{}', 'chatty')$$, 'PL422', null,
  'a missing required variable is a 422');
insert into public.prompt_versions (prompt_id, content) values (current_setting('tests.p')::uuid, 'now text');
select public.restore_prompt_version((select id from public.prompt_versions
  where prompt_id = current_setting('tests.p')::uuid and version_number = 1));
select is((select messages -> 0 ->> 'role' from public.prompt_versions v join public.prompts p on p.current_version_id = v.id
    where p.id = current_setting('tests.p')::uuid), 'system', 'restoring a chat version keeps its messages');

select * from finish();
rollback;
