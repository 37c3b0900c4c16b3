// The run's statements, one statement each: prepare_run (everything a call needs, read once, as
// the caller under RLS), start_run (the run recorded as running, priced from the models table)
// and finish_run (the outcome, once; retried on a fresh connection if the old one dropped), both
// as service_role with the caller's claims (callers cannot write runs: the functions check the
// prompt or run is the caller's), and the run as it stands (as the caller). The flow that
// strings them together is the run service (service.ts).
import {
  asUser,
  callerSettings,
  type Claims,
  one,
  serviceCallerSettings,
  type Sql,
} from "../../_shared/db.ts";
import { ApiError, notFound } from "../../_shared/errors.ts";
import { openSecret } from "../../_shared/secret_box.ts";
import type { Database } from "../../../types/database.ts";
import type { Deps } from "../deps.ts";
import { providerKeyAad } from "../provider_key_store.ts";
import type { Plan } from "../quota.ts";
import type { CallOutcome } from "./execute.ts";
import { chooseTarget, type ModelRow, type ProviderRow, type Target } from "./provider.ts";
import { isFinal, type RunKind } from "../contract.ts";
import { runColumns, type RunRecord } from "./record.ts";
import type { VariableDef } from "./render.ts";
import type { Validation, ValidatorRow } from "./validate.ts";

/** What a model call on a prompt needs, as prepare_run read it. */
export interface Prepared {
  promptId: string;
  title: string;
  description: string | null;
  versionId: string;
  versionNumber: number;
  content: string;
  variables: VariableDef[];
  modelConfig: { model?: string; temperature?: number; max_tokens?: number };
  plan: Plan;
  model: ModelRow;
  /** The model config cascade resolved: asked for, else the version's (else the provider's). */
  temperature: number | null;
  /** Asked for, else the version's, else the plan's cap; never over the plan's or model's cap. */
  maxTokens: number;
  /** The caller's plan's bounds on one call. */
  limits: { maxPromptChars: number };
  validators: ValidatorRow[];
  existingRunId: string | null;
  target: Target;
}

export interface PrepareRequest {
  promptId: string;
  versionId?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  idempotencyKey?: string | null;
}

// prepare_run's row: the column names and scalar types come from the generated database types
// (a renamed column breaks the build); json columns and what may be null are spelled out.
type PrepareRunRow = Database["public"]["Functions"]["prepare_run"]["Returns"][number];
type PrepRow =
  & Pick<PrepareRunRow, "prompt_id" | "title" | "model_name" | "max_tokens" | "max_prompt_chars">
  & Nullable<
    Pick<
      PrepareRunRow,
      | "description"
      | "version_id"
      | "version_number"
      | "content"
      | "existing_run_id"
      | "existing_run_prompt_id"
    >
  >
  & {
    variables: VariableDef[] | null;
    model_config: Prepared["modelConfig"] | null;
    plan: Plan | null;
    model: ModelRow | null;
    /** numeric arrives as a string. */
    temperature: string | number | null;
    refusal:
      | { status: number; code: string; field: string; limit: unknown; message: string }
      | null;
    validators: ValidatorRow[];
    providers: ProviderRow[];
  };
type Nullable<T> = { [K in keyof T]: T[K] | null };

const fromBase64 = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));

