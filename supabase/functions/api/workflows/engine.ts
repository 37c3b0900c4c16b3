// The durable workflow engine: work advances one gate at a time, claimed in SQL with a lease and
// committed per gate, so no HTTP request has to stay open for a workflow to finish. A tick
// claims a gate, calls its model through the run service (as the run's owner: the call is
// metered against their daily quota, priced and recorded as a run of kind workflow_gate), runs
// the checks, and completes the gate; SQL decides what comes next. A worker that dies mid-gate
// leaves a lease that expires: the next claim fails that attempt (LEASE_EXPIRED) and retries it.
// Ticks come from pg_cron (production), the dev stack, and the API right after a run starts.
import { ApiError, fromPgError } from "../../_shared/errors.ts";
import type { Caller } from "../context.ts";
import type { Deps } from "../deps.ts";
import { type RunService, runServiceOf } from "../run/service.ts";
import { buildArtifacts } from "./artifacts.ts";
import { runChecks } from "./checks.ts";
import { gradeCheck } from "./grader.ts";
import { type Claim, claimGate, type Completed, completeGate, type Completion } from "./store.ts";

export interface TickOptions {
  /** Names this worker's leases; one per tick by default. */
  worker?: string;
  /** Gates to run at most in this tick, over all its lanes. */
  maxGates?: number;
  /** Gates run at once. */
  concurrency?: number;
  /** Stop claiming once this many milliseconds have passed (a gate already claimed finishes). */
  budgetMs?: number;
}

export interface GateDone {
  gateExecutionId: string;
  runId: string;
  gateId: string;
  attempt: number;
  outcome: Completed;
}

export interface Engine {
  tick(opts?: TickOptions): Promise<GateDone[]>;
}

/** How long a lease lasts: a model call with all its retries, and some. */
export function leaseSecondsFor(
  { timeoutMs, maxRetries }: { timeoutMs: number; maxRetries: number },
): number {
  return Math.min(3600, Math.ceil((timeoutMs * (maxRetries + 1)) / 1000) + 30);
}

/** The run's owner, as the run service needs them: gates are charged to whoever started the run. */
function ownerOf(claim: Claim): Caller {
  return {
    userId: claim.user_id,
    via: "jwt",
    claims: { sub: claim.user_id, role: "authenticated", aud: "authenticated" },
  };
}

/** The failure code of a refused or failed model call (QUOTA_EXCEEDED, PROVIDER_ERROR, ...). */
function failCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9_]/g, "_").slice(0, 50);
}

async function callAndCheck(runs: RunService, claim: Claim): Promise<Completion> {
  const schema = claim.stage.response_schema;
  if (claim.prompt_packet === null) {
    // The library version the run pinned for this stage was deleted with its prompt: no call
    // can be made, and retrying cannot bring it back; the run pauses saying why.
    return {
      modelRunId: null,
      output: null,
      results: [],
      artifacts: [],
      error: {
        message: "the library prompt version this run pinned for the stage no longer exists",
        code: "PROMPT_VERSION_GONE",
      },
    };
  }
  let begun;
  try {
    begun = await runs.begin(ownerOf(claim), {
      kind: "workflow_gate",
      promptId: null,
      text: claim.prompt_packet,
      model: claim.model ?? undefined,
      // Cancelling the workflow run stops this call (the route raises the run's cancel flag).
      cancelWith: claim.run_id,
      // The gate's checks judge the answer and its retries say why; the run service is not to
      // ask again on its own.
      structured: schema
        ? { format: { name: "gate_output", schema, strict: true }, misfit: () => null }
        : undefined,
    });
  } catch (e) {
    // A refusal before any call (quota, plan, budget, a prompt over the plan's bound: the run
    // service's own or start_run's coded SQL errors): the attempt fails saying why. Anything else
    // (the database unreachable) leaves the gate leased, and its lease expiring retries it.
    const refusal = e instanceof ApiError ? e : fromPgError(e);
    if (refusal && refusal.status < 500) {
      return {
        modelRunId: null,
        output: null,
        results: [],
        artifacts: [],
        error: { message: refusal.message, code: failCode(refusal.code) },
      };
    }
    throw e;
  }
  if (begun.replayed) throw new Error("a gate's call has no Idempotency-Key and is never replayed");
  const run = await begun.execute();
  if (run.status !== "success" || run.output === null) {
    return {
      modelRunId: run.id,
      output: run.output,
      results: [],
      artifacts: [],
      error: {
        message: run.error_message ?? `the model call ended ${run.status}`,
        code: run.status === "timeout"
          ? "PROVIDER_TIMEOUT"
          : run.status === "cancelled"
          ? "CANCELLED"
          : "PROVIDER_ERROR",
      },
    };
  }
  const artifacts = buildArtifacts(claim.stage, run.output);
  const output = run.output;
  const plain = runChecks(claim.checks, output, artifacts, claim.spec_hash);
  // Model-graded checks call their graders one after another: each is a metered call, and a
  // gate rarely has more than one.
  const graded = [];
  for (const check of claim.checks.filter((c) => c.type === "model_graded")) {
    graded.push(await gradeCheck(runs, ownerOf(claim), check, output, claim.spec_hash));
  }
  const byName = new Map([...plain, ...graded].map((r) => [r.name, r] as const));
  return {
    modelRunId: run.id,
    output,
    results: claim.checks.map((c) => byName.get(c.name)!),
    artifacts,
  };
}

export function createEngine(deps: Deps): Engine {
  const runs = runServiceOf(deps);
  const leaseSeconds = leaseSecondsFor(deps.config.llm);
  return {
    async tick(opts = {}) {
      const worker = opts.worker ?? `api-${crypto.randomUUID()}`;
      const maxGates = opts.maxGates ?? 20;
      const deadline = performance.now() + (opts.budgetMs ?? 30_000);
      const done: GateDone[] = [];
      let claimed = 0;
      const mayClaim = () => claimed < maxGates && performance.now() < deadline;
      const lane = async () => {
        // The gate this lane holds: claimed on its own, or with the completion of the one before.
        let claim: Claim | null = null;
        while (true) {
          try {
            if (!claim) {
              if (!mayClaim()) return;
              claimed++;
              claim = await claimGate(deps.sql, worker, leaseSeconds);
              if (!claim) return;
            }
            const completion = await callAndCheck(runs, claim);
            const claimNext = mayClaim();
            if (claimNext) claimed++;
            const { next, ...outcome } = await completeGate(
              deps.sql,
              claim,
              worker,
              completion,
              claimNext ? leaseSeconds : null,
            );
            done.push({
              gateExecutionId: claim.gate_execution_id,
              runId: claim.run_id,
              gateId: claim.gate_id,
              attempt: claim.attempt,
              outcome,
            });
            // None waited when the completion looked: nothing is left for this lane now either.
            if (claimNext && !next) return;
            claim = next;
          } catch (e) {
            // This lane stops; the other lanes go on, and a gate it held is retried when its
            // lease expires.
            console.error("workflow gate failed in the engine", e);
            return;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, lane));
      return done;
    },
  };
}

/**
 * Advances work after a response has been sent: the Edge Runtime keeps the worker alive for it
 * (EdgeRuntime.waitUntil); elsewhere the promise simply runs on. Failures are logged: the next
 * tick picks up whatever this one left.
 */
export function tickInBackground(engine: Engine, opts?: TickOptions): void {
  const work = engine.tick(opts).catch((e) => console.error("workflow tick failed", e));
  const rt = (globalThis as { EdgeRuntime?: { waitUntil?: (p: Promise<unknown>) => void } })
    .EdgeRuntime;
  rt?.waitUntil?.(work);
}
