// The dev stack's workflow tick on the running stack: a run started with no tick of its own (in
// SQL) is carried to its end by the ticker alone.
import assert from "node:assert/strict";
import { localEnv } from "./env.ts";
import { api, newUser } from "./testing.ts";
import { adminSql } from "../supabase/functions/api/run/testing.ts";
import { startInSql } from "../supabase/functions/api/workflows/testing.ts";
import { startWorkflowTicker } from "./workflow_ticker.ts";

Deno.test("the ticker advances workflow runs with nobody calling the tick", async () => {
  const sql = adminSql();
  const ticker = startWorkflowTicker(localEnv, 50)!;
  try {
    const user = await newUser("wf-ticker");
    const runId = await startInSql(sql, user, "research-brief", { topic: "tickers" });
    let status = "pending";
    for (let i = 0; i < 400 && status !== "completed"; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await api("GET", `/workflows/runs/${runId}`, { auth: user })).body.status;
    }
    assert.equal(status, "completed");
  } finally {
    await ticker.stop();
    await sql.end();
  }
});

Deno.test("a tick interval of 0 turns the ticker off", () => {
  assert.equal(startWorkflowTicker(localEnv, 0), null);
});