/** Everything a call needs (prepare_run, as the caller); 404 for a prompt not theirs. */
export async function prepareRun(
  deps: Deps,
  claims: Claims,
  req: PrepareRequest,
): Promise<Prepared> {
  const { config } = deps;
  const withKeys = Boolean(config.providerKeySecret);
  // One statement as the caller, set up like startRun's (see there for why and how), under RLS.
  const sql = deps.sql;
  const [row] = await sql<PrepRow[]>`
    select r.*
    from (select ${callerSettings(sql, claims)}) as caller
    cross join lateral public.prepare_run(
      p_prompt_id => case when caller.role = 'authenticated' then ${req.promptId}::uuid end,
      p_version_id => ${req.versionId ?? null}::uuid, p_model => ${req.model ?? null}::text,
      p_standin_default => ${config.llm.mode === "stand-in"},
      p_idempotency_key => ${req.idempotencyKey ?? null}::text, p_with_keys => ${withKeys},
      p_temperature => ${req.temperature ?? null}::numeric,
      p_max_tokens => ${req.maxTokens ?? null}::integer) as r`;
  if (!row) throw notFound("prompt");
  if (row.existing_run_id && row.existing_run_prompt_id !== row.prompt_id) {
    throw new ApiError(
      409,
      "idempotency_key_reused",
      "this Idempotency-Key was already used for another prompt",
    );
  }
  if (!row.version_id || row.content === null || row.version_number === null) {
    if (req.versionId) throw notFound("version");
    throw new ApiError(422, "no_version", "this prompt has no version to run yet");
  }
  if (!row.model) {
    throw new ApiError(422, "unknown_model", `unknown or retired model ${row.model_name}`, {
      fields: [{ field: "model", message: "not an active model" }],
    });
  }
  // A bound of the caller's plan that this call breaks (prepare_run says which and why).
  const no = row.refusal;
  if (no) {
    throw new ApiError(no.status, no.code, no.message, {
      limit: no.limit,
      fields: [{ field: no.field, message: no.message }],
    });
  }
  const userKeys = new Map<string, string>();
  for (const p of row.providers) {
    if (!p.key) continue;
    try {
      const key = await openSecret(
        config.providerKeySecret!,
        { ciphertext: fromBase64(p.key.ciphertext), iv: fromBase64(p.key.iv) },
        providerKeyAad(claims.sub, p.id),
      );
      userKeys.set(p.id, key);
    } catch {
      // A key that no longer opens (rotated secret) is as good as none: fall back, say nothing.
    }
  }
  return {
    promptId: row.prompt_id,
    title: row.title,
    description: row.description,
    versionId: row.version_id,
    versionNumber: row.version_number,
    content: row.content,
    variables: row.variables ?? [],
    modelConfig: row.model_config ?? {},
    plan: row.plan ?? "free",
    model: row.model,
    temperature: row.temperature === null ? null : Number(row.temperature),
    maxTokens: row.max_tokens,
    limits: { maxPromptChars: row.max_prompt_chars },
    validators: row.validators,
    existingRunId: row.existing_run_id,
    target: chooseTarget(config.llm, config.localStack, row.model, row.providers, userKeys),
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
    kind: RunKind;
    variables: Record<string, unknown>;
    resolvedPrompt: string;
    idempotencyKey: string | null;
    stream: boolean;
  },
): Promise<Started> {
  // One statement in its own implicit transaction, not BEGIN … COMMIT: one round trip, and no
  // locks held across client round trips. The first FROM item sets the role and the caller's
  // claims (local to this statement's transaction); start_run's first argument depends on it, so
  // start_run runs after it. The role is service_role, the only one that may execute start_run;
  // auth.uid() is still the caller, and start_run refuses a prompt that is not theirs.
  const sql = deps.sql;
  const rows = await sql<{ run_id: string; replayed: boolean }[]>`
    select r.run_id, r.replayed
    from (select ${serviceCallerSettings(sql, claims)}) as caller
    cross join lateral public.start_run(
      p_prompt_id => case when caller.role = 'service_role' then ${p.promptId}::uuid end,
      p_version_id => ${p.versionId}, p_model => ${p.model.id},
      p_provider_id => ${p.target.providerId}, p_key_source => ${p.target.keySource},
      p_variables => ${sql.json(s.variables as Record<string, string>)},
      p_resolved_prompt => ${s.resolvedPrompt}, p_temperature => ${p.temperature},
      p_max_tokens => ${p.maxTokens}, p_idempotency_key => ${s.idempotencyKey},
      p_timeout_ms => ${deps.config.llm.timeoutMs}, p_streamed => ${s.stream},
      p_kind => ${s.kind}) as r`;
  const row = one(rows, "start_run"); // a run, or it raised
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
      // One statement as service_role with the caller's claims, like startRun (see there for
      // why and how); finish_run refuses a run that is not the caller's.
      const rows = await sql<RunRecord[]>`
        select ${sql.unsafe(runColumns)}
        from (select ${serviceCallerSettings(sql, claims)}) as caller
        cross join lateral public.finish_run(
          p_run_id => case when caller.role = 'service_role' then ${runId}::uuid end,
          p_status => ${call.status}, p_output => ${call.output},
          p_token_usage => ${call.usage ? sql.json({ ...call.usage }) : null},
          p_latency_ms => ${call.latencyMs},
          p_model_metadata => ${sql.json(call.metadata as Record<string, string>)},
          p_error_message => ${call.error}, p_attempts => ${call.attempts},
          p_validation_status => ${validation.status},
          p_validation_results => ${sql.json(validation.results as unknown as string[])},
          p_logs => ${sql.json(call.logs as unknown as string[])}) as r`;
      return one(rows, "finish_run"); // the run, or it raised
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
    if (!run) throw notFound("run");
    if (isFinal(run.status) || Date.now() >= until) return run;
    await new Promise((r) => setTimeout(r, 100));
  }
}
