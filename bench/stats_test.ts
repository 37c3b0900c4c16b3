import assert from "node:assert/strict";
import { percentile, round, table } from "./stats.ts";

Deno.test("percentiles by nearest rank", () => {
  const samples = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
  assert.equal(percentile(samples, 50), 5);
  assert.equal(percentile(samples, 99), 10);
  assert.equal(percentile(samples, 0), 1);
  assert.equal(percentile([42], 99), 42);
  assert.ok(Number.isNaN(percentile([], 50)));
});

Deno.test("round and table", () => {
  assert.equal(round(1.23456), 1.23);
  assert.equal(
    table([{ a: "x", b: 12 }, { a: "long", b: 3 }], ["a", "b"]),
    "a     b\n----  --\nx     12\nlong  3",
  );
});
