-- What a run costs: computed from its price snapshot and token usage by a trigger, never taken
-- from the caller, and the snapshot a run is billed at cannot change once set.

-- USD for a run: (prompt - cached) x input + cached x cached-input + completion x output, per
-- 1 000 tokens, exact numeric. Cached input falls back to the input price when a model has none;
-- reasoning tokens are already part of completion tokens (OpenAI's accounting), so not added.
-- PL/pgSQL rather than SQL: a SQL function with a SET clause (every function here has one) is
-- never inlined and is parsed and planned again on every call, where PL/pgSQL keeps its plan for
-- the session; the cost trigger calls it on every write of a run.
create function private.run_cost(token_usage jsonb, price_snapshot jsonb)
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

comment on function private.run_cost(jsonb, jsonb) is
  'USD cost of token usage at a price snapshot (per 1k tokens; cached input at its own price).';
-- The cost trigger runs as the writer of the run, and calls it as the writer: the run functions
-- (as their owner) or service_role; callers (authenticated) write no runs.
revoke all on function private.run_cost(jsonb, jsonb) from public, anon, authenticated;
grant execute on function private.run_cost(jsonb, jsonb) to service_role;

-- The price a run is billed at is fixed when it starts, and the cost always follows from it.
create function private.compute_run_cost()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.price_snapshot is distinct from old.price_snapshot
    and old.price_snapshot is not null then
    raise exception 'a run''s price snapshot cannot change'
      using errcode = 'PL409', hint = 'price_snapshot_immutable';
  end if;
  new.cost_usd := private.run_cost(new.token_usage, new.price_snapshot);
  return new;
end;
$$;
-- Trigger functions need no execute privilege to fire: nobody calls them directly.
revoke all on function private.compute_run_cost() from public, anon, authenticated;

create trigger runs_compute_cost before insert or update on public.runs
  for each row execute function private.compute_run_cost();
