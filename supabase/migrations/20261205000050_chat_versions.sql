-- Chat prompts (issue 19): a version holds either text content, as before, or messages, an
-- ordered list with roles system, user and assistant and {{variables}} in any message; and
-- optionally a JSON response format (a JSON Schema) sent to providers that support it. A chat
-- version's content is its messages written out ("[role]" then the text, blank line between),
-- kept by trigger, so search, diff and export see both kinds alike and text prompts are
-- unchanged.

-- messages: [{role: system|user|assistant, content: text}], 1 to 100 of them, at most 100 000
-- characters each and 200 000 in all. Unknown keys are refused.
create function private.is_valid_prompt_messages(messages jsonb)
returns boolean
language sql
immutable
security invoker
set search_path = ''
as $$
  select messages is null or (
    jsonb_typeof(messages) = 'array'
    and jsonb_array_length(messages) between 1 and 100
    and octet_length(messages::text) <= 1000000
    and not exists (
      select 1 from jsonb_array_elements(messages) m
      where jsonb_typeof(m) <> 'object'
        or exists (select 1 from jsonb_object_keys(m) k where k not in ('role', 'content'))
        or m ->> 'role' is null or m ->> 'role' not in ('system', 'user', 'assistant')
        or jsonb_typeof(m -> 'content') is distinct from 'string'
        or char_length(m ->> 'content') > 100000)
    and (select sum(char_length(m ->> 'content')) from jsonb_array_elements(messages) m) <= 200000);
$$;
comment on function private.is_valid_prompt_messages(jsonb) is
  'True when the jsonb is null or a valid list of chat messages (roles system/user/assistant, string content).';

-- response_format: {name?: identifier, schema: a JSON Schema object, strict?: boolean}, ≤ 64 KB.
create function private.is_valid_response_format(format jsonb)
returns boolean
language sql
immutable
security invoker
set search_path = ''
as $$
  select format is null or (
    jsonb_typeof(format) = 'object'
    and octet_length(format::text) <= 65536
    and jsonb_typeof(format -> 'schema') = 'object'
    and not exists (select 1 from jsonb_object_keys(format) k where k not in ('name', 'schema', 'strict'))
    and (not format ? 'name' or (jsonb_typeof(format -> 'name') = 'string'
      and format ->> 'name' ~ '^[A-Za-z0-9_-]{1,64}$'))
    and (not format ? 'strict' or jsonb_typeof(format -> 'strict') = 'boolean'));
$$;
comment on function private.is_valid_response_format(jsonb) is
  'True when the jsonb is null or {name?, schema: object, strict?}: a JSON response format.';

revoke all on function private.is_valid_prompt_messages(jsonb) from public, anon;
grant execute on function private.is_valid_prompt_messages(jsonb) to authenticated, service_role;
revoke all on function private.is_valid_response_format(jsonb) from public, anon;
grant execute on function private.is_valid_response_format(jsonb) to authenticated, service_role;

alter table public.prompt_versions
  add column messages jsonb constraint prompt_versions_messages_check
    check (private.is_valid_prompt_messages(messages)),
  add column response_format jsonb constraint prompt_versions_response_format_check
    check (private.is_valid_response_format(response_format));
comment on column public.prompt_versions.messages is 'A chat version''s messages [{role, content}]; null for a text version. Its content is then the messages written out.';
comment on column public.prompt_versions.response_format is 'A JSON response format {name?, schema, strict?} sent to providers that support structured output; null for none.';

-- A chat version's content, and the check that every {{placeholder}} in its messages is one of
-- its variables (a typo is refused when the version is saved, naming the message).
create function private.write_out_messages()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
declare
  problems jsonb;
begin
  -- (an empty list writes out empty, and the messages' check refuses it)
  new.content := coalesce((select string_agg('[' || (m.value ->> 'role') || E']\n' || (m.value ->> 'content'),
      E'\n\n' order by m.n)
    from jsonb_array_elements(new.messages) with ordinality as m (value, n)), '');
  select jsonb_agg(jsonb_build_object('field', format('messages.%s.content', m.n - 1),
      'message', format('{{%s}} is used but is not one of the variables', x.name)))
    into problems
  from jsonb_array_elements(new.messages) with ordinality as m (value, n)
  cross join lateral (select distinct r[1] as name from regexp_matches(m.value ->> 'content',
    '\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}', 'g') as r) x
  where not exists (select 1 from jsonb_array_elements(new.variables) d where d ->> 'name' = x.name);
  if problems is not null then
    raise exception 'a message uses a variable the version does not declare'
      using errcode = 'PL422', hint = 'validation_failed',
        detail = jsonb_build_object('fields', problems)::text;
  end if;
  return new;
end;
$$;
comment on function private.write_out_messages() is
  'Trigger: a chat version''s content is its messages written out; its placeholders must be declared variables.';
revoke all on function private.write_out_messages() from public, anon, authenticated;

create trigger prompt_versions_write_out_messages before insert on public.prompt_versions
  for each row when (new.messages is not null)
  execute function private.write_out_messages();

-- A chat version's messages rendered with the caller's values (private.render_prompt per
-- message: the same checks, the same errors, naming the variables).
create function private.render_messages(
  p_messages jsonb,
  p_variables jsonb,
  p_given jsonb,
  out rendered jsonb,
  out used jsonb
)
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  m record;
  r record;
begin
  rendered := '[]';
  used := '{}';
  for m in select value, n from jsonb_array_elements(p_messages) with ordinality as x (value, n) order by n loop
    select * into r from private.render_prompt(m.value ->> 'content', p_variables, p_given);
    rendered := rendered || jsonb_build_array(jsonb_build_object('role', m.value ->> 'role',
      'content', r.rendered));
    used := r.used;
  end loop;
end;
$$;
comment on function private.render_messages(jsonb, jsonb, jsonb) is
  'A chat version''s messages rendered with the caller''s values; raises PL422 naming every bad variable.';
revoke all on function private.render_messages(jsonb, jsonb, jsonb) from public, anon, authenticated;

-- The API's JSON for a version, now with messages and response_format (20261204002300's
-- prompt_version_json plus two keys).
create or replace function public.prompt_version_json(v public.prompt_versions)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'id', v.id,
    'prompt_id', v.prompt_id,
    'version_number', v.version_number,
    'title', v.title,
    'content', v.content,
    'messages', v.messages,
    'response_format', v.response_format,
    'summary', v.summary,
    'variables', v.variables,
    'model_config', v.model_config,
    'source', v.source,
    'restored_from_version', v.restored_from_version,
    'created_at', v.created_at);
