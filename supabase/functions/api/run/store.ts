// The run's statements, one statement each: start_run (the one statement before a model call:
// prepared, rendered, routed, priced and recorded as running), finish_run (the outcome, once;
// retried on a fresh connection if the old one dropped) and discard_run (a run metering refused),
// as service_role with the caller's claims (callers cannot write runs: the functions check the
// prompt or run is the caller's); prepare_run for calls that compose their own text from the
// version, and the run as it stands, as the caller under RLS. The flow that strings them
// together is the run service (service.ts).
import {
  asJson,
  asUser,
  callerSettings,
  type Claims,
  one,
  serviceCallerSettings,
  type Sql,
} from "../../_shared/db.ts";
import { ApiError, isConnectionError, notFound } from "../../_shared/errors.ts";
import type { Database } from "../../../types/database.ts";
import type { Deps } from "../deps.ts";
import type { CallOutcome } from "./execute.ts";
import { type ChosenProvider, projectKeys } from "./provider.ts";
import { isFinal, type Plan, type RunKind } from "../contract.ts";
import { runColumns, type RunRecord } from "./record.ts";
import type { PromptVariable } from "../contract.ts";
import type { Validation, ValidatorRow } from "./validate.ts";
import type { SpendLimit } from "./spend_limit.ts";

/** A prompt's version as prepare_run read it: for calls that compose their own text from it. */
export interface Prepared {
  promptId: string;
  title: string;
  description: string | null;
  versionId: string;
  versionNumber: number;
  content: string;
  variables: PromptVariable[];
  modelConfig: { model?: string; temperature?: number; max_tokens?: number };
}

export interface PrepareRequest {
  promptId: string;
  versionId?: string;
  model?: string;
}

// prepare_run's row: the column names and scalar types come from the generated database types
// (a renamed column breaks the build); json columns and what may be null are spelled out.
type PrepareRunRow = Database["public"]["Functions"]["prepare_run"]["Returns"][number];
type PrepRow =
  & Pick<PrepareRunRow, "prompt_id" | "title">
  & Nullable<
    Pick<PrepareRunRow, "description" | "version_id" | "version_number" | "content">
  >
  & {
    variables: PromptVariable[] | null;
    model_config: Prepared["modelConfig"] | null;
  };
type Nullable<T> = { [K in keyof T]: T[K] | null };

/** A prompt's version (prepare_run, as the caller under RLS); 404 for a prompt not theirs. */
export async function prepareRun(
  deps: Deps,
  claims: Claims,
  req: PrepareRequest,
): Promise<Prepared> {
  // One statement as the caller, set up like startRun's (see there for why and how), under RLS.
  const sql = deps.sql;
  const [row] = await sql<PrepRow[]>`
    select r.prompt_id, r.title, r.description, r.version_id, r.version_number, r.content,
      r.variables, r.model_config
    from (select ${callerSettings(sql, claims)}) as caller
    cross join lateral public.prepare_run(
      p_prompt_id => case when caller.role = 'authenticated' then ${req.promptId}::uuid end,
      p_version_id => ${req.versionId ?? null}::uuid, p_model => ${req.model ?? null}::text)
      as r`;
  if (!row) throw notFound("prompt");
  if (!row.version_id || row.content === null || row.version_number === null) {
    if (req.versionId) throw notFound("version");
    throw new ApiError(422, "no_version", "this prompt has no version to run yet");
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
  };
}

/**
 * A builder run's own fields (seed 004's history): recorded on the run by start_run. `input` is
 * what the user gave (goal, answers, components), kept as the run's input.
 */
export interface BuilderFields {
  framework?: string | null;
  tone?: string | null;
  length?: string | null;
  vibe_coding?: boolean | null;
  input: Record<string, unknown>;
}

/** A chat message, as sent to the model. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** A version's JSON response format (sent as response_format to providers that support it). */
export interface VersionResponseFormat {
  name?: string;
  schema: Record<string, unknown>;
  strict?: boolean;
}

/** A run's price snapshot (models row): USD per 1,000 tokens. */
export interface PriceSnapshot {
  model_id: string;
  price_per_1k_input: number | string;
  price_per_1k_output: number | string;
  price_per_1k_cached_input?: number | string | null;
}

export interface StartRequest {
  kind: RunKind;
  /** The prompt the call is for; null for the builder's and gateway calls (there is none). */
  promptId: string | null;
  /** Or the caller's name for it, with a label (latest: the current version). */
  promptName?: string;
  label?: string;
  /** Messages appended after the prompt's (the OpenAI-compatible endpoint), or a gateway call's. */
  messages?: ChatMessage[];
  versionId?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /** A prompt run: the caller's values for the version's typed variables (rendered in SQL). */
  variables?: Record<string, unknown>;
  /** Any other kind: the text to send. */
  text?: string;
  idempotencyKey?: string | null;
  stream: boolean;
  builder?: BuilderFields;
}

