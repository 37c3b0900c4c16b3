-- private.render_prompt: a version's template rendered with the caller's values. Values and
-- defaults are substituted with or without spaces in the braces; an optional variable without a
-- value renders empty; every problem is named at once (PL422, hint validation_failed, the fields
-- in the detail); null means not given; a placeholder nobody declared is refused.
begin;
select plan(10);

create function pg_temp.defs() returns jsonb language sql as $$
  select '[{"name":"who","type":"string","required":true},
    {"name":"n","type":"number","default":2},
    {"name":"loud","type":"boolean"},
    {"name":"tone","type":"enum","options":["warm","dry"],"default":"dry"}]'::jsonb $$;
create function pg_temp.fields(template text, given jsonb) returns text[]
language plpgsql as $$
begin
  perform private.render_prompt(template, pg_temp.defs(), given);
  return null;
exception when sqlstate 'PL422' then
  declare d text; h text;
  begin
    get stacked diagnostics d = pg_exception_detail, h = pg_exception_hint;
    if h <> 'validation_failed' then return array['hint ' || h]; end if;
    return array(select f ->> 'field' from jsonb_array_elements(d::jsonb -> 'fields') f
      order by 1);
  end;
end $$;

select results_eq($$select rendered, used from private.render_prompt(
    'Hi {{who}}, {{ n }} {{tone}} {{loud}}!', pg_temp.defs(), '{"who":"Ann","loud":true}')$$,
  $$values ('Hi Ann, 2 dry true!'::text,
    '{"who":"Ann","n":2,"loud":true,"tone":"dry"}'::jsonb)$$,
  'substitutes values and defaults, with or without spaces in the braces');
select is((select rendered from private.render_prompt('[{{loud}}]', pg_temp.defs(), '{"who":"x"}')),
  '[]', 'an optional variable without value or default renders empty');
select is(pg_temp.fields('{{who}} {{ghost}}', '{"n":"2","loud":"yes","tone":"hot","extra":1}'),
  array['content', 'variables.extra', 'variables.loud', 'variables.n', 'variables.tone',
    'variables.who'], 'every problem is named at once');
select throws_ok($$select private.render_prompt('{{tone}}', pg_temp.defs(),
    '{"who":"a","tone":"hot"}')$$, 'PL422',
  'invalid variables: variables.tone: must be one of "warm", "dry"',
  'the message names the field and what is wrong');
select is((select rendered from private.render_prompt('{{n}}', pg_temp.defs(),
    '{"who":"a","n":null}')), '2', 'null means not given: the default');
select is(pg_temp.fields('', '{"who":"a","n":"3"}'), array['variables.n'],
  'a number given as a string is not a number');
select is((select rendered from private.render_prompt('no placeholders', '[]', '{}')),
  'no placeholders', 'a template without placeholders renders as it is');
select is((select rendered from private.render_prompt('{{a}}{{a}}-{{b}}',
    '[{"name":"a","type":"string"},{"name":"b","type":"boolean"}]', '{"a":"x","b":false}')),
  'xx-false', 'a placeholder used twice gets its value twice');
select is((select md5(rendered) from private.render_prompt(repeat('{{x}} ', 5000),
    '[{"name":"x","type":"string"}]', '{"x":"v"}')), md5(repeat('v ', 5000)),
  'thousands of placeholders render in order');
select tests.create_supabase_user('render_user');
select tests.authenticate_as('render_user');
select throws_ok($$select private.render_prompt('x', '[]', '{}')$$, '42501', null,
  'a signed-in user cannot call it directly');

select * from finish();
rollback;
