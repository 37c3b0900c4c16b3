-- What a run records of issue 19's ways to run: the label a run by name@label resolved (with
-- the version it resolved to in version_id), and the messages sent when they were more than one
-- user message (a chat version, messages appended by the OpenAI-compatible endpoint, a gateway
-- run). A text run keeps its one message in resolved_prompt, as before.

alter table public.runs
  add column label text check (label is null or label ~ '^[a-z0-9][a-z0-9_-]{0,49}$'),
  add column resolved_messages jsonb check (resolved_messages is null
    or jsonb_typeof(resolved_messages) = 'array');
comment on column public.runs.label is 'The label the run was asked for by (name@label); version_id is the version it resolved to.';
comment on column public.runs.resolved_messages is 'The messages sent, when more than the one user message of resolved_prompt (chat versions, appended messages, gateway runs).';

-- A gateway run and a workflow gate's, like the builder's, have no prompt.
alter table public.runs drop constraint runs_prompt_by_kind;
alter table public.runs add constraint runs_prompt_by_kind check (
  (prompt_id is null) = (kind in ('builder_questions', 'builder_template', 'builder_polish', 'gateway',
    'workflow_gate')));
comment on column public.runs.kind is
  'prompt: the prompt run with its variables; improve: a rewrite of the prompt suggested by a model; builder_questions, builder_template, builder_polish: prompt-builder generations, with no prompt; gateway: a plain model through the OpenAI-compatible endpoint, with no prompt; workflow_gate: a workflow gate''s model call, with no prompt.';
