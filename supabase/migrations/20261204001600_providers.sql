-- Providers (seed 004's api_providers): the OpenAI-compatible endpoints runs can be sent to,
-- and the per-user limits Promptline enforces on each. Reference data: everyone signed in
-- reads it, only admins change it.

create table public.providers (
  id text primary key check (id ~ '^[a-z][a-z0-9_-]{0,49}$'),
  name text not null check (char_length(name) between 1 and 100),
  base_url text not null check (base_url ~ '^https?://[^\s]+$' and char_length(base_url) <= 2048),
  -- The deterministic local stand-in: never billed as a real model, labelled in UI and API.
  is_standin boolean not null default false,
  is_enabled boolean not null default true,
  -- Limits per user per provider, counted in Upstash; null means no limit of that kind.
  requests_per_minute integer check (requests_per_minute is null or requests_per_minute > 0),
  requests_per_day integer check (requests_per_day is null or requests_per_day > 0),
  tokens_per_minute integer check (tokens_per_minute is null or tokens_per_minute > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.providers is 'OpenAI-compatible LLM endpoints and the per-user limits applied to each.';

-- At most one stand-in, so "the stand-in" is never ambiguous.
create unique index providers_one_standin on public.providers (is_standin) where is_standin;

create trigger providers_set_updated_at before update on public.providers
  for each row execute function private.set_updated_at();

-- The local stand-in has no account or bill to protect, and the benchmarks and concurrency
-- tests send it thousands of requests a minute: no limits on it.
insert into public.providers
  (id, name, base_url, is_standin, requests_per_minute, requests_per_day, tokens_per_minute)
values
  ('openrouter', 'OpenRouter', 'https://openrouter.ai/api/v1', false, 60, 1000, 200000),
  ('openai', 'OpenAI', 'https://api.openai.com/v1', false, 60, 1000, 200000),
  ('anthropic', 'Anthropic', 'https://api.anthropic.com/v1/', false, 50, 1000, 100000),
  ('gemini', 'Google Gemini', 'https://generativelanguage.googleapis.com/v1beta/openai/', false,
    60, 1000, 200000),
  ('standin', 'Local stand-in (not a real model)', 'http://127.0.0.1:54390/v1', true,
    null, null, null);

alter table public.providers enable row level security;

create policy "Signed-in users can view providers" on public.providers
  for select to authenticated using (true);
create policy "Admins can add providers" on public.providers
  for insert to authenticated with check ((select private.is_admin()));
create policy "Admins can update providers" on public.providers
  for update to authenticated
  using ((select private.is_admin())) with check ((select private.is_admin()));
create policy "Admins can delete providers" on public.providers
  for delete to authenticated using ((select private.is_admin()));

-- anon has no use for providers.
revoke all on public.providers from anon;
