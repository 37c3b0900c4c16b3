-- The builder's model calls are runs (see the builder_runs migration for why): three new kinds.
-- In a file of their own: an enum value added in a transaction cannot be used in it.
alter type public.run_kind add value if not exists 'builder_questions';
alter type public.run_kind add value if not exists 'builder_template';
alter type public.run_kind add value if not exists 'builder_polish';
comment on type public.run_kind is
  'What a model call was for: a run of the prompt, an improvement suggestion for it, or a prompt-builder generation (clarifying questions from a goal, a template from the answers, a polish of an assembled framework prompt).';
-- A version saved from the prompt builder says so.
alter type public.prompt_version_source add value if not exists 'builder';
