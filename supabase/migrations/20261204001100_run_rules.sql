-- The rules of a run row (seed 000's runs, with seed 002's execution lifecycle: pending ->
-- running -> success | error | timeout | cancelled, or pending -> cancelled | error). What a
-- row may hold is one CHECK on runs calling check_run_row; how its status may move is the
-- transition trigger. Both are wired to the table in the next migration.

-- One CHECK calling a PL/pgSQL function rather than a CHECK per rule: PostgreSQL 15 reads every
-- CHECK expression of a table from its stored text and plans it again for each statement that
-- writes the table, while PL/pgSQL keeps its expressions planned for the session. Each rule is
-- still an error of its own: check_violation (23514) naming the rule (runs_<column>_check, as a
-- CHECK of that name would), its column and the table, in PostgreSQL's own wording. A null
-- outcome passes, as in a CHECK.
create function private.check_run_row(
  p_status public.run_status,
  p_started_at timestamptz,
  p_completed_at timestamptz,
  p_model text,
  p_provider_id text,
  p_key_source text,
  p_variables jsonb,
  p_resolved_prompt text,
  p_temperature numeric,
  p_max_tokens integer,
  p_timeout_ms integer,
  p_idempotency_key text,
  p_price_snapshot jsonb,
  p_token_usage jsonb,
  p_cost_usd numeric,
  p_latency_ms integer,
  p_attempts integer,
  p_error_message text,
  p_validation_status text,
  p_validation_results jsonb
)
returns boolean
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  broken text;
  col text;
begin
  if not (case p_status
      when 'pending' then p_started_at is null and p_completed_at is null
      when 'running' then p_started_at is not null and p_completed_at is null
      when 'success' then p_started_at is not null and p_completed_at is not null
      when 'timeout' then p_started_at is not null and p_completed_at is not null
      else p_completed_at is not null
    end) then
    broken := 'runs_lifecycle_check'; col := 'status';
  elsif p_completed_at < p_started_at then
    broken := 'runs_completion_order_check'; col := 'completed_at';
  elsif not (char_length(p_model) between 1 and 200) then
    broken := 'runs_model_check'; col := 'model';
  elsif p_provider_id !~ '^[a-z][a-z0-9_-]{0,49}$' then
    broken := 'runs_provider_id_check'; col := 'provider_id';
  elsif p_key_source not in ('user', 'project', 'standin') then
    broken := 'runs_key_source_check'; col := 'key_source';
  elsif jsonb_typeof(p_variables) <> 'object' then
    broken := 'runs_variables_check'; col := 'variables';
  elsif char_length(p_resolved_prompt) > 1000000 then
    broken := 'runs_resolved_prompt_check'; col := 'resolved_prompt';
  elsif not (p_temperature between 0 and 2) then
    broken := 'runs_temperature_check'; col := 'temperature';
  elsif p_max_tokens <= 0 then
    broken := 'runs_max_tokens_check'; col := 'max_tokens';
  elsif p_timeout_ms <= 0 then
    broken := 'runs_timeout_ms_check'; col := 'timeout_ms';
  elsif not (char_length(p_idempotency_key) between 1 and 255) then
    broken := 'runs_idempotency_key_check'; col := 'idempotency_key';
  elsif jsonb_typeof(p_price_snapshot) <> 'object' then
    broken := 'runs_price_snapshot_check'; col := 'price_snapshot';
  elsif jsonb_typeof(p_token_usage) <> 'object' then
    broken := 'runs_token_usage_check'; col := 'token_usage';
  elsif p_cost_usd < 0 then
    broken := 'runs_cost_usd_check'; col := 'cost_usd';
  elsif p_latency_ms < 0 then
    broken := 'runs_latency_ms_check'; col := 'latency_ms';
  elsif p_attempts < 0 then
    broken := 'runs_attempts_check'; col := 'attempts';
  elsif char_length(p_error_message) > 10000 then
    broken := 'runs_error_message_check'; col := 'error_message';
  elsif p_validation_status not in ('passed', 'failed', 'skipped') then
    broken := 'runs_validation_status_check'; col := 'validation_status';
  elsif jsonb_typeof(p_validation_results) <> 'array' then
    broken := 'runs_validation_results_check'; col := 'validation_results';
  end if;
  if broken is not null then
    raise exception 'new row for relation "runs" violates check constraint "%"', broken
      using errcode = 'check_violation', constraint = broken, column = col, table = 'runs',
        schema = 'public';
  end if;
  return true;
end;
$$;

comment on function private.check_run_row is
  'The rules of a runs row (the runs_row_check constraint); raises check_violation naming the rule.';
-- PostgreSQL checks execute on a function in a CHECK as the role that writes the row: the run
-- functions write runs as their owner, and service_role may write them directly; callers
-- (authenticated) write no runs, so they do not keep it.
revoke all on function private.check_run_row from public, anon, authenticated;
grant execute on function private.check_run_row to service_role;

-- pending -> running | cancelled | error; running -> success | error | timeout | cancelled;
-- a final state is final. Entering running or a final state stamps started_at / completed_at
-- when the caller did not, so the API only has to set the status.
create function private.check_run_transition()
returns trigger
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if new.status is distinct from old.status then
    if not (
      (old.status = 'pending' and new.status in ('running', 'cancelled', 'error'))
      or (old.status = 'running' and new.status in ('success', 'error', 'timeout', 'cancelled'))
    ) then
      raise exception 'a run cannot go from % to %', old.status, new.status
        using errcode = 'PL409', hint = 'invalid_run_transition';
    end if;
    if new.status = 'running' and new.started_at is null then
      new.started_at := now();
    end if;
    if new.status <> 'running' and new.completed_at is null then
      new.completed_at := now();
    end if;
  end if;
  return new;
end;
$$;

-- Trigger functions need no execute privilege to fire: nobody calls them directly.
revoke all on function private.check_run_transition() from public, anon, authenticated;
