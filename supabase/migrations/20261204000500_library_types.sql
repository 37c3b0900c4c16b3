-- Library types: the enums of the library and runs, and the validators that check constraints
-- use for the typed jsonb columns of prompt_versions (variables, model_config). The validators
-- are immutable so Postgres accepts them in check constraints; they look only at their argument.

create type public.run_status as enum ('pending', 'running', 'success', 'error', 'timeout', 'cancelled');
create type public.prompt_status as enum ('draft', 'published', 'archived');
create type public.prompt_visibility as enum ('private', 'public');
create type public.prompt_version_source as enum ('manual', 'restore', 'improve', 'import');

-- A prompt's variables: [{ name, type, required?, default?, options?, description? }, ...].
-- name is an identifier, unique in the list; type is string/number/boolean/enum; an enum has a
-- non-empty list of distinct string options; a default has the variable's type (an enum default
-- is one of the options). Unknown keys are refused so typos do not pass silently.
create function private.is_valid_prompt_variables(variables jsonb)
returns boolean
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  item jsonb;
  seen_names text[] := '{}'::text[];
  var_name text;
  var_type text;
  var_options jsonb;
  var_default jsonb;
begin
  -- Bounded as a whole too (options, defaults), so what a version carries stays cheap to diff,
  -- render and send.
  if variables is null or jsonb_typeof(variables) <> 'array' or jsonb_array_length(variables) > 100
    or octet_length(variables::text) > 81920 then
    return false;
  end if;

  for item in select value from jsonb_array_elements(variables) loop
    if jsonb_typeof(item) <> 'object' then
      return false;
    end if;
    if exists (
      select 1 from jsonb_object_keys(item) as k (key)
      where k.key not in ('name', 'type', 'required', 'default', 'options', 'description')
    ) then
      return false;
    end if;

    if jsonb_typeof(item -> 'name') is distinct from 'string' then
      return false;
    end if;
    var_name := item ->> 'name';
    if var_name !~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$' or var_name = any (seen_names) then
      return false;
    end if;
    seen_names := seen_names || var_name;

    if jsonb_typeof(item -> 'type') is distinct from 'string' then
      return false;
    end if;
    var_type := item ->> 'type';
    if var_type not in ('string', 'number', 'boolean', 'enum') then
      return false;
    end if;

    if item ? 'required' and jsonb_typeof(item -> 'required') <> 'boolean' then
      return false;
    end if;
    if item ? 'description' then
      if jsonb_typeof(item -> 'description') <> 'string' or char_length(item ->> 'description') > 500 then
        return false;
      end if;
    end if;

    var_options := item -> 'options';
    if var_type = 'enum' then
      if jsonb_typeof(var_options) is distinct from 'array' or jsonb_array_length(var_options) = 0
        or jsonb_array_length(var_options) > 100 then
        return false;
      end if;
      if exists (select 1 from jsonb_array_elements(var_options) as o (value) where jsonb_typeof(o.value) <> 'string')
        or (select count(distinct o.value) <> count(*) from jsonb_array_elements(var_options) as o (value)) then
        return false;
      end if;
    elsif var_options is not null and jsonb_typeof(var_options) <> 'null' then
      return false;
    end if;

    var_default := item -> 'default';
    if var_default is not null and jsonb_typeof(var_default) <> 'null' then
      if var_type = 'enum' then
        if jsonb_typeof(var_default) <> 'string' or not (var_options @> jsonb_build_array(var_default)) then
          return false;
        end if;
      elsif jsonb_typeof(var_default) <> var_type then
        -- string, number and boolean are also the names jsonb_typeof gives those values.
        return false;
      end if;
    end if;
  end loop;

  return true;
end;
$$;

comment on function private.is_valid_prompt_variables(jsonb) is
  'True when the jsonb is a valid list of typed prompt variables (used by a check constraint).';

-- A version's model settings: { model?, temperature? (0..2), max_tokens? (integer > 0) }.
create function private.is_valid_model_config(config jsonb)
returns boolean
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  if config is null or jsonb_typeof(config) <> 'object' then
    return false;
  end if;
  if exists (
    select 1 from jsonb_object_keys(config) as k (key)
    where k.key not in ('model', 'temperature', 'max_tokens')
  ) then
    return false;
  end if;
  if config ? 'model' then
    if jsonb_typeof(config -> 'model') <> 'string' or char_length(config ->> 'model') not between 1 and 200 then
      return false;
    end if;
  end if;
  if config ? 'temperature' then
    if jsonb_typeof(config -> 'temperature') <> 'number'
      or (config ->> 'temperature')::numeric not between 0 and 2 then
      return false;
    end if;
  end if;
  if config ? 'max_tokens' then
    if jsonb_typeof(config -> 'max_tokens') <> 'number' then
      return false;
    end if;
    if (config ->> 'max_tokens')::numeric <= 0
      or (config ->> 'max_tokens')::numeric <> trunc((config ->> 'max_tokens')::numeric)
      or (config ->> 'max_tokens')::numeric > 10000000 then
      return false;
    end if;
  end if;
  return true;
end;
$$;

comment on function private.is_valid_model_config(jsonb) is
  'True when the jsonb is a valid model config {model, temperature 0..2, max_tokens > 0}.';

-- PostgreSQL checks execute on a function in a CHECK as the role that writes the row, so the
-- roles that write prompt_versions keep it.
revoke all on function private.is_valid_prompt_variables(jsonb) from public, anon;
grant execute on function private.is_valid_prompt_variables(jsonb) to authenticated, service_role;
revoke all on function private.is_valid_model_config(jsonb) from public, anon;
grant execute on function private.is_valid_model_config(jsonb) to authenticated, service_role;
