-- Validators (seed 002's validations, seed 003's QA checks): checks a prompt's owner attaches
-- to it, run by the API on every successful run's output; the results are stored on the run.
--   json_schema {schema: object}             the output parses as JSON and matches the schema
--   regex       {pattern, flags?}            the output matches (RE2 syntax, linear time: no
--                                            backreferences or lookaround; flags i, m, s, u)
--   max_length  {max: integer > 0}           the output has at most max characters
--   contains    {text, case_sensitive?}      the output contains the text

create type public.validator_type as enum ('json_schema', 'regex', 'max_length', 'contains');

create function private.is_valid_validator_config(kind public.validator_type, config jsonb)
returns boolean
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  if config is null or jsonb_typeof(config) <> 'object' or octet_length(config::text) > 100000 then
    return false;
  end if;
  case kind
    when 'json_schema' then
      return (select array_agg(k order by k) from jsonb_object_keys(config) k) = array['schema']
        and jsonb_typeof(config -> 'schema') in ('object', 'boolean');
    when 'regex' then
      return not exists (select 1 from jsonb_object_keys(config) k where k not in ('pattern', 'flags'))
        and jsonb_typeof(config -> 'pattern') = 'string'
        and char_length(config ->> 'pattern') between 1 and 1000
        and (not config ? 'flags' or (jsonb_typeof(config -> 'flags') = 'string'
          and config ->> 'flags' ~ '^[imsu]{0,4}$'));
    when 'max_length' then
      return (select array_agg(k) from jsonb_object_keys(config) k) = array['max']
        and jsonb_typeof(config -> 'max') = 'number'
        and (config ->> 'max')::numeric = trunc((config ->> 'max')::numeric)
        and (config ->> 'max')::numeric between 1 and 10000000;
    when 'contains' then
      return not exists (select 1 from jsonb_object_keys(config) k
          where k not in ('text', 'case_sensitive'))
        and jsonb_typeof(config -> 'text') = 'string'
        and char_length(config ->> 'text') between 1 and 10000
        and (not config ? 'case_sensitive' or jsonb_typeof(config -> 'case_sensitive') = 'boolean');
  end case;
  return false;
end;
$$;

comment on function private.is_valid_validator_config(public.validator_type, jsonb) is
  'True when a validator''s config has the shape its type needs (used by a check constraint).';
-- PostgreSQL checks execute on a function in a CHECK as the role that writes the row, so the
-- roles that write validators keep it.
revoke all on function private.is_valid_validator_config(public.validator_type, jsonb) from public, anon;
grant execute on function private.is_valid_validator_config(public.validator_type, jsonb) to authenticated, service_role;

create table public.validators (
  id uuid primary key default gen_random_uuid(),
  prompt_id uuid not null references public.prompts (id) on delete cascade,
  user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 100 and name = btrim(name)),
  type public.validator_type not null,
  config jsonb not null,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint validators_config_check check (private.is_valid_validator_config(type, config))
);
comment on table public.validators is 'Output checks of a prompt (json_schema, regex, max_length, contains), run after each run.';
create index validators_prompt_idx on public.validators (prompt_id, created_at);
create index validators_user_idx on public.validators (user_id);

create trigger validators_set_updated_at before update on public.validators
  for each row execute function private.set_updated_at();

alter table public.validators enable row level security;

create policy "Users can view their own validators" on public.validators
  for select to authenticated using (user_id = (select auth.uid()));
create policy "Users can add validators to their own prompts" on public.validators
  for insert to authenticated with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.prompts p
      where p.id = validators.prompt_id and p.user_id = (select auth.uid()))
  );
create policy "Users can update their own validators" on public.validators
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (
    user_id = (select auth.uid())
    and exists (select 1 from public.prompts p
      where p.id = validators.prompt_id and p.user_id = (select auth.uid()))
  );
create policy "Users can delete their own validators" on public.validators
  for delete to authenticated using (user_id = (select auth.uid()));

-- anon has no use for validators.
revoke all on public.validators from anon;
-- A validator stays on the prompt it was made for.
revoke update on public.validators from authenticated;
grant update (name, type, config, enabled) on public.validators to authenticated;
