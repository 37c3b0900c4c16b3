-- A workflow gate's model call (issue 17) is a run of its own kind, with no stored prompt: the
-- engine composes the gate's prompt packet and calls the run service like the builder does. Its
-- own migration: a value added to an enum cannot be used in the transaction that adds it.

alter type public.run_kind add value if not exists 'workflow_gate';
