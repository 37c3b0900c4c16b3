// The workflow engine's faults on the running stack (issue 17), each ending with no gate left
// running, one row per attempt and totals equal to the gates' sums: a check failing every
// attempt pauses the run, then retry and skip go on; the provider failing the first attempt
// (500s past the client's retries, then a malformed answer) is retried and passes; a worker that
// died mid-gate leaves a lease that expires, and the gate is retried; the cost ceiling pauses
// the run; and concurrent claims never lease one gate twice.
import assert from "node:assert/strict";
import postgres from "postgres";
import { localEnv, need } from "../../../../dev/env.ts";
import { api, newUser } from "../../../../dev/testing.ts";
import { parseConfig } from "../../_shared/config.ts";
import { createDeps } from "../deps.ts";
import { adminSql, inOneDayWindow, ledgerKey } from "../run/testing.ts";
import { createQuota } from "../quota.ts";
import { assertConsistent, drive, startInSql, testTemplate, timeline } from "./testing.ts";

Deno.test("a check failing every attempt pauses the run; retry, then skip, and it completes", async () => {
  const sql = adminSql();
  // G2 always answers off its schema: no NOTES.md, so its checks fail every attempt.
  const t = await testTemplate(sql, { secondPrompt: "[[standin:misfit]]" });
  try {
    const user = await newUser("wf-pause");
    const key = ledgerKey("wf-pause");
    const start = await api("POST", "/workflows/runs", {
      auth: user,
      // G1's three attempts answer off their schema, the fourth does not
      body: { template: t.slug, intent: { topic: `tides [[standin:misfit;times=3;key=${key}]]` } },
    });
    assert.equal(start.status, 201, JSON.stringify(start.body));
    assert.equal(start.body.display_name, "tides", "directives are not part of the name");

    let run = await drive(user, start.body.id);
    assert.equal(run.status, "paused");
    assert.equal(run.pause_reason, "Gate G1 failed: HEADING_MISMATCH, MISSING_ARTIFACT");
    assert.deepEqual(timeline(run), [
      ["G1", "failed", 1, ["HEADING_MISMATCH", "MISSING_ARTIFACT"]],
      ["G1", "failed", 2, ["HEADING_MISMATCH", "MISSING_ARTIFACT"]],
      ["G1", "failed", 3, ["HEADING_MISMATCH", "MISSING_ARTIFACT"]],
    ]);
    assert.match(
      run.gates[1].prompt_packet,
      /The previous attempt failed: HEADING_MISMATCH, MISSING_ARTIFACT/,
    );
    assert.deepEqual(
      run.gates[0].validation_results.map((
        v: { name: string; passed: boolean },
      ) => [v.name, v.passed]),
      [["Notes file", false], ["Notes headings", false]],
    );
    await assertConsistent(sql, run.id);

    const skipRequired = await api("POST", `/workflows/runs/${run.id}/skip`, { auth: user });
    assert.equal(skipRequired.status, 409);
    assert.equal(skipRequired.body.error.code, "gate_required");

    const retry = await api("POST", `/workflows/runs/${run.id}/retry`, { auth: user });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    run = await drive(user, run.id);
    assert.equal(run.status, "paused");
    assert.equal(run.pause_reason, "Gate G2 failed: HEADING_MISMATCH, MISSING_ARTIFACT");
    assert.deepEqual(timeline(run).slice(3), [
      ["G1", "passed", 4, []],
      ["G2", "failed", 1, ["HEADING_MISMATCH", "MISSING_ARTIFACT"]],
      ["G2", "failed", 2, ["HEADING_MISMATCH", "MISSING_ARTIFACT"]],
    ]);

    const skip = await api("POST", `/workflows/runs/${run.id}/skip`, { auth: user });
    assert.equal(skip.status, 200, JSON.stringify(skip.body));
    assert.equal(skip.body.status, "completed", "G2 was the last gate");
    assert.deepEqual(timeline(skip.body).at(-1), ["G2", "skipped", 3, []]);
    assert.equal(skip.body.gates_passed, 1);
    assert.equal(skip.body.gates_failed, 5);
    assert.equal(skip.body.gates_skipped, 1);
    await assertConsistent(sql, run.id);
    const again = await api("POST", `/workflows/runs/${run.id}/retry`, { auth: user });
    assert.equal(again.status, 409, "an ended run is not retried");
  } finally {
    await t.remove();
    await sql.end();
  }
});