$$;


-- Restoring a chat version restores its messages and response format too (20261204002300's
-- restore_prompt_version with the two columns).
create or replace function public.restore_prompt_version(version_id uuid)
returns public.prompt_versions
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  original public.prompt_versions;
  restored public.prompt_versions;
begin
  select * into original from public.prompt_versions v where v.id = restore_prompt_version.version_id;
  if not found then
    raise exception 'version % not found', restore_prompt_version.version_id
      using errcode = 'PL404', hint = 'version_not_found';
  end if;

  -- title is left to the numbering trigger: the prompt's current title.
  insert into public.prompt_versions
    (prompt_id, user_id, content, messages, response_format, variables, model_config, summary, source,
     restored_from_version, created_by)
  values (
    original.prompt_id, original.user_id, original.content, original.messages,
    original.response_format, original.variables, original.model_config,
    format('Restored from version %s', original.version_number), 'restore', original.version_number,
    coalesce(auth.uid(), original.user_id))
  returning * into restored;
  return restored;
end;
$$;

-- A prompt can be created as a chat prompt: messages (and a response format) for version 1.
-- 20261204002300's create_prompt with the two parameters at the end.
drop function public.create_prompt(text, text, text, uuid, public.prompt_status, public.prompt_visibility, jsonb, jsonb, text, text[], public.prompt_version_source);
create function public.create_prompt(
  title text,
  content text,
  description text default null,
  catalog_id uuid default null,
  status public.prompt_status default 'draft',
  visibility public.prompt_visibility default 'private',
  variables jsonb default '[]'::jsonb,
  model_config jsonb default '{}'::jsonb,
  summary text default null,
  tags text[] default '{}'::text[],
  source public.prompt_version_source default 'manual',
  messages jsonb default null,
  response_format jsonb default null
)
returns uuid
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  caller uuid := (select auth.uid());
  new_id uuid;
begin
  if caller is null then
    raise exception 'sign in to create a prompt' using errcode = 'PL401', hint = 'not_authenticated';
  end if;
  if create_prompt.source = 'restore' then
    raise exception 'a first version cannot be a restore'
      using errcode = 'PL422', hint = 'invalid_source';
  end if;
  if create_prompt.catalog_id is not null and not exists (
    select 1 from public.catalogs c where c.id = create_prompt.catalog_id and c.user_id = caller
  ) then
    raise exception 'catalog % not found', create_prompt.catalog_id
      using errcode = 'PL404', hint = 'catalog_not_found';
  end if;

  insert into public.prompts (user_id, catalog_id, title, description, status, published_at, visibility)
  values (
    caller, create_prompt.catalog_id, create_prompt.title, create_prompt.description,
    coalesce(create_prompt.status, 'draft'),
    case when create_prompt.status = 'published' then now() end,
    coalesce(create_prompt.visibility, 'private'))
  returning id into new_id;

  insert into public.prompt_versions (prompt_id, user_id, content, messages, response_format,
    variables, model_config, summary, source, created_by)
  values (
    new_id, caller, coalesce(create_prompt.content, ''), create_prompt.messages,
    create_prompt.response_format, coalesce(create_prompt.variables, '[]'::jsonb),
    coalesce(create_prompt.model_config, '{}'::jsonb), create_prompt.summary,
    coalesce(create_prompt.source, 'manual'), caller);

  if cardinality(coalesce(create_prompt.tags, '{}'::text[])) > 0 then
    perform public.set_prompt_tags(new_id, create_prompt.tags);
  end if;
  return new_id;
end;
$$;

comment on function public.create_prompt(text, text, text, uuid, public.prompt_status, public.prompt_visibility, jsonb, jsonb, text, text[], public.prompt_version_source, jsonb, jsonb) is
  'Creates a prompt with its first version (text or chat messages) and tags in one transaction; returns its id.';
revoke execute on function public.create_prompt(text, text, text, uuid, public.prompt_status, public.prompt_visibility, jsonb, jsonb, text, text[], public.prompt_version_source, jsonb, jsonb) from public, anon;
grant execute on function public.create_prompt(text, text, text, uuid, public.prompt_status, public.prompt_visibility, jsonb, jsonb, text, text[], public.prompt_version_source, jsonb, jsonb) to authenticated, service_role;
