import assert from "node:assert/strict";
import { need } from "../dev/env.ts";
import { parsePgbench, pgbench } from "./pgbench.ts";

const report = (failed: number) =>
  `transaction type: run.sql
number of clients: 10
number of transactions actually processed: 4000/4000
number of failed transactions: ${failed} (0.000%)
latency average = 4.870 ms
initial connection time = 21.305 ms
tps = 2053.249857 (without initial connection time)
`;

Deno.test("pgbench's report gives throughput and count", () => {
  assert.deepEqual(parsePgbench(report(0)), { tps: 2053.249857, processed: 4000 });
});

Deno.test("a pgbench report with failures or without throughput is an error", () => {
  assert.throws(() => parsePgbench(report(3)), /3 failed transactions/);
  assert.throws(() => parsePgbench("pgbench: error: connection refused"), /no throughput/);
});

Deno.test("pgbench runs a script against the local cluster", async () => {
  const r = await pgbench(need("SUPABASE_DB_URL"), "select 1;\nselect 2;\n", 2, 25);
  assert.equal(r.processed, 50);
  assert.ok(r.tps > 0);
  await assert.rejects(
    () => pgbench(need("SUPABASE_DB_URL"), "select no_such_column;\n", 1, 1),
    /pgbench/,
  );
});
