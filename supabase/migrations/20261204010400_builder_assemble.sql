-- Building a prompt with a framework (seed 004) is a rule over the framework's data, so it is
-- SQL: each component the user filled, in the framework's order, under its label; then the
-- style asked for (tone, length, vibe coding). No model is involved. A required component left
-- empty is refused (422 component_missing) naming each missing one; an unknown one too.
-- security invoker: reads the frameworks as the caller (enabled ones, by RLS).
create function public.assemble_framework(
  framework text,
  components jsonb,
  tone public.builder_tone default null,
  length public.builder_length default null,
  vibe_coding boolean default false
)
returns text
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  f public.prompt_frameworks;
  missing jsonb;
  unknown text;
  body text;
  style text[] := '{}';
begin
  select * into f from public.prompt_frameworks x where x.name = assemble_framework.framework;
  if f.name is null then
    raise exception 'framework % not found', assemble_framework.framework
      using errcode = 'PL404', hint = 'framework_not_found';
  end if;
  if jsonb_typeof(coalesce(components, '{}')) <> 'object' then
    raise exception 'components must be an object of component names to text'
      using errcode = 'PL422', hint = 'validation_failed',
        detail = '{"fields":[{"field":"components","message":"an object"}]}';
  end if;
  select k into unknown from jsonb_object_keys(components) k
  where not exists (select 1 from jsonb_array_elements(f.components) c where c ->> 'name' = k)
  order by k limit 1;
  if unknown is not null then
    raise exception '% has no component %', f.display_name, unknown
      using errcode = 'PL422', hint = 'validation_failed',
        detail = jsonb_build_object('fields', jsonb_build_array(jsonb_build_object(
          'field', 'components.' || unknown, 'message', 'not a component of ' || f.display_name)))::text;
  end if;

  select jsonb_agg(jsonb_build_object('field', 'components.' || (c ->> 'name'),
      'message', (c ->> 'label') || ' is required') order by o)
    into missing
  from jsonb_array_elements(f.components) with ordinality as x (c, o)
  where (c -> 'required')::boolean
    and coalesce(btrim(components ->> (c ->> 'name')), '') = '';
  if missing is not null then
    raise exception '% is missing required components: %', f.display_name,
        (select string_agg(replace(m ->> 'message', ' is required', ''), ', ')
          from jsonb_array_elements(missing) m)
      using errcode = 'PL422', hint = 'component_missing',
        detail = jsonb_build_object('fields', missing)::text;
  end if;
  if exists (select 1 from jsonb_each_text(components) e where char_length(e.value) > 5000) then
    raise exception 'a component is over 5000 characters'
      using errcode = 'PL422', hint = 'validation_failed',
        detail = (select jsonb_build_object('fields', jsonb_agg(jsonb_build_object(
            'field', 'components.' || e.key, 'message', 'at most 5000 characters')))::text
          from jsonb_each_text(components) e where char_length(e.value) > 5000);
  end if;

  select string_agg('# ' || (c ->> 'label') || E'\n' || btrim(components ->> (c ->> 'name')),
      E'\n\n' order by o)
    into body
  from jsonb_array_elements(f.components) with ordinality as x (c, o)
  where coalesce(btrim(components ->> (c ->> 'name')), '') <> '';

  if tone is not null then
    style := style || format('Use a %s tone.', tone);
  end if;
  if length is not null then
    style := style || case length
      when 'short' then 'Keep the answer short: a few sentences or a brief list.'
      when 'medium' then 'Keep the answer to a few paragraphs.'
      else 'Give a thorough answer, with detail and examples.'
    end;
  end if;
  if coalesce(vibe_coding, false) then
    style := style || 'Vibe coding: keep it loose and code-first. Sketch working code quickly, '
      'iterate in small steps, and explain only what is needed to run it.'::text;
  end if;
  if cardinality(style) > 0 then
    body := body || E'\n\n# Style\n' || array_to_string(style, E'\n');
  end if;
  return body;
end;
$$;
comment on function public.assemble_framework(text, jsonb, public.builder_tone, public.builder_length, boolean) is
  'Seed 004''s framework assembly, deterministic: the filled components in order under their labels, then tone, length and vibe coding; 422 component_missing names each missing required component.';
revoke execute on function public.assemble_framework(text, jsonb, public.builder_tone, public.builder_length, boolean) from public, anon;
grant execute on function public.assemble_framework(text, jsonb, public.builder_tone, public.builder_length, boolean) to authenticated, service_role;
