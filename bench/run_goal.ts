// bench:runs' verdict on the issue's goal (the API adds at most 10 ms at p50 and 30 ms at p99 at
// concurrency 32), the least any API could add when the provider answers at once, and the
// comparison with a peer gateway (Portkey's) on the same provider.
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

/** Promptline's added latency against a peer gateway's (Portkey's), on the same provider. */
export interface VersusPeer {
  /** Promptline / peer, per percentile; null when the peer added nothing (0 or less). */
  ratio: { p50: number | null; p99: number | null };
  /** Both percentiles at most the peer's. */
  met: boolean;
  /** How many ms Promptline adds beyond the peer (0 where it adds no more). */
  over_ms: Added;
}

export function versusPeer(ours: Added, peer: Added): VersusPeer {
  const ratio = (a: number, b: number) => (b > 0 ? round(a / b) : null);
  return {
    ratio: { p50: ratio(ours.p50, peer.p50), p99: ratio(ours.p99, peer.p99) },
    met: meetsGoal(ours, peer),
    over_ms: {
      p50: round(Math.max(0, ours.p50 - peer.p50)),
      p99: round(Math.max(0, ours.p99 - peer.p99)),
    },
  };
}
