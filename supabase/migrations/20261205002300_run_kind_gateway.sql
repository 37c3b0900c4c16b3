-- A run of no stored prompt (issue 19): the OpenAI-compatible endpoint passes a plain model id
-- through as a metered, priced, recorded run of kind gateway. Its own migration: a value added
-- to an enum cannot be used in the transaction that adds it.

alter type public.run_kind add value if not exists 'gateway';