/** A run start_run recorded, with everything its call needs. */
export interface StartedRun {
  replayed: false;
  runId: string;
  plan: Plan;
  model: string;
  target: ChosenProvider;
  temperature: number | null;
  maxTokens: number;
  validators: ValidatorRow[];
  /** The text sent to the model (the messages written out, when there are several). */
  prompt: string;
  /** The messages sent, when more than one user message of `prompt`. */
  messages: ChatMessage[] | null;
  responseFormat: VersionResponseFormat | null;
  promptId: string | null;
  versionId: string | null;
  versionNumber: number | null;
  /** The label the run was asked for by, if any. */
  label: string | null;
  price: PriceSnapshot | null;
  /** The caller's monthly spend limit, when they have one. */
  spendLimit: SpendLimit | null;
}

export type StartOutcome = StartedRun | { replayed: true; runId: string };

// start_run's row: names and scalar types from the generated database types; json columns and
// what is null on a replay spelled out.
type StartRunRow = Database["public"]["Functions"]["start_run"]["Returns"][number];
type StartRow =
  & Pick<StartRunRow, "run_id" | "replayed">
  & Nullable<
    Pick<
      StartRunRow,
      | "model_id"
      | "max_tokens"
      | "resolved_prompt"
      | "prompt_id"
      | "version_id"
      | "version_number"
      | "label"
    >
  >
  & {
    messages: ChatMessage[] | null;
    response_format: VersionResponseFormat | null;
    price: PriceSnapshot | null;
    budget: SpendLimit | null;
    plan: Plan;
    target: ChosenProvider | null;
    /** numeric arrives as a string. */
    temperature: string | number | null;
    validators: ValidatorRow[] | null;
  };

/**
 * start_run: the one statement before a model call. It prepares, renders, checks the plan's
 * bounds, chooses the provider and key, prices and records the run as running (or finds the run
 * already made with this idempotency key); its errors (404, 409, 413, 422, 403) are the call's.
 */
export async function startRun(
  deps: Deps,
  claims: Claims,
  req: StartRequest,
): Promise<StartOutcome> {
  // One statement in its own implicit transaction, not BEGIN … COMMIT: one round trip, and no
  // locks held across client round trips. The first FROM item sets the role and the caller's
  // claims (local to this statement's transaction); start_run's first argument depends on it, so
  // start_run runs after it. The role is service_role, the only one that may execute start_run;
  // auth.uid() is still the caller, and start_run refuses a prompt that is not theirs.
  const { config } = deps;
  const sql = deps.sql;
  const rows = await sql<StartRow[]>`
    select r.*
    from (select ${serviceCallerSettings(sql, claims)}) as caller
    cross join lateral public.start_run(
      p_prompt_id => case when caller.role = 'service_role' then ${req.promptId}::uuid end,
      p_version_id => ${req.versionId ?? null}::uuid, p_model => ${req.model ?? null}::text,
      p_temperature => ${req.temperature ?? null}::numeric,
      p_max_tokens => ${req.maxTokens ?? null}::integer,
      p_variables => ${sql.json((req.variables ?? {}) as Record<string, string>)},
      p_text => ${req.text ?? null}::text, p_kind => ${req.kind},
      p_idempotency_key => ${req.idempotencyKey ?? null}::text,
      p_timeout_ms => ${config.llm.timeoutMs}, p_streamed => ${req.stream},
      p_project_keys => ${projectKeys(config.llm)}::text[],
      p_standin => ${config.localStack && Boolean(config.llm.standinUrl)},
      p_with_keys => ${Boolean(config.providerKeySecret)},
      p_builder => ${req.builder ? sql.json(asJson(req.builder)) : null},
      p_prompt_name => ${req.promptName ?? null}::text, p_label => ${req.label ?? null}::text,
      p_messages => ${req.messages ? sql.json(asJson(req.messages)) : null}) as r`;
  const row = one(rows, "start_run"); // a run, or it raised
  if (row.replayed) return { replayed: true, runId: row.run_id };
  return {
    replayed: false,
    runId: row.run_id,
    plan: row.plan,
    model: row.model_id!,
    target: row.target!,
    temperature: row.temperature === null ? null : Number(row.temperature),
    maxTokens: row.max_tokens!,
    validators: row.validators ?? [],
    prompt: row.resolved_prompt!,
    messages: row.messages,
    responseFormat: row.response_format,
    promptId: row.prompt_id,
    versionId: row.version_id,
    versionNumber: row.version_number,
    label: row.label,
    price: row.price,
    spendLimit: row.budget,
  };
}

/**
 * Removes a run that metering refused before its call (it leaves no trace). Retried like
 * finish_run when the connection dropped: a refused run left behind would be swept to a timeout
 * and counted as a run that never ran. Never throws.
 */
export async function discardRun(deps: Deps, claims: Claims, runId: string): Promise<void> {
  const sql = deps.sql;
  for (let attempt = 0;; attempt++) {
    try {
      await sql`
        select r.discarded
        from (select ${serviceCallerSettings(sql, claims)}) as caller
        cross join lateral public.discard_run(
          case when caller.role = 'service_role' then ${runId}::uuid end) as r (discarded)`;
      return;
    } catch (e) {
      if (!isConnectionError(e) || attempt === FINISH_RETRY_DELAYS_MS.length) {
        console.error("a refused run was not discarded:", e instanceof Error ? e.message : e);
        return;
      }
      await new Promise((r) => setTimeout(r, FINISH_RETRY_DELAYS_MS[attempt]));
    }
  }
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
