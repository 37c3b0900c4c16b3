-- user_settings.default_model must name an active model when it is chosen.
begin;
select plan(4);

select tests.create_supabase_user('settings_owner');
insert into public.models (id, provider_id, provider_model_id, display_name, tier,
  price_per_1k_input, price_per_1k_output)
values ('openai/retired-model', 'openai', 'retired', 'Retired', 'low', 0.001, 0.002);
update public.models set is_active = false where id = 'openai/retired-model';

select tests.authenticate_as('settings_owner');
select lives_ok($$update public.user_settings set default_model = 'openai/gpt-4o'$$,
  'an active model can be chosen');
select throws_ok($$update public.user_settings set default_model = 'openai/nope'$$,
  'PL422', 'model openai/nope is not an active model', 'an unknown model is refused');
select throws_ok($$update public.user_settings set default_model = 'openai/retired-model'$$,
  'PL422', null, 'a retired model is refused');
select lives_ok($$update public.user_settings set default_model = null, theme = 'dark'$$,
  'clearing the choice is allowed');

select * from finish();
rollback;
