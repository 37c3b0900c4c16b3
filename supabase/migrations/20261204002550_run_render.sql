-- Rendering a version for a run (seed 000's typed {{variables}}): the caller's values are checked
-- against the version's typed variables (type, enum options, required, defaults) and substituted
-- for `{{name}}`. Every problem is reported at once, naming the field, so a form can mark all of
-- them: the error's detail is the API's `{"fields": [{field, message}]}`. A placeholder nobody
-- declared is a bug in the prompt, refused rather than sent as "{{x}}".
-- In SQL so that a run is prepared, rendered and recorded by one statement.

create function private.render_prompt(
  p_template text,
  p_variables jsonb,
  p_given jsonb,
  out rendered text,
  out used jsonb
)
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  placeholder constant text := '\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}';
  given jsonb := coalesce(p_given, '{}');
  defs jsonb := coalesce(p_variables, '[]');
  errors jsonb := '[]';
  def jsonb;
  field text;
  value jsonb;
  problem text;
  name text;
  names text[];
begin
  used := '{}';
  for name in select k from jsonb_object_keys(given) k loop
    if not exists (select 1 from jsonb_array_elements(defs) d where d ->> 'name' = name) then
      errors := errors || jsonb_build_object('field', 'variables.' || name,
        'message', 'this version has no such variable');
    end if;
  end loop;

  for def in select d from jsonb_array_elements(defs) d loop
    field := 'variables.' || (def ->> 'name');
    value := given -> (def ->> 'name');
    if value is null or jsonb_typeof(value) = 'null' then
      value := def -> 'default';
    end if;
    if value is null or jsonb_typeof(value) = 'null' then
      if coalesce((def ->> 'required')::boolean, false) then
        errors := errors || jsonb_build_object('field', field, 'message', 'required');
      end if;
      continue;
    end if;
    problem := case def ->> 'type'
      when 'string' then case when jsonb_typeof(value) = 'string' then null
        else 'must be a string' end
      when 'number' then case when jsonb_typeof(value) = 'number' then null
        else 'must be a number' end
      when 'boolean' then case when jsonb_typeof(value) = 'boolean' then null
        else 'must be true or false' end
      when 'enum' then case when jsonb_typeof(value) = 'string'
          and coalesce(def -> 'options', '[]') ? (value #>> '{}') then null
        else 'must be one of ' || coalesce((select string_agg(o::text, ', ' order by n)
          from jsonb_array_elements(def -> 'options') with ordinality as x (o, n)), '') end
    end;
    if problem is not null then
      errors := errors || jsonb_build_object('field', field, 'message', problem);
    else
      used := used || jsonb_build_object(def ->> 'name', value);
    end if;
  end loop;

  -- The placeholders in order of use; the template's one regex match pass.
  names := array(select m[1] from regexp_matches(coalesce(p_template, ''), placeholder, 'g')
    with ordinality as x (m, i) order by i);
  for name in select distinct u from unnest(names) u loop
    if not exists (select 1 from jsonb_array_elements(defs) d where d ->> 'name' = name) then
      errors := errors || jsonb_build_object('field', 'content',
        'message', format('{{%s}} is used in the prompt but is not one of its variables', name));
    end if;
  end loop;

  if jsonb_array_length(errors) > 0 then
    raise exception 'invalid variables: %', (select string_agg(
        (e ->> 'field') || ': ' || (e ->> 'message'), '; ') from jsonb_array_elements(errors) e)
      using errcode = 'PL422', hint = 'validation_failed',
        detail = jsonb_build_object('fields', errors)::text;
  end if;

  -- The literal parts around the placeholders, interleaved with the values (a value not given
  -- and without default renders empty). Linear in the template.
  select string_agg(p.part || coalesce(used ->> m.name, ''), '' order by p.n)
    into rendered
  from unnest(regexp_split_to_array(coalesce(p_template, ''), placeholder))
    with ordinality as p (part, n)
  left join unnest(names) with ordinality as m (name, i) on m.i = p.n;
end;
$$;

comment on function private.render_prompt(text, jsonb, jsonb) is
  'A version''s template rendered with the caller''s values; raises PL422 naming every bad field.';

revoke all on function private.render_prompt(text, jsonb, jsonb) from public, anon, authenticated;
