-- Column rules: typed variables, model config, published_at, the goal's length, and names
-- unique per user ignoring case.
begin;
select plan(30);

-- variables
select ok(private.is_valid_prompt_variables('[]'), 'no variables is valid');
select ok(private.is_valid_prompt_variables($$[
  {"name": "topic", "type": "string", "required": true, "description": "what to write about"},
  {"name": "words", "type": "number", "default": 300},
  {"name": "formal", "type": "boolean", "default": false},
  {"name": "tone", "type": "enum", "options": ["warm", "dry"], "default": "dry"}
]$$), 'a list of every type, with matching defaults, is valid');
select ok(not private.is_valid_prompt_variables('{"name": "x", "type": "string"}'), 'variables must be an array');
select ok(not private.is_valid_prompt_variables('[{"name": "2fast", "type": "string"}]'), 'a name must be an identifier');
select ok(not private.is_valid_prompt_variables('[{"type": "string"}]'), 'a name is required');
select ok(not private.is_valid_prompt_variables(jsonb_build_array(jsonb_build_object('name', 'e',
    'type', 'enum', 'options', (select jsonb_agg('o' || i) from generate_series(1, 101) i)))),
  'an enum has at most 100 options');
select ok(not private.is_valid_prompt_variables(jsonb_build_array(jsonb_build_object('name', 's',
    'type', 'string', 'default', repeat('d', 90000)))), 'the variables are bounded as a whole');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "string"}, {"name": "a", "type": "number"}]'),
  'names are unique');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "date"}]'), 'the type must be a known one');
select ok(not private.is_valid_prompt_variables('[{"name": "a"}]'), 'a type is required');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "number", "default": "ten"}]'),
  'a number default must be a number');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "boolean", "default": "true"}]'),
  'a boolean default must be a boolean');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "string", "default": 5}]'),
  'a string default must be a string');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "enum"}]'), 'an enum needs options');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "enum", "options": []}]'),
  'an enum needs at least one option');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "enum", "options": ["x"], "default": "y"}]'),
  'an enum default must be one of the options');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "string", "options": ["x"]}]'),
  'only enums have options');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "string", "requird": true}]'),
  'unknown keys are refused');
select ok(not private.is_valid_prompt_variables('[{"name": "a", "type": "string", "required": "yes"}]'),
  'required must be a boolean');

-- model config
select ok(private.is_valid_model_config('{"model": "gpt-4o-mini", "temperature": 0.7, "max_tokens": 512}'),
  'a full model config is valid');
select ok(not private.is_valid_model_config('{"temperature": 2.5}'), 'temperature is at most 2');
select ok(not private.is_valid_model_config('{"temperature": "hot"}'), 'temperature is a number');
select ok(not private.is_valid_model_config('{"max_tokens": 0}'), 'max_tokens is positive');
select ok(not private.is_valid_model_config('{"max_tokens": 1.5}'), 'max_tokens is an integer');

-- the constraints use them
select tests.create_supabase_user('vd_user');
select tests.authenticate_as('vd_user');
insert into public.prompts (title) values ('Checked');
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content, variables)
    select id, 'x', '[{"name": "a", "type": "enum", "options": ["x"], "default": "y"}]' from public.prompts$$,
  '23514', null, 'a version with invalid variables is refused');
select throws_ok(
  $$insert into public.prompt_versions (prompt_id, content, model_config)
    select id, 'x', '{"temperature": -1}' from public.prompts$$,
  '23514', null, 'a version with an invalid model config is refused');

-- prompts
select throws_ok($$update public.prompts set status = 'published'$$, '23514', null,
  'a published prompt needs published_at');
update public.prompts set status = 'published', published_at = now();
select is((select status::text from public.prompts), 'published', 'publishing with a date works');
select throws_ok($$update public.prompts set description = repeat('g', 2001)$$, '23514', null,
  'the goal has at most 2000 characters');

-- names
insert into public.catalogs (name) values ('Writing');
select throws_ok($$insert into public.catalogs (name) values ('WRITING')$$, '23505', null,
  'catalog names are unique per user ignoring case');

select * from finish();
rollback;
