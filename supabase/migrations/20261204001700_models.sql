-- Models (seed 003's models): what runs can use, at what price, with which capabilities.
-- Ids are OpenRouter's ('vendor/model'), so an OpenRouter key can run any of them as is;
-- provider_model_id is the name the vendor's own API expects when the user has that key.

create type public.model_tier as enum ('top', 'mid', 'low');

create table public.models (
  id text primary key check (id ~ '^[a-z0-9][a-z0-9_-]*/[A-Za-z0-9][A-Za-z0-9._:-]*$'
    and char_length(id) <= 200),
  provider_id text not null references public.providers (id) on update cascade,
  provider_model_id text not null check (char_length(provider_model_id) between 1 and 200),
  display_name text not null check (char_length(display_name) between 1 and 100),
  tier public.model_tier not null,
  -- USD per 1 000 tokens. Cached input is what a prompt-cache hit costs instead of input.
  price_per_1k_input numeric(12, 8) not null check (price_per_1k_input >= 0),
  price_per_1k_output numeric(12, 8) not null check (price_per_1k_output >= 0),
  price_per_1k_cached_input numeric(12, 8) check (price_per_1k_cached_input is null
    or price_per_1k_cached_input between 0 and price_per_1k_input),
  max_context_tokens integer check (max_context_tokens is null or max_context_tokens > 0),
  supports_tools boolean not null default false,
  supports_streaming boolean not null default true,
  supports_structured_output boolean not null default false,
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- The system default model, the last step of a run's model cascade: data an admin can change
  -- in Studio.
  is_default boolean not null default false
);
comment on table public.models is 'LLM models runs can use: price per 1k tokens, tier, capabilities.';
comment on column public.models.is_default is
  'The model a run uses when neither the request, the version nor the user names one.';

create index models_provider_id_idx on public.models (provider_id);
create unique index models_one_default on public.models (is_default) where is_default;

create trigger models_set_updated_at before update on public.models
  for each row execute function private.set_updated_at();

-- Seed 003's ten models at its prices; cached input at each vendor's discount (Anthropic
-- 10 %, OpenAI 25-50 %, Gemini 25 %). standin/echo has small nonzero prices so that cost
-- arithmetic is exercised by local runs.
insert into public.models
  (id, provider_id, provider_model_id, display_name, tier, price_per_1k_input,
   price_per_1k_output, price_per_1k_cached_input, max_context_tokens, supports_tools,
   supports_structured_output)
values
  ('anthropic/claude-opus-4', 'anthropic', 'claude-opus-4-0', 'Claude Opus 4', 'top',
    0.015, 0.075, 0.0015, 200000, true, true),
  ('anthropic/claude-sonnet-4', 'anthropic', 'claude-sonnet-4-0', 'Claude Sonnet 4', 'mid',
    0.003, 0.015, 0.0003, 200000, true, true),
  ('anthropic/claude-3.5-haiku', 'anthropic', 'claude-3-5-haiku-latest', 'Claude Haiku 3.5',
    'low', 0.0008, 0.004, 0.00008, 200000, true, true),
  ('openai/gpt-5.3', 'openai', 'gpt-5.3', 'GPT-5.3', 'top',
    0.010, 0.030, 0.001, 128000, true, true),
  ('openai/gpt-4o', 'openai', 'gpt-4o', 'GPT-4o', 'mid',
    0.005, 0.015, 0.0025, 128000, true, true),
  ('openai/gpt-4o-mini', 'openai', 'gpt-4o-mini', 'GPT-4o Mini', 'low',
    0.0003, 0.0012, 0.00015, 128000, true, true),
  ('openai/o3', 'openai', 'o3', 'O3 (Reasoning)', 'top',
    0.010, 0.040, 0.0025, 200000, true, true),
  ('openai/o3-mini', 'openai', 'o3-mini', 'O3 Mini', 'mid',
    0.0011, 0.0044, 0.00055, 200000, true, true),
  ('google/gemini-2.5-pro', 'gemini', 'gemini-2.5-pro', 'Gemini 2.5 Pro', 'mid',
    0.0035, 0.014, 0.000875, 1000000, true, true),
  ('google/gemini-2.5-flash', 'gemini', 'gemini-2.5-flash', 'Gemini 2.5 Flash', 'low',
    0.0005, 0.0015, 0.000125, 1000000, true, true),
  ('standin/echo', 'standin', 'echo', 'Stand-in echo (not a real model)', 'low',
    0.001, 0.002, 0.0005, 128000, false, true);
-- The system default model.
update public.models set is_default = true where id = 'openai/gpt-4o-mini';

alter table public.models enable row level security;

-- Retired models stay for the runs that used them, but only admins still list them.
create policy "Signed-in users can view active models" on public.models
  for select to authenticated using (is_active or (select private.is_admin()));
create policy "Admins can add models" on public.models
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins can update models" on public.models
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Admins can delete models" on public.models
  for delete to authenticated using ((select private.is_admin()));

-- anon has no use for models.
revoke all on public.models from anon;
