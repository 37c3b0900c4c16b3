-- What a run record holds (seed 000 runs, 001 test_results, 002 executions, 004 prompt_history):
-- the version and variables it rendered, where it was sent and with whose key, the settings,
-- the price row it is billed at, an idempotency key, validation results and attempts. Cost is
-- computed here, from the price snapshot and token usage, never taken from the caller.

alter table public.runs
  add column version_id uuid references public.prompt_versions (id) on delete set null,
  -- No foreign key: a run is history and outlives providers (and custom LLM_BASE_URL ones).
  add column provider_id text check (provider_id is null or provider_id ~ '^[a-z][a-z0-9_-]{0,49}$'),
  add column key_source text check (key_source in ('user', 'project', 'standin')),
  add column variables jsonb not null default '{}'::jsonb
    check (jsonb_typeof(variables) = 'object'),
  add column resolved_prompt text check (resolved_prompt is null or char_length(resolved_prompt) <= 1000000),
  add column temperature numeric(3, 2) check (temperature is null or temperature between 0 and 2),
  add column max_tokens integer check (max_tokens is null or max_tokens > 0),
  add column cost_usd numeric(14, 8) check (cost_usd is null or cost_usd >= 0),
  add column price_snapshot jsonb check (price_snapshot is null or jsonb_typeof(price_snapshot) = 'object'),
  add column idempotency_key text check (idempotency_key is null or char_length(idempotency_key) between 1 and 255),
  add column validation_status text check (validation_status in ('passed', 'failed', 'skipped')),
  add column validation_results jsonb check (validation_results is null or jsonb_typeof(validation_results) = 'array'),
  add column attempts integer not null default 0 check (attempts >= 0),
  -- How long the API waits for the provider; the sweep uses it to find abandoned runs.
  add column timeout_ms integer check (timeout_ms is null or timeout_ms > 0),
  add column streamed boolean not null default false;

comment on column public.runs.price_snapshot is 'The models row prices the run is billed at, copied when it started: {model_id, price_per_1k_input, price_per_1k_output, price_per_1k_cached_input}.';
comment on column public.runs.cost_usd is 'Computed by public.run_cost from token_usage and price_snapshot (trigger); never set by callers.';
comment on column public.runs.output is 'The model''s text as a jsonb string.';

-- Same key, same user: the same run (retries of a POST never run twice).
create unique index runs_user_idempotency_key on public.runs (user_id, idempotency_key)
  where idempotency_key is not null;
create index runs_version_idx on public.runs (version_id);
-- The sweep looks only at running runs.
create index runs_running_started_idx on public.runs (started_at) where status = 'running';

-- USD for a run: (prompt - cached) x input + cached x cached-input + completion x output, per
-- 1 000 tokens, exact numeric. Cached input falls back to the input price when a model has none;
-- reasoning tokens are already part of completion tokens (OpenAI's accounting), so not added.
create function public.run_cost(token_usage jsonb, price_snapshot jsonb)
returns numeric
language sql
immutable
security invoker
set search_path = ''
as $$
  select case
    when token_usage is null or price_snapshot is null then null
    else round((
      greatest(coalesce((token_usage ->> 'prompt_tokens')::numeric, 0)
        - coalesce((token_usage ->> 'cached_tokens')::numeric, 0), 0)
        * (price_snapshot ->> 'price_per_1k_input')::numeric
      + coalesce((token_usage ->> 'cached_tokens')::numeric, 0)
        * coalesce((price_snapshot ->> 'price_per_1k_cached_input')::numeric,
                   (price_snapshot ->> 'price_per_1k_input')::numeric)
      + coalesce((token_usage ->> 'completion_tokens')::numeric, 0)
        * (price_snapshot ->> 'price_per_1k_output')::numeric
    ) / 1000, 8)
  end
$$;

comment on function public.run_cost(jsonb, jsonb) is
  'USD cost of token usage at a price snapshot (per 1k tokens; cached input at its own price).';

-- The price a run is billed at is fixed when it starts, and the cost always follows from it.
create function public.compute_run_cost()
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
  new.cost_usd := public.run_cost(new.token_usage, new.price_snapshot);
  return new;
end;
$$;

create trigger runs_compute_cost before insert or update on public.runs
  for each row execute function public.compute_run_cost();
