-- assemble_framework: the deterministic framework assembly, for each of the nine frameworks
-- (its example assembles to its components in order under their labels; each required
-- component left out is a 422 naming it), plus tone, length, vibe coding and refusals.
begin;
select plan(25);

select tests.create_supabase_user('asm_user');
select tests.authenticate_as('asm_user');

-- Per framework: its example, assembled, is each component under its label in order.
select is(
  public.assemble_framework(f.name, f.examples -> 0 -> 'components'),
  (select string_agg('# ' || (c ->> 'label') || E'\n' || (c ->> 'example'), E'\n\n' order by o)
    from jsonb_array_elements(f.components) with ordinality as x (c, o)),
  f.display_name || ' assembles its components in order under their labels')
from public.prompt_frameworks f order by f.sort_order;

-- Per framework: leaving out every required component names each of them.
create function pg_temp.missing_fields(fw text) returns jsonb language plpgsql as $$
declare d text; h text;
begin
  perform public.assemble_framework(fw, '{}');
  return null;
exception when others then
  get stacked diagnostics d = pg_exception_detail, h = pg_exception_hint;
  return jsonb_build_object('hint', h, 'fields', d::jsonb -> 'fields');
end $$;
select is(pg_temp.missing_fields(f.name),
  jsonb_build_object('hint', 'component_missing', 'fields', (select jsonb_agg(jsonb_build_object(
      'field', 'components.' || (c ->> 'name'), 'message', (c ->> 'label') || ' is required')
      order by o)
    from jsonb_array_elements(f.components) with ordinality as x (c, o)
    where (c -> 'required')::boolean)),
  f.display_name || ': each missing required component is named')
from public.prompt_frameworks f order by f.sort_order;

select is(public.assemble_framework('ape',
    '{"action":"Write a haiku about {{topic}}","purpose":"Fun","expectation":"17 syllables"}',
    'friendly', 'short', true),
  E'# Action\nWrite a haiku about {{topic}}\n\n# Purpose\nFun\n\n# Expectation\n17 syllables'
  || E'\n\n# Style\nUse a friendly tone.\nKeep the answer short: a few sentences or a brief list.'
  || E'\nVibe coding: keep it loose and code-first. Sketch working code quickly, iterate in small'
  || ' steps, and explain only what is needed to run it.',
  'tone, length and vibe coding add a style section');
select is(public.assemble_framework('care',
    '{"context":"c","action":"a","result":"r","example":"  "}', null, 'long'),
  E'# Context\nc\n\n# Action\na\n\n# Result\nr\n\n# Style\nGive a thorough answer, with detail and examples.',
  'an empty optional component is left out');
select throws_ok($$select public.assemble_framework('ape', '{"action":"a","purpose":"p"}')$$,
  'PL422', 'A.P.E is missing required components: Expectation', 'the message names what is missing');
select throws_ok($$select public.assemble_framework('ape',
    '{"action":"a","purpose":"p","expectation":"e","colour":"red"}')$$,
  'PL422', 'A.P.E has no component colour', 'an unknown component is refused');
select throws_ok($$select public.assemble_framework('nope', '{}')$$, 'PL404', null,
  'an unknown framework is not found');
select tests.clear_authentication();
update public.prompt_frameworks set enabled = false where name = 'tag';
select tests.authenticate_as('asm_user');
select throws_ok($$select public.assemble_framework('tag', '{"task":"t","action":"a","goal":"g"}')$$,
  'PL404', null, 'a disabled framework is not found for a user');
select tests.authenticate_as_anon();
select throws_ok($$select public.assemble_framework('ape', '{}')$$, '42501', null,
  'anon cannot assemble');

select * from finish();
rollback;
