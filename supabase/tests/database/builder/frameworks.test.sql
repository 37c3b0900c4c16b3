-- prompt_frameworks: the nine seeded with their components; RLS (signed-in users read enabled
-- ones, admins write and see disabled ones, anon nothing); user_settings.framework is a foreign
-- key to a framework.
begin;
select plan(16);

select results_eq(
  $$select name, display_name, jsonb_array_length(components) from public.prompt_frameworks
    order by sort_order$$,
  $$values ('roses', 'R.O.S.E.S', 5), ('ape', 'A.P.E', 3), ('tag', 'T.A.G', 3),
    ('era', 'E.R.A', 3), ('race', 'R.A.C.E', 4), ('rise', 'R.I.S.E', 4), ('care', 'C.A.R.E', 4),
    ('coast', 'C.O.A.S.T', 5), ('trace', 'T.R.A.C.E', 5)$$,
  'the nine frameworks are seeded in order with their components');
select is((select count(*)::int from public.prompt_frameworks f,
    jsonb_array_elements(f.components) c
  where c ->> 'name' <> '' and c ->> 'label' <> '' and c ->> 'guidance' <> ''
    and jsonb_typeof(c -> 'required') = 'boolean' and c ->> 'example' <> ''),
  36, 'every component has a name, label, guidance, required flag and example');
select ok((select bool_and(f.enabled and f.template <> '' and f.description <> ''
    and jsonb_array_length(f.examples) = 1) from public.prompt_frameworks f),
  'each is enabled with a template, description and an example');
select throws_ok(
  $$insert into public.prompt_frameworks (name, display_name, description, components, template)
    values ('bad', 'Bad', 'd', '[{"name":"x"}]', 't')$$,
  '23514', null, 'components must be written out in full');

select tests.create_supabase_user('fw_user');
select tests.create_supabase_user('fw_admin');
update public.profiles set role = 'admin' where id = tests.get_supabase_uid('fw_admin');
update public.prompt_frameworks set enabled = false where name = 'trace';

select tests.authenticate_as('fw_user');
select is((select count(*)::int from public.prompt_frameworks), 8,
  'a user reads the enabled frameworks only');
update public.prompt_frameworks set display_name = 'Hacked' where name = 'ape';
select is((select display_name from public.prompt_frameworks where name = 'ape'), 'A.P.E',
  'a user cannot update a framework');
select throws_ok(
  $$insert into public.prompt_frameworks (name, display_name, description, components, template)
    values ('mine', 'Mine', 'd', '[{"name":"x","label":"X","guidance":"g","required":true,"example":"e"}]', 't')$$,
  '42501', null, 'a user cannot add a framework');
delete from public.prompt_frameworks where name = 'ape';
select tests.clear_authentication();
select is((select count(*)::int from public.prompt_frameworks where name = 'ape'), 1,
  'a user cannot delete a framework');

select tests.authenticate_as('fw_admin');
select is((select count(*)::int from public.prompt_frameworks), 9,
  'an admin sees disabled frameworks too');
update public.prompt_frameworks set sort_order = 1 where name = 'trace';
update public.prompt_frameworks set enabled = true where name = 'trace';
select results_eq(
  $$select name, enabled from public.prompt_frameworks order by sort_order limit 1$$,
  $$values ('trace', true)$$, 'an admin reorders and enables a framework');

select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.prompt_frameworks$$, '42501', null,
  'anon reads no framework');

-- The default framework: a framework's name or nothing.
select tests.authenticate_as('fw_user');
update public.user_settings set framework = 'rise';
select is((select framework from public.user_settings), 'rise',
  'the default framework is set to a framework');
select throws_ok($$update public.user_settings set framework = 'nope'$$, 'PL422',
  'framework nope is not an available framework', 'a default framework must name a framework');
select tests.clear_authentication();
select fk_ok('public', 'user_settings', 'framework', 'public', 'prompt_frameworks', 'name',
  'user_settings.framework references prompt_frameworks');
update public.prompt_frameworks set name = 'rise2' where name = 'rise';
select is((select framework from public.user_settings
  where user_id = tests.get_supabase_uid('fw_user')), 'rise2', 'a renamed framework follows');
delete from public.prompt_frameworks where name = 'rise2';
select is((select framework from public.user_settings
  where user_id = tests.get_supabase_uid('fw_user')), null, 'a deleted framework clears it');

select * from finish();
rollback;
