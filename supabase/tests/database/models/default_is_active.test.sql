-- The system default model is always active: the table refuses to retire it, or to make a
-- retired model the default, whoever writes (here the table's owner, as Studio would).
begin;
select plan(4);

select throws_ok(
  $$update public.models set is_active = false where is_default$$,
  '23514', null, 'the default model cannot be retired');
update public.models set is_active = false where id = 'openai/o3';
update public.models set is_default = false where is_default;
select throws_ok(
  $$update public.models set is_default = true where id = 'openai/o3'$$,
  '23514', null, 'a retired model cannot become the default');
update public.models set is_default = true where id = 'openai/gpt-4o';
select is((select id from public.models where is_default), 'openai/gpt-4o',
  'an active model can become the default');
update public.models set is_active = false where id = 'openai/gpt-4o-mini';
select is((select is_active from public.models where id = 'openai/gpt-4o-mini'), false,
  'the former default can be retired once another model is the default');

select * from finish();
rollback;
