// The run service: every model call the product makes goes through it (runs of a prompt,
// improvement suggestions, and whatever calls a model next), as
//   start (one SQL statement: prepared, rendered, bounded by the plan, routed, priced and recorded
//   as running, while Upstash counts the call) → meter → call → validate → finish (the outcome
//   recorded, priced).
// A call that composes its own text from the prompt (improve) reads the version first; the
// prompt builder's calls have no prompt and bring their text. A call may ask for structured
// output (a JSON schema, sent as response_format): an answer that does not fit is asked for once
// more within the same run (one count against the daily quota, both calls' tokens and cost on it,
// and a second request against the provider's per-user limits, which may refuse it), and a second
// misfit ends the run as an error.
// Metering has one guard: whatever was counted is given back, and a run metering refused is
// discarded, unless the run was committed to its call. Once a run's call is made something always
// finishes it: the service, a retried write on a fresh connection, or (last resort) the pg_cron
// sweep. A user the daily quota refused moments ago is counted in Upstash before anything is
// asked of Postgres (recentRefusals). Routes only translate to JSON or SSE.
import type { Caller } from "../context.ts";
import type { KeySource, RunKind } from "../contract.ts";
import type { Deps } from "../deps.ts";
import {
  countRun,
  createQuota,
  dailyQuotaExceeded,
  meterRun,
  type QuotaState,
  recentRefusals,
  uncount,
} from "../quota.ts";
import {
  type CallInput,
  callModel,
  type CallOutcome,
  type ResponseFormat,
  type TokenUsage,
} from "./execute.ts";
import { type Target, targetFor } from "./provider.ts";
import type { RunRecord } from "./record.ts";
import {
  type BuilderFields,
  type ChatMessage,
  discardRun,
  finishRun,
  loadRun,
  type Prepared,
  prepareRun,
  type StartedRun,
  startRun,
  type VersionResponseFormat,
} from "./store.ts";
import { runValidators, type Validation } from "./validate.ts";
import { watchForCancel } from "./cancel.ts";
import { reserveSpend, worstCaseUnits } from "./spend_limit.ts";

/** Structured output: the schema sent to the model, and the check its answer must pass. */
export interface Structured {
  format: ResponseFormat;
  /** Why the answer does not fit, or null when it does. */
  misfit(output: string): string | null;
}

export interface CallRequest {
  kind: RunKind;
  /** The prompt the call is for; null for the builder's calls, which bring their `text`. */
  promptId: string | null;
  versionId?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /** A prompt run: the caller's values for the version's typed variables. */
  variables?: Record<string, unknown>;
  /** Any other kind: the text sent to the model, built from the prompt's version. */
  compose?: (p: Prepared) => string;
  /** A call with no prompt (the builder's): the text sent to the model. */
  text?: string;
  /** The prompt by the caller's name for it and a label, instead of promptId. */
  promptName?: string;
  label?: string;
  /** Messages appended after the prompt's (the OpenAI-compatible endpoint), or a gateway call's. */
  messages?: ChatMessage[];
  /** The builder's fields recorded on its run (seed 004's history). */
  builder?: BuilderFields;
  structured?: Structured;
  /** What this call is part of (a workflow run's id): cancelling that stops the call too. */
  cancelWith?: string;
  idempotencyKey?: string | null;
  stream?: boolean;
}

/** A call that was already made with the same Idempotency-Key: its run, final if it can wait. */
export interface Replay {
  replayed: true;
  run: RunRecord;
}

/** A started run: the call is made by `execute`, exactly once. */
export interface Started {
  replayed: false;
  runId: string;
  model: string;
  keySource: KeySource;
  /** The version the text was composed from (kinds that compose their own text). */
  prepared: Prepared | null;
  /** Today's quota after this call, for the rate-limit headers. */
  daily: QuotaState;
  /** Where the time went so far (prepare, start, quota, provider, finish), as Server-Timing. */
  timing(): string;
  /**
   * Calls the model, validates and records the outcome; resolves with the final run. Streamed
   * text arrives through `onDelta` as it comes. Never leaves the run unfinished.
   */
  execute(onDelta?: (text: string) => void): Promise<RunRecord>;
}

export interface RunService {
  begin(caller: Caller, req: CallRequest): Promise<Replay | Started>;
}

const services = new WeakMap<Deps, RunService>();

/**
 * The run service of an app's deps, made once: every route and the workflow engine share it, and
 * with it what it keeps (the quota's limiters, the users refused moments ago).
 */
export function runServiceOf(deps: Deps): RunService {
  let service = services.get(deps);
  if (!service) {
    service = createRunService(deps);
    services.set(deps, service);
  }
  return service;
}

