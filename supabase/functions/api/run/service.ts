// The run service: every model call the product makes goes through it (runs of a prompt,
// improvement suggestions, and whatever calls a model next), as
//   prepare (one read as the caller, while Upstash counts the call) → render → meter → start
//   (the run recorded as running) → call → validate → finish (the outcome recorded, priced).
// Metering has one guard: whatever was counted is given back unless the run was committed.
// Once a run is started something always finishes it: the service, a retried write on a fresh
// connection, or (last resort) the pg_cron sweep. Routes only translate to JSON or SSE.
import { ApiError } from "../../_shared/errors.ts";
import type { Caller } from "../context.ts";
import type { RunKind } from "../contract.ts";
import type { Deps } from "../deps.ts";
import { countRun, createQuota, meterRun, type QuotaState, uncount } from "../quota.ts";
import { callModel, type CallOutcome } from "./execute.ts";
import type { RunRecord } from "./record.ts";
import { renderPrompt } from "./render.ts";
import {
  finishRun,
  loadRun,
  type Prepared,
  type PrepareRequest,
  prepareRun,
  startRun,
} from "./store.ts";
import { runValidators, type Validation } from "./validate.ts";

export interface CallRequest extends PrepareRequest {
  kind: RunKind;
  /** A prompt run: the caller's values for the version's typed variables. */
  variables?: Record<string, unknown>;
  /** Any other kind: the text sent to the model, built from the prepared prompt. */
  compose?: (p: Prepared) => string;
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
  prepared: Prepared;
  /** Today's quota after this call, for the rate-limit headers. */
  daily: QuotaState;
  /** Where the time went so far (prepare, quota, start, provider, finish), as Server-Timing. */
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

      // Today's call is counted in Upstash while the call is prepared in Postgres: the two
      // round trips overlap. The one guard: `giveBack` is what stopping now must return, until
      // the run commits. (A refusal by meterRun settles its own counts: a refused daily count
      // stays counted, it is that window's count.)
      const counted = countRun(quota, caller);
      let giveBack: (() => Promise<void>) | null = () => uncount(quota, caller.userId, counted);
      try {
        const prep = await prepareRun(deps, caller.claims, req);
        mark("prepare");
        if (prep.existingRunId) return await replay(caller, prep.existingRunId);
        const rendered = req.kind === "prompt"
          ? renderPrompt(prep.content, prep.variables, req.variables ?? {})
          : { text: req.compose!(prep), values: {} };
        admit(prep, rendered.text);

        giveBack = null;
        const metered = await meterRun(quota, caller.userId, prep.plan, {
          id: prep.target.providerId,
          limits: prep.target.limits,
          reserveTokens: worstCaseTokens(rendered.text, prep.maxTokens),
        }, counted);
        giveBack = metered.refund;
        mark("quota");
        const stream = req.stream === true;
        const started = await startRun(deps, caller.claims, prep, {
          kind: req.kind,
          variables: rendered.values,
          resolvedPrompt: rendered.text,
          idempotencyKey: req.idempotencyKey ?? null,
          stream,
        });
        mark("start");
        if (started.replayed) return await replay(caller, started.runId);
        giveBack = null;

        return {
          replayed: false,
          runId: started.runId,
          prepared: prep,
          daily: metered.daily,
          timing: () => marks.join(", "),
          execute: async (onDelta) => {
            const run = await execute(
              deps,
              caller,
              started.runId,
              prep,
              {
                kind: req.kind,
                prompt: rendered.text,
                stream,
              },
              onDelta,
              mark,
            );
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
 * The plan's bound on what one call may send: a rendered prompt longer than it is refused
 * before anything is spent (a small template with many placeholders can render very large).
 */
function admit(p: Prepared, text: string): void {
  if (text.length <= p.limits.maxPromptChars) return;
  const limit = p.limits.maxPromptChars;
  throw new ApiError(
    413,
    "prompt_too_large",
    `the rendered prompt has ${text.length} characters; the ${p.plan} plan allows ${limit}`,
    {
      limit,
      length: text.length,
      fields: [{ field: "variables", message: `the rendered prompt is over ${limit} characters` }],
    },
  );
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
  runId: string,
  p: Prepared,
  call: { kind: RunKind; prompt: string; stream: boolean },
  onDelta?: (text: string) => void,
  mark: (name: string) => void = () => {},
): Promise<RunRecord> {
  let outcome: CallOutcome;
  let validation: Validation = { status: "skipped", results: [] };
  try {
    outcome = await callModel({
      target: p.target,
      prompt: call.prompt,
      temperature: p.temperature,
      maxTokens: p.maxTokens,
      timeoutMs: deps.config.llm.timeoutMs,
      maxRetries: deps.config.llm.maxRetries,
      stream: call.stream,
      onDelta,
    });
    // Validators check what the prompt produced; a suggestion for the prompt is not that.
    if (outcome.status === "success" && call.kind === "prompt") {
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
  mark("provider");
  const run = await finishRun(deps.sql, caller.claims, runId, outcome, validation);
  mark("finish");
  return run;
}
