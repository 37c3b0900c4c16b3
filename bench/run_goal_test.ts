import assert from "node:assert/strict";
import { closedLoopBound, GOAL, meetsGoal } from "./run_goal.ts";

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
