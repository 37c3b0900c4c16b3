// The run service: every model call the product makes goes through it (runs of a prompt,
// improvement suggestions, and whatever calls a model next), as
//   start (one SQL statement: prepared, rendered, bounded by the plan, routed, priced and recorded
//   as running, while Upstash counts the call) → meter → call → validate → finish (the outcome
//   recorded, priced).
// A call that composes its own text from the prompt (improve) reads the version first.
// Metering has one guard: whatever was counted is given back, and a run metering refused is
// discarded, unless the run was committed to its call. Once a run's call is made something always
// finishes it: the service, a retried write on a fresh connection, or (last resort) the pg_cron
// sweep. Routes only translate to JSON or SSE.
import type { Caller } from "../context.ts";
import type { KeySource, RunKind } from "../contract.ts";
import type { Deps } from "../deps.ts";
import { countRun, createQuota, meterRun, type QuotaState, uncount } from "../quota.ts";
import { callModel, type CallOutcome } from "./execute.ts";
import { type Target, targetFor } from "./provider.ts";
import type { RunRecord } from "./record.ts";
import {
  discardRun,
  finishRun,
  loadRun,
  type Prepared,
  prepareRun,
  type StartedRun,
  startRun,
} from "./store.ts";
import { runValidators, type Validation } from "./validate.ts";

export interface CallRequest {
  kind: RunKind;
  promptId: string;
  versionId?: string;
  model?: string;
  temperature?: number;
  maxTokens?: number;
  /** A prompt run: the caller's values for the version's typed variables. */
  variables?: Record<string, unknown>;
  /** Any other kind: the text sent to the model, built from the prompt's version. */
  compose?: (p: Prepared) => string;
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

export function createRunService(deps: Deps): RunService {
  const quota = createQuota(deps);
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
        let prepared: Prepared | null = null;
        if (req.kind !== "prompt") {
          prepared = await prepareRun(deps, caller.claims, req);
          mark("prepare");
        }
        const started = await startRun(deps, caller.claims, {
          ...req,
          text: prepared ? req.compose!(prepared) : undefined,
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
        const [metered, target] = await Promise.all([
          meterRun(quota, caller.userId, started.plan, {
            id: started.target.id,
            limits: started.target.limits,
            reserveTokens: worstCaseTokens(started.prompt, started.maxTokens),
          }, counted).catch((e) => {
            giveBack = discard;
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
            const run = await execute(deps, caller, started, target, req.stream === true, {
              onDelta,
              mark,
            });
            await metered.spendTokens(run.token_usage?.total_tokens ?? 0);
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
  on: { onDelta?: (text: string) => void; mark: (name: string) => void },
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
  try {
    outcome = "unusable" in target ? failed(target.unusable) : await callModel({
      target,
      prompt: run.prompt,
      temperature: run.temperature,
      maxTokens: run.maxTokens,
      timeoutMs: deps.config.llm.timeoutMs,
      maxRetries: deps.config.llm.maxRetries,
      stream,
      onDelta: on.onDelta,
    });
    // start_run hands over validators for a run of the prompt only: a suggestion for the
    // prompt is not what the prompt produces.
    if (outcome.status === "success") {
      validation = runValidators(run.validators, outcome.output ?? "");
    }
  } catch (e) {
    outcome = failed(`internal error while running: ${e instanceof Error ? e.message : e}`);
  }
  on.mark("provider");
  const finished = await finishRun(deps.sql, caller.claims, run.runId, outcome, validation);
  on.mark("finish");
  return finished;
}
