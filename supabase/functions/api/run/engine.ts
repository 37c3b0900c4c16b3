// The run flow: prepare_run (one read as the caller, while the route counts the run in Upstash)
// → render → quota verdict and provider limits → start_run → provider call → validators →
// finish_run. No transaction is held during the provider call, and once a run is
// started something always finishes it: the engine, a retried write on a fresh connection, or
// (last resort) the pg_cron sweep.
import { asUser, callerSettings, type Claims, type Sql } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import { openSecret } from "../../_shared/secret_box.ts";
import type { Deps } from "../deps.ts";
import { providerKeyAad } from "../provider_key_store.ts";
import type { Plan, ProviderLimits } from "../quota.ts";
import { callModel, type CallOutcome } from "./execute.ts";
import { chooseTarget, type ModelRow, type Target } from "./provider.ts";
import { isFinal, runColumns, type RunRecord } from "./record.ts";
import type { VariableDef } from "./render.ts";
import { runValidators, type Validation, type ValidatorRow } from "./validate.ts";

export interface RunRequest {
  version_id?: string;
  variables: Record<string, unknown>;
  model?: string;
  temperature?: number;
  max_tokens?: number;
  stream?: boolean;
}

export interface Prepared {
  promptId: string;
  versionId: string;
  content: string;
  variables: VariableDef[];
  modelConfig: { model?: string; temperature?: number; max_tokens?: number };
  plan: Plan;
  model: ModelRow;
  validators: ValidatorRow[];
  existingRunId: string | null;
  target: Target;
  /** The per-user limits of the provider the run goes to, if it has any. */
  providerLimits: ProviderLimits | null;
}

interface PrepRow {
  prompt_id: string;
  version_id: string | null;
  content: string | null;
  variables: VariableDef[] | null;
  model_config: Prepared["modelConfig"] | null;
  plan: Plan | null;
  model_name: string;
  model: (Omit<ModelRow, "provider_is_standin"> & { provider_is_standin: boolean }) | null;
  validators: ValidatorRow[];
  existing_run_id: string | null;
  keys: { provider_id: string; ciphertext: string; iv: string }[];
  provider_limits: Record<string, ProviderLimits>;
}

const fromBase64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

/** Everything a run needs (prepare_run, as the caller); 404 for a prompt not theirs. */
export async function prepareRun(
  deps: Deps,
  claims: Claims,
  promptId: string,
  req: RunRequest,
  idempotencyKey: string | null,
): Promise<Prepared> {
  const { config } = deps;
  const fallbackModel = config.llm.mode === "configured" ? "openai/gpt-4o-mini" : "standin/echo";
  const withKeys = Boolean(config.providerKeySecret);
  // One statement as the caller, like startRun (see there for why and how).
  const sql = deps.sql;
  const [row] = await sql<PrepRow[]>`
    select r.*
    from (select ${callerSettings(sql, claims)}) as caller
    cross join lateral public.prepare_run(
      p_prompt_id => case when caller.role = 'authenticated' then ${promptId}::uuid end,
      p_version_id => ${req.version_id ?? null}::uuid, p_model => ${req.model ?? null}::text,
      p_fallback_model => ${fallbackModel}, p_idempotency_key => ${idempotencyKey}::text,
      p_with_keys => ${withKeys}) as r`;
  if (!row) throw new ApiError(404, "not_found", "prompt not found");
  if (!row.version_id || row.content === null) {
    if (req.version_id) throw new ApiError(404, "version_not_found", "no such version");
    throw new ApiError(422, "no_version", "this prompt has no version to run yet");
  }
  if (!row.model || row.model.provider_base_url === null) {
    throw new ApiError(422, "unknown_model", `unknown or retired model ${row.model_name}`, {
      fields: [{ field: "model", message: "not an active model" }],
    });
  }
  const userKeys = new Map<string, string>();
  for (const k of row.keys) {
    try {
      const key = await openSecret(
        config.providerKeySecret!,
        { ciphertext: fromBase64(k.ciphertext), iv: fromBase64(k.iv) },
        providerKeyAad(claims.sub, k.provider_id),
      );
      userKeys.set(k.provider_id, key);
    } catch {
      // A key that no longer opens (rotated secret) is as good as none: fall back, say nothing.
    }
  }
  const target = chooseTarget(config.llm, config.localStack, row.model, userKeys);
  return {
    promptId: row.prompt_id,
    versionId: row.version_id,
    content: row.content,
    variables: row.variables ?? [],
    modelConfig: row.model_config ?? {},
    plan: row.plan ?? "free",
    model: row.model,
    validators: row.validators,
    existingRunId: row.existing_run_id,
    target,
    providerLimits: row.provider_limits[target.providerId] ?? null,
  };
}

export interface Started {
  runId: string;
  replayed: boolean;
}

