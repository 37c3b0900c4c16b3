import assert from "node:assert/strict";
import { closedLoopBound, GOAL, meetsGoal, versusPeer } from "./run_goal.ts";

Deno.test("the goal holds only when both p50 and p99 are within it", () => {
  assert.equal(meetsGoal({ p50: 10, p99: 30 }), true);
  assert.equal(meetsGoal({ p50: 5.1, p99: 4.3 }), true);
  assert.equal(meetsGoal({ p50: 10.01, p99: 4 }), false);
  assert.equal(meetsGoal({ p50: 2.3, p99: 36.4 }), false);
  assert.deepEqual(GOAL, { p50: 10, p99: 30 });
});

Deno.test("closed-loop bound: concurrency × CPU per request / cores, less the direct path", () => {
  // 32 callers, 1.5 ms of CPU per request on 2 cores: at best 1333 requests/s, so 24 ms each.
  assert.equal(closedLoopBound(32, 2, 1.5, 3), 21);
  assert.equal(closedLoopBound(1, 2, 1.5, 3), 0, "never below zero");
});

Deno.test("against a peer: ratios, the verdict, and by how much it is missed", () => {
  assert.deepEqual(versusPeer({ p50: 2.4, p99: 6 }, { p50: 1.2, p99: 8 }), {
    ratio: { p50: 2, p99: 0.75 },
    met: false,
    over_ms: { p50: 1.2, p99: 0 },
  });
  assert.equal(versusPeer({ p50: 1, p99: 3 }, { p50: 1, p99: 3 }).met, true, "equal is met");
  assert.deepEqual(
    versusPeer({ p50: 0.5, p99: 1 }, { p50: 0, p99: -0.3 }).ratio,
    { p50: null, p99: null },
    "no ratio to a peer that added nothing",
  );
});