function createRunService(deps: Deps): RunService {
  const quota = createQuota(deps);
  const refusals = recentRefusals();
  // A replay waits for its twin at most as long as the twin may take.
  const replayWaitMs = deps.config.llm.timeoutMs + 5_000;
  const replay = async (caller: Caller, runId: string): Promise<Replay> => ({
    replayed: true,
    run: await loadRun(deps, caller.claims, runId, replayWaitMs),
  });

  return {
    async begin(caller, req) {
      const marks: string[] = [];
      let t = performance.now();
      const mark = (name: string) => {
        const now = performance.now();
        marks.push(`${name};dur=${(now - t).toFixed(1)}`);
        t = now;
      };

      // Today's call is counted in Upstash while the run is started in Postgres: the two round
      // trips overlap. The one guard: `giveBack` is what stopping now must undo, until the run is
      // committed to its call. (A refusal by meterRun settles its own counts: a refused daily
      // count stays counted, it is that window's count.)
      const counted = countRun(quota, caller);
      let giveBack: (() => Promise<void>) | null = () => uncount(quota, caller.userId, counted);
      try {
        // Refused moments ago: Upstash is heard before Postgres, and a refusal again costs no
        // run written and discarded. (A refused daily count stays counted: it is the window's.)
        const refusedAs = refusals.planOf(caller.userId);
        if (refusedAs) {
          const daily = (await counted)(refusedAs);
          if (!daily.ok) {
            giveBack = null;
            throw dailyQuotaExceeded(daily, refusedAs);
          }
          refusals.forget(caller.userId);
        }
        let prepared: Prepared | null = null;
        if (req.kind !== "prompt" && req.promptId !== null) {
          prepared = await prepareRun(deps, caller.claims, { ...req, promptId: req.promptId });
          mark("prepare");
        }
        const started = await startRun(deps, caller.claims, {
          ...req,
          text: prepared ? req.compose!(prepared) : req.text,
          stream: req.stream === true,
        });
        mark("start");
        if (started.replayed) return await replay(caller, started.runId);

        // The run is recorded: a refusal from here removes it too, as it was never sent.
        const discard = () => discardRun(deps, caller.claims, started.runId);
        giveBack = async () => {
          await discard();
          await uncount(quota, caller.userId, counted);
        };
        // A monthly spend limit: the worst case is reserved first, so a refused run costs no
        // provider slot; a refusal by the meter after it gives the reservation back.
        const reservation = started.spendLimit && started.price
          ? await reserveSpend(
            deps,
            caller.claims,
            started.spendLimit,
            worstCaseUnits(
              started.price,
              worstCaseTokens(started.prompt, 0),
              started.maxTokens,
            ),
          )
          : null;
        const releaseAnd = (undo: () => Promise<void>) => async () => {
          await reservation?.release();
          await undo();
        };
        giveBack = releaseAnd(giveBack);
        const [metered, target] = await Promise.all([
          meterRun(quota, caller.userId, started.plan, {
            id: started.target.id,
            limits: started.target.limits,
            reserveTokens: worstCaseTokens(started.prompt, started.maxTokens),
          }, counted).catch(async (e) => {
            giveBack = releaseAnd(discard);
            const refusedDaily = await counted.then((c) => !c(started.plan).ok, () => false);
            if (refusedDaily) refusals.remember(caller.userId, started.plan);
            throw e;
          }),
          targetFor(deps.config, caller.userId, started.target),
        ]);
        giveBack = null;
        mark("quota");

        return {
          replayed: false,
          runId: started.runId,
          model: started.model,
          keySource: started.target.key_source,
          prepared,
          daily: metered.daily,
          timing: () => marks.join(", "),
          execute: async (onDelta) => {
            const run = await execute(
              deps,
              caller,
              started,
              target,
              req.stream === true,
              {
                onDelta,
                mark,
                // The provider's token budget is settled while the run is recorded: both need
                // only the answer's usage, and neither may keep the caller waiting for the other.
                answered: (usage) => metered.spendTokens(usage?.total_tokens ?? 0),
                // Asking once more is another request to the provider: its per-user limits count it.
                askAgain: async () => (await metered.askAgain())?.message ?? null,
              },
              req.structured,
              req.cancelWith,
            );
            // The spend reservation settles to the cost, which only the recorded run has.
            await reservation?.settle(run.cost_usd);
            return run;
          },
        };
      } finally {
        await giveBack?.();
      }
    },
  };
}

/**
 * A call's worst case in tokens, reserved from the provider's per-minute budget before the call
 * and settled to the real usage after. Tokenising the prompt would cost CPU on every run, so its
 * size is bounded from its length instead: no tokenizer in use makes fewer than one token per
 * three characters of ordinary text, so this over-reserves rather than under.
 */
export function worstCaseTokens(prompt: string, maxTokens: number): number {
  return Math.ceil(prompt.length / 3) + maxTokens;
}

