-- run_cost in PL/pgSQL instead of SQL. A SQL function with a SET clause (set search_path, which
-- every function here has) is never inlined, and PostgreSQL 15 parses and plans its body again
-- on every call: run_cost runs twice per run (the cost trigger on start and on finish), and that
-- parsing showed in profiles of the run path. PL/pgSQL keeps the expression's plan for the
-- session. Same arithmetic, same results (pinned by the pgTAP tests of run_cost).
create or replace function public.run_cost(token_usage jsonb, price_snapshot jsonb)
returns numeric
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  if token_usage is null or price_snapshot is null then
    return null;
  end if;
  return round((
    greatest(coalesce((token_usage ->> 'prompt_tokens')::numeric, 0)
      - coalesce((token_usage ->> 'cached_tokens')::numeric, 0), 0)
      * (price_snapshot ->> 'price_per_1k_input')::numeric
    + coalesce((token_usage ->> 'cached_tokens')::numeric, 0)
      * coalesce((price_snapshot ->> 'price_per_1k_cached_input')::numeric,
                 (price_snapshot ->> 'price_per_1k_input')::numeric)
    + coalesce((token_usage ->> 'completion_tokens')::numeric, 0)
      * (price_snapshot ->> 'price_per_1k_output')::numeric
  ) / 1000, 8);
end;
$$;