for (
  const [what, directive] of [
    // the client retries a 500 itself: every one of its tries fails, so the attempt does
    [
      "500s",
      (key: string) =>
        `[[standin:fault=500;times=${parseConfig(localEnv).llm.maxRetries + 1};key=${key}]]`,
    ],
    ["a malformed answer", (key: string) => `[[standin:malformed;times=1;key=${key}]]`],
  ] as const
) {
  Deno.test(`the provider failing the first attempt (${what}) is retried, and the retry passes`, async () => {
    const sql = adminSql();
    try {
      const user = await newUser("wf-provider");
      const runId = await startInSql(sql, user, "research-brief", {
        topic: `tidal power ${directive(ledgerKey("wf-provider"))}`,
      });
      const run = await drive(user, runId);
      assert.equal(run.status, "completed", JSON.stringify(timeline(run)));
      assert.deepEqual(timeline(run), [
        ["G1", "failed", 1, ["PROVIDER_ERROR"]],
        ["G1", "passed", 2, []],
        ["G2", "passed", 1, []],
        ["G3", "passed", 1, []],
      ]);
      assert.ok(run.gates[0].error_message, "the failed call says why");
      assert.ok(run.gates[0].model_run_id, "and its run is recorded");
      await assertConsistent(sql, runId);
    } finally {
      await sql.end();
    }
  });
}

Deno.test("a worker that dies mid-gate leaves a lease that expires: the gate is retried", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("wf-lease");
    // What a worker killed after claiming leaves behind: the gate running, its lease lapsed
    // (in the transaction that starts the run, so no tick sees it pending first).
    const runId = await startInSql(
      sql,
      user,
      "research-brief",
      { topic: "leases" },
      (tx, id) =>
        tx`update public.gate_executions set status = 'running', lease_owner = 'killed-worker',
          lease_expires_at = now() - interval '1 second', started_at = now() - interval '2 minutes'
        where run_id = ${id}`,
    );
    const run = await drive(user, runId);
    assert.equal(run.status, "completed");
    assert.deepEqual(timeline(run), [
      ["G1", "failed", 1, ["LEASE_EXPIRED"]],
      ["G1", "passed", 2, []],
      ["G2", "passed", 1, []],
      ["G3", "passed", 1, []],
    ]);
    assert.match(run.gates[0].error_message, /killed-worker/);
    await assertConsistent(sql, runId);
  } finally {
    await sql.end();
  }
});

Deno.test("the spec's cost ceiling pauses the run, saying so; resuming goes past it", async () => {
  const sql = adminSql();
  const t = await testTemplate(sql, { maxCost: 0.00000001 });
  try {
    const user = await newUser("wf-ceiling");
    const runId = await startInSql(sql, user, t.slug, { topic: "ceilings" });
    let run = await drive(user, runId);
    assert.equal(run.status, "paused");
    assert.match(
      run.pause_reason,
      /^Cost ceiling reached: the run spent \$0\.\d+ of the spec's maximum \$0\.00000001 before gate G2$/,
    );
    assert.deepEqual(timeline(run), [["G1", "passed", 1, []], ["G2", "pending", 1, []]]);
    const retry = await api("POST", `/workflows/runs/${runId}/retry`, { auth: user });
    assert.equal(retry.status, 200, JSON.stringify(retry.body));
    run = await drive(user, runId);
    assert.equal(run.status, "completed");
    await assertConsistent(sql, runId);
  } finally {
    await t.remove();
    await sql.end();
  }
});

