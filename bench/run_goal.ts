// bench:runs' verdict on the issue's goal (the API adds at most 10 ms at p50 and 30 ms at p99 at
// concurrency 32), and the least any API could add when the provider answers at once.
import { round } from "./stats.ts";

/** Milliseconds a path adds over calling the stand-in directly. */
export interface Added {
  p50: number;
  p99: number;
}

export const GOAL: Added = { p50: 10, p99: 30 };

export function meetsGoal(added: Added, goal: Added = GOAL): boolean {
  return added.p50 <= goal.p50 && added.p99 <= goal.p99;
}

/**
 * The least mean latency a path can add in a closed loop of `concurrency` callers when the
 * provider answers at once. Each caller sends its next request when the last one returns, so the
 * mean latency is concurrency / throughput (Little's law); throughput is at most cores / (CPU ms
 * per request), reached only if every core is busy all the time. Minus the direct path's latency.
 */
export function closedLoopBound(
  concurrency: number,
  cores: number,
  cpuMsPerRequest: number,
  directMs: number,
): number {
  return round(Math.max(0, (concurrency * cpuMsPerRequest) / cores - directMs));
}