export async function startRun(
  deps: Deps,
  claims: Claims,
  p: Prepared,
  s: {
    variables: Record<string, unknown>;
    resolvedPrompt: string;
    temperature: number | null;
    maxTokens: number | null;
    idempotencyKey: string | null;
    stream: boolean;
  },
): Promise<Started> {
  // One statement in its own implicit transaction, not BEGIN … COMMIT: one round trip, and no
  // locks held across client round trips. The first FROM item sets the caller's role and claims
  // (local to this statement's transaction); start_run's first argument depends on it, so
  // start_run runs after it, under RLS.
  const sql = deps.sql;
  const [row] = await sql<{ run_id: string; replayed: boolean }[]>`
    select r.run_id, r.replayed
    from (select ${callerSettings(sql, claims)}) as caller
    cross join lateral public.start_run(
      p_prompt_id => case when caller.role = 'authenticated' then ${p.promptId}::uuid end,
      p_version_id => ${p.versionId}, p_model => ${p.model.id},
      p_provider_id => ${p.target.providerId}, p_key_source => ${p.target.keySource},
      p_variables => ${sql.json(s.variables as Record<string, string>)},
      p_resolved_prompt => ${s.resolvedPrompt}, p_temperature => ${s.temperature},
      p_max_tokens => ${s.maxTokens}, p_idempotency_key => ${s.idempotencyKey},
      p_timeout_ms => ${deps.config.llm.timeoutMs}, p_streamed => ${s.stream}) as r`;
  return { runId: row.run_id, replayed: row.replayed };
}

// Errors that mean "this connection is gone", after which a fresh one may well work.
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
]);

export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string; errno?: string })?.code ??
    (e as { errno?: string })?.errno;
  if (typeof code !== "string") return false;
  return CONNECTION_CODES.has(code) || /^08/.test(code) || /^57P0[123]$/.test(code);
}

const FINISH_RETRY_DELAYS_MS = [50, 250, 1000, 3000];

/** finish_run, retried on a fresh connection when the old one dropped (finish is idempotent). */
export async function finishRun(
  sql: Sql,
  claims: Claims,
  runId: string,
  call: CallOutcome,
  validation: Validation,
): Promise<RunRecord> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= FINISH_RETRY_DELAYS_MS.length; attempt++) {
    try {
      // One statement as the caller, like startRun (see there for why and how).
      const [run] = await sql<RunRecord[]>`
        select ${sql.unsafe(runColumns)}
        from (select ${callerSettings(sql, claims)}) as caller
        cross join lateral public.finish_run(
          p_run_id => case when caller.role = 'authenticated' then ${runId}::uuid end,
          p_status => ${call.status}, p_output => ${call.output},
          p_token_usage => ${call.usage ? sql.json({ ...call.usage }) : null},
          p_latency_ms => ${call.latencyMs},
          p_model_metadata => ${sql.json(call.metadata as Record<string, string>)},
          p_error_message => ${call.error}, p_attempts => ${call.attempts},
          p_validation_status => ${validation.status},
          p_validation_results => ${sql.json(validation.results as unknown as string[])},
          p_logs => ${sql.json(call.logs as unknown as string[])}) as r`;
      return run;
    } catch (e) {
      lastError = e;
      if (!isConnectionError(e) || attempt === FINISH_RETRY_DELAYS_MS.length) break;
      console.error(`finish_run: connection lost (${(e as { code?: string }).code}); retrying`);
      await new Promise((r) => setTimeout(r, FINISH_RETRY_DELAYS_MS[attempt]));
    }
  }
  if (isConnectionError(lastError)) {
    throw new ApiError(
      503,
      "run_not_recorded",
      "the database is unreachable, so the run's outcome could not be recorded yet; it will be marked timed out",
      { run_id: runId },
    );
  }
  throw lastError;
}

/** Calls the model and records the outcome; whatever goes wrong, the run ends final. */
export async function executeRun(
  deps: Deps,
  claims: Claims,
  runId: string,
  p: Prepared,
  call: { prompt: string; temperature: number | null; maxTokens: number | null; stream: boolean },
  onDelta?: (text: string) => void,
): Promise<RunRecord> {
  let outcome: CallOutcome;
  let validation: Validation = { status: "skipped", results: [] };
  try {
    outcome = await callModel({
      target: p.target,
      prompt: call.prompt,
      temperature: call.temperature,
      maxTokens: call.maxTokens,
      timeoutMs: deps.config.llm.timeoutMs,
      maxRetries: deps.config.llm.maxRetries,
      stream: call.stream,
      onDelta,
    });
    if (outcome.status === "success") {
      validation = runValidators(p.validators, outcome.output ?? "");
    }
  } catch (e) {
    outcome = {
      status: "error",
      output: null,
      usage: null,
      latencyMs: 0,
      attempts: 0,
      metadata: { provider_id: p.target.providerId, key_source: p.target.keySource },
      error: `internal error while running: ${e instanceof Error ? e.message : e}`,
      logs: [],
    };
  }
  return await finishRun(deps.sql, claims, runId, outcome, validation);
}

/** The run as it is now; for a replay, waits (bounded) until it is final. */
export async function loadRun(
  deps: Deps,
  claims: Claims,
  runId: string,
  waitMs: number,
): Promise<RunRecord> {
  const until = Date.now() + waitMs;
  for (;;) {
    const [run] = await asUser(
      deps.sql,
      claims,
      (tx) =>
        tx<RunRecord[]>`select ${tx.unsafe(runColumns)} from public.runs r where r.id = ${runId}`,
    );
    if (!run) throw new ApiError(404, "not_found", "run not found");
    if (isFinal(run.status) || Date.now() >= until) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
}