Deno.test("gates count toward the daily quota: a refused gate pauses the run, saying why", async () => {
  await inOneDayWindow();
  const sql = adminSql();
  const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1" });
  try {
    const user = await newUser("wf-quota");
    // today's runs spent but two, as if the user had run prompts all day
    const quota = createQuota(deps);
    for (let i = 0; i < deps.config.quota.daily.free - 2; i++) await quota.count(user.id);
    const runId = await startInSql(sql, user, "research-brief", { topic: "quotas" });
    const run = await drive(user, runId);
    assert.equal(run.status, "paused");
    assert.match(run.pause_reason, /^Gate G3 could not call its model: QUOTA_EXCEEDED \(/);
    assert.deepEqual(timeline(run), [
      ["G1", "passed", 1, []],
      ["G2", "passed", 1, []],
      ["G3", "failed", 1, ["QUOTA_EXCEEDED"]],
    ], "no attempt is spent on a refusal after the first");
    await assertConsistent(sql, runId);
  } finally {
    await deps.sql.end();
    await sql.end();
  }
});

Deno.test("a gate whose model the plan does not allow pauses the run, saying why", async () => {
  const sql = adminSql();
  // a top-tier model: a free plan runs low and mid tiers only
  const t = await testTemplate(sql, { secondModel: "openai/gpt-5.3" });
  try {
    const user = await newUser("wf-plan");
    const runId = await startInSql(sql, user, t.slug, { topic: "plans" });
    const run = await drive(user, runId);
    assert.equal(run.status, "paused");
    assert.match(run.pause_reason, /^Gate G2 could not call its model: MODEL_NOT_IN_PLAN \(/);
    assert.deepEqual(timeline(run), [
      ["G1", "passed", 1, []],
      ["G2", "failed", 1, ["MODEL_NOT_IN_PLAN"]],
    ]);
    await assertConsistent(sql, runId);
  } finally {
    await t.remove();
    await sql.end();
  }
});

Deno.test("concurrent claims never lease one gate twice", async () => {
  const sql = adminSql();
  const user = await newUser("wf-claims");
  const runs: string[] = [];
  for (let i = 0; i < 6; i++) {
    runs.push(await startInSql(sql, user, "research-brief", { topic: `claims ${i}` }));
  }
  // twelve workers, each on a connection of its own, claim at once
  const workers = Array.from({ length: 12 }, (_, i) => `exclusive-${crypto.randomUUID()}-${i}`);
  const conns = workers.map(() =>
    postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} })
  );
  try {
    const claimed = await Promise.all(workers.map((w, i) =>
      conns[i]!.begin(async (tx) => {
        await tx`select set_config('role', 'service_role', true)`;
        return await tx<{ gate_execution_id: string; run_id: string }[]>`
          select gate_execution_id, run_id from public.claim_workflow_gate(${w}, 60)`;
      })
    ));
    const ids = claimed.flat().map((c) => c.gate_execution_id);
    assert.equal(new Set(ids).size, ids.length, "no gate was leased twice");
    // The dev stack's own tick may have leased some of the six first; each is leased once.
    const leases = await sql`select lease_owner from public.gate_executions
      where run_id in ${sql(runs)} and status = 'running'`;
    const ours = claimed.flat().filter((c) => runs.includes(c.run_id));
    assert.ok(ours.length >= 1, "the workers got some of the six");
    assert.equal(
      leases.filter((l) => workers.includes(l.lease_owner)).length,
      ours.length,
      "each gate a worker got is leased to it",
    );
  } finally {
    await Promise.all(conns.map((c) => c.end()));
    // the workers "die": their leases lapse, and the runs finish
    await sql`update public.gate_executions set lease_expires_at = now() - interval '1 second'
      where lease_owner like 'exclusive-%' and status = 'running'`;
  }
  try {
    for (const id of runs) {
      const run = await drive(user, id);
      assert.equal(run.status, "completed");
      assert.equal(timeline(run).filter((g) => g[0] === "G1" && g[2] === 1).length, 1);
      await assertConsistent(sql, id);
    }
  } finally {
    await sql.end();
  }
});
