// Cancelling a run (issue 19): the call may be running in another worker than the one that gets
// POST /runs/:id/cancel, so the request is a flag in Upstash, shared by every worker; the worker
// running the call looks for it while the call lasts and aborts the provider call. Only calls
// that outlast the first look (FIRST_LOOK_MS) cost a Redis read, one per POLL_MS after that.
import type { Redis } from "@upstash/redis";

const FIRST_LOOK_MS = 300;
const POLL_MS = 250;
/** Long enough for any run to end (the flag is useless after it has). */
const FLAG_TTL_S = 600;

export const cancelKey = (runId: string) => `run:cancel:${runId}`;

export async function requestCancel(redis: Redis, runId: string): Promise<void> {
  await redis.set(cancelKey(runId), 1, { ex: FLAG_TTL_S });
}

/**
 * Watches for a cancel request of this run, or of what it is part of (a workflow run, whose id
 * `alsoId` is), until stopped; `signal` aborts when one comes. Both are one read.
 */
export function watchForCancel(
  redis: Redis,
  runId: string,
  alsoId?: string,
  timing = { firstLookMs: FIRST_LOOK_MS, pollMs: POLL_MS },
): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const look = async () => {
    try {
      const flags = alsoId
        ? await redis.mget(cancelKey(runId), cancelKey(alsoId))
        : [await redis.get(cancelKey(runId))];
      if (flags.some(Boolean)) controller.abort();
    } catch {
      // Redis unreachable: the run goes on; the cancel route ends it in SQL after its wait.
    }
    if (!stopped && !controller.signal.aborted) timer = setTimeout(look, timing.pollMs);
  };
  timer = setTimeout(look, timing.firstLookMs);
  return {
    signal: controller.signal,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
