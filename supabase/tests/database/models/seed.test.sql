-- Reference data shipped by the migrations: providers with limits, seed 003's models with
-- prices, and the stand-in model with small nonzero prices for cost arithmetic.
begin;
select plan(10);

select is((select count(*)::int from public.providers), 5, 'five providers are seeded');
select is((select id from public.providers where is_standin), 'standin', 'exactly one provider is the stand-in');
select is((select base_url from public.providers where id = 'standin'), 'http://127.0.0.1:54390/v1',
  'the stand-in points at the local LLM stand-in');
select is((select count(*)::int from public.providers where not is_standin
    and (requests_per_minute is null or requests_per_day is null or tokens_per_minute is null)),
  0, 'every real provider has request and token limits');
select is((select coalesce(requests_per_minute, requests_per_day, tokens_per_minute)
    from public.providers where is_standin), null, 'the local stand-in has none (nothing to protect)');
select cmp_ok((select count(*)::int from public.models
  where price_per_1k_input > 0 and price_per_1k_output > 0 and provider_id <> 'standin'),
  '>=', 10, 'at least ten real models are seeded with prices');
select results_eq(
  $$select price_per_1k_input, price_per_1k_output, price_per_1k_cached_input, tier::text
    from public.models where id = 'openai/gpt-4o-mini'$$,
  $$values (0.0003::numeric, 0.0012::numeric, 0.00015::numeric, 'low')$$,
  'gpt-4o-mini carries seed 003''s prices per 1k tokens');
select results_eq(
  $$select provider_id, price_per_1k_input > 0, price_per_1k_output > 0 from public.models where id = 'standin/echo'$$,
  $$values ('standin', true, true)$$,
  'the stand-in model has nonzero prices so cost math is testable');
select is((select count(*)::int from public.models where price_per_1k_cached_input > price_per_1k_input),
  0, 'cached input never costs more than input');
select throws_ok(
  $$insert into public.models (id, provider_id, provider_model_id, display_name, tier,
      price_per_1k_input, price_per_1k_output, price_per_1k_cached_input)
    values ('x/y', 'openai', 'y', 'Y', 'low', 0.001, 0.002, 0.01)$$,
  '23514', null, 'a cached price above the input price is rejected');

select * from finish();
rollback;
