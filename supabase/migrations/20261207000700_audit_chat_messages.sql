-- A chat version's messages are kept in the audit log as their count and SHA-256, as a version's
-- content is kept as its length and SHA-256: the log copied every chat prompt's whole text (up to
-- 200,000 characters) into each of its versions' entries, which the digest of content was there
-- to avoid. Any change to the messages still shows as a changed digest. Entries already written
-- keep what they hold (the log is append-only).

create or replace function private.audit_values(r jsonb)
returns jsonb
language sql
immutable
security invoker
set search_path = ''
as $$
  select r
    || case when jsonb_typeof(r -> 'content') = 'string'
      then jsonb_build_object('content', jsonb_build_object(
        'chars', char_length(r ->> 'content'),
        'sha256', encode(extensions.digest(r ->> 'content', 'sha256'), 'hex')))
      else '{}'::jsonb end
    || case when jsonb_typeof(r -> 'messages') = 'array'
      then jsonb_build_object('messages', jsonb_build_object(
        'count', jsonb_array_length(r -> 'messages'),
        'sha256', encode(extensions.digest((r -> 'messages')::text, 'sha256'), 'hex')))
      else '{}'::jsonb end;
$$;

comment on function private.audit_values(jsonb) is
  'A row as audit_log keeps it: long content as its length and SHA-256, chat messages as their count and SHA-256.';
