import assert from "node:assert/strict";
import { appliedButMissing, backoff, nextDelay } from "./stack.ts";

Deno.test("applied migrations that no local file carries are reported", () => {
  const local = ["20261204000000_private_schema.sql", "20261204000100_table_privileges.sql"];
  assert.deepEqual(appliedButMissing(["20261204000000", "20261204000100"], local), []);
  assert.deepEqual(appliedButMissing([], local), [], "a fresh database has no history");
  assert.deepEqual(
    appliedButMissing(["20261201000000", "20261204000000"], local),
    ["20261201000000"],
    "a version from before a fold is reported",
  );
});

Deno.test("a child that keeps dying is restarted after 0.5 s, doubling to 10 s, reset by a minute up", () => {
  let delay: number | null = null;
  const waits: number[] = [];
  for (let i = 0; i < 7; i++) waits.push(delay = nextDelay(delay, 2_000));
  assert.deepEqual(waits, [500, 1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  assert.equal(nextDelay(10_000, backoff.resetAfterMs), 500, "a minute of health resets it");
  assert.equal(nextDelay(10_000, backoff.resetAfterMs - 1), 10_000);
});