/** Calls the model and records the outcome; whatever goes wrong, the run ends final. */
async function execute(
  deps: Deps,
  caller: Caller,
  run: StartedRun,
  target: Target | { unusable: string },
  stream: boolean,
  on: {
    onDelta?: (text: string) => void;
    mark: (name: string) => void;
    /** The call is over (whatever its outcome); runs beside the run's recording. Never throws. */
    answered?: (usage: TokenUsage | null) => Promise<void>;
    /** Before asking once more: why it may not (a provider limit), or null. Never throws. */
    askAgain?: () => Promise<string | null>;
  },
  structured?: Structured,
  cancelWith?: string,
): Promise<RunRecord> {
  let outcome: CallOutcome;
  let validation: Validation = { status: "skipped", results: [] };
  const failed = (error: string): CallOutcome => ({
    status: "error",
    output: null,
    usage: null,
    latencyMs: 0,
    attempts: 0,
    metadata: { provider_id: run.target.id, key_source: run.target.key_source },
    error,
    logs: [],
  });
  const cancel = watchForCancel(deps.redis, run.runId, cancelWith);
  try {
    const input = (usable: Target): CallInput => ({
      target: usable,
      prompt: run.prompt,
      messages: run.messages,
      temperature: run.temperature,
      maxTokens: run.maxTokens,
      timeoutMs: deps.config.llm.timeoutMs,
      maxRetries: deps.config.llm.maxRetries,
      stream,
      responseFormat: structured?.format ?? versionFormat(run.responseFormat),
      onDelta: on.onDelta,
      cancel: cancel.signal,
    });
    if ("unusable" in target) {
      outcome = failed(target.unusable);
    } else {
      outcome = await callModel(input(target));
      if (structured && outcome.status === "success") {
        outcome = await fitOrAskAgain(
          outcome,
          structured,
          () => callModel(input(target)),
          on.askAgain,
        );
      }
    }
    // start_run hands over validators for a run of the prompt only: a suggestion for the
    // prompt is not what the prompt produces.
    if (outcome.status === "success") {
      validation = runValidators(run.validators, outcome.output ?? "");
    }
  } catch (e) {
    outcome = failed(`internal error while running: ${e instanceof Error ? e.message : e}`);
  } finally {
    cancel.stop();
  }
  on.mark("provider");
  const [finished] = await Promise.all([
    finishRun(deps.sql, caller.claims, run.runId, outcome, validation),
    on.answered?.(outcome.usage),
  ]);
  on.mark("finish");
  return finished;
}

/** How a run whose structured answer did not fit twice says so (its error_message starts so). */
export const MISFIT_ERROR = "the model's answer did not fit the response schema twice";
/** How a run says its answer did not fit and a provider limit refused asking once more. */
export const NOT_ASKED_AGAIN_ERROR =
  "the model's answer did not fit the response schema, and asking once more was refused";

/**
 * A structured answer that does not fit its schema is asked for once more, in the same run: the
 * run's usage, latency, attempts and log cover both calls (so its cost does), and the quota
 * counted it once. A second misfit ends the run as an error saying why.
 */
export async function fitOrAskAgain(
  first: CallOutcome,
  structured: Structured,
  again: () => Promise<CallOutcome>,
  mayAskAgain: () => Promise<string | null> = () => Promise.resolve(null),
): Promise<CallOutcome> {
  const firstMisfit = structured.misfit(first.output ?? "");
  if (firstMisfit === null) return first;
  const refused = await mayAskAgain();
  if (refused !== null) {
    return {
      ...first,
      status: "error",
      error: `${NOT_ASKED_AGAIN_ERROR} (${refused}): ${firstMisfit}`,
    };
  }
  const second = await again();
  const merged: CallOutcome = {
    ...second,
    usage: addUsage(first.usage, second.usage),
    latencyMs: first.latencyMs + second.latencyMs,
    attempts: first.attempts + second.attempts,
    metadata: { ...second.metadata, schema_retries: 1 },
    logs: [
      ...first.logs,
      {
        level: "warn",
        message: "the answer did not fit the response schema; asking once more",
        data: { reason: firstMisfit },
      },
      ...second.logs,
    ],
  };
  if (second.status !== "success") return merged;
  const secondMisfit = structured.misfit(second.output ?? "");
  if (secondMisfit === null) return merged;
  return {
    ...merged,
    status: "error",
    error: `${MISFIT_ERROR}: ${secondMisfit}`,
  };
}

function addUsage(a: TokenUsage | null, b: TokenUsage | null): TokenUsage | null {
  if (!a || !b) return a ?? b;
  return {
    prompt_tokens: a.prompt_tokens + b.prompt_tokens,
    completion_tokens: a.completion_tokens + b.completion_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
    cached_tokens: a.cached_tokens + b.cached_tokens,
    reasoning_tokens: a.reasoning_tokens + b.reasoning_tokens,
    ...(a.estimated || b.estimated ? { estimated: true as const } : {}),
  };
}

/** A version's response format as sent to the provider (json_schema; named "response" if unnamed). */
function versionFormat(format: VersionResponseFormat | null): ResponseFormat | undefined {
  if (!format) return undefined;
  return { name: format.name ?? "response", schema: format.schema, strict: format.strict ?? true };
}
