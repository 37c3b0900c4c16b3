-- Builder generations are runs (seed 004's prompt_history as runs of new kinds).
-- Why runs and not a table of their own: a generation is a model call, and every model call is
-- prepared, bounded by the plan, routed, priced from the models table, metered and recorded by
-- one path (start_run / finish_run, the API's run service). A prompt_history table beside it
-- would need its own copy of pricing, quota, status lifecycle, the abandoned-call sweep, logs
-- and RLS, and usage, cost reports and the daily quota would have to add two sources. Most of
-- seed 004's fields are already a run's: model, provider (provider_id), user input (input),
-- AI response (output), temperature, max_tokens, processing time (latency_ms), tokens
-- (token_usage), cost (cost_usd), status (pending/running/success/error/timeout) and error
-- (error_message). What runs lack is added here: framework, tone, length and vibe_coding, set
-- only on builder runs. A builder call happens before any prompt exists, so a builder run has no
-- prompt (prompt_id null) and every other kind still has one (a check).
-- prepare_run reads the caller's plan, settings and provider keys without a prompt when it is
-- asked for none; start_run takes the builder's fields (p_builder) and records them; discard_run
-- finds a run by its id, as a builder run has no prompt (all three in their own concern files:
-- 20261204002900_prepare_run.sql, 20261204002600_run_lifecycle.sql).

create type public.builder_tone as enum ('neutral', 'professional', 'friendly', 'casual', 'formal', 'technical', 'persuasive');
comment on type public.builder_tone is 'The tone a builder prompt asks for (seed 004).';
create type public.builder_length as enum ('short', 'medium', 'long');
comment on type public.builder_length is 'The length of answer a builder prompt asks for (seed 004).';

alter table public.runs
  alter column prompt_id drop not null,
  add column framework text references public.prompt_frameworks (name)
    on update cascade on delete set null,
  add column tone public.builder_tone,
  add column length public.builder_length,
  add column vibe_coding boolean,
  add constraint runs_prompt_by_kind check (
    (prompt_id is null) = (kind in ('builder_questions', 'builder_template', 'builder_polish'))),
  add constraint runs_builder_fields check (
    kind in ('builder_questions', 'builder_template', 'builder_polish')
    or (framework is null and tone is null and length is null and vibe_coding is null));
comment on column public.runs.framework is 'Builder runs: the framework assembled from (seed 004), if any.';
comment on column public.runs.tone is 'Builder runs: the tone asked for (seed 004).';
comment on column public.runs.length is 'Builder runs: the answer length asked for (seed 004).';
comment on column public.runs.vibe_coding is 'Builder runs: the looser, code-oriented style (seed 004).';
comment on column public.runs.kind is
  'prompt: the prompt run with its variables; improve: a rewrite of the prompt suggested by a model; builder_questions, builder_template, builder_polish: prompt-builder generations, with no prompt.';
-- A user's builder history, newest first.
create index runs_user_builder_created_idx on public.runs (user_id, created_at desc)
  where prompt_id is null;
create index runs_framework_idx on public.runs (framework) where framework is not null;
