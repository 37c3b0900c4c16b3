-- The private schema: functions the database calls itself (trigger functions, the helpers of
-- checks and policies, cost, the pg_cron jobs). The Data API exposes only public
-- (supabase/config.toml), so nothing here can be called as an RPC; public keeps the functions
-- the API and the Data API call.

create schema private;
comment on schema private is 'Internal helpers: trigger functions, check and policy helpers, cost, jobs. Not exposed by the Data API.';

-- Code that runs as its caller names a few helpers at run time: search_prompts calls
-- private.escape_html, and the search-vector triggers, which run as the writer, call
-- private.build_prompt_search_vector (the cost trigger of runs calls private.run_cost as
-- service_role or as the run functions' owner: callers write no runs). PL/pgSQL resolves
-- those names as the caller, which needs usage on the schema. What may be executed is still
-- granted function by function.
grant usage on schema private to authenticated, service_role;
