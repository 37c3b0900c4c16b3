// startRun and finishRun run start_run and finish_run as one statement each that sets the role
// (service_role, the only one that may write runs) and the caller's claims itself (no
// BEGIN/COMMIT): these tests pin that the run really is the caller's (auth.uid() from the
// claims), that another user's claims get "not found", and that nothing of the caller's identity
// is left on the pooled connection.
import assert from "node:assert/strict";
import { localEnv } from "../../../../dev/env.ts";
import { newUser } from "../../../../dev/testing.ts";
import { one } from "../../_shared/db.ts";
import { createDeps } from "../deps.ts";
import { discardRun, finishRun, startRun } from "./store.ts";
import { adminSql, createPrompt } from "./testing.ts";

const start = (promptId: string) => ({ kind: "prompt" as const, promptId, stream: false });

Deno.test("startRun: the run is the caller's, and another user cannot start a run on it", async () => {
  const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1", DB_POOL_MAX: "1" });
  const sql = adminSql();
  try {
    const owner = await newUser("engine-owner");
    const other = await newUser("engine-other");
    const prompt = await createPrompt(owner, "Hello");
    const claims = (u: { id: string }) => ({ sub: u.id, role: "authenticated" });

    const started = await startRun(deps, claims(owner), start(prompt.id));
    const [run] = await sql`select user_id, status from public.runs where id = ${started.runId}`;
    assert.ok(run, "the run is recorded");
    assert.equal(run.user_id, owner.id, "owned by the caller (user_id from auth.uid())");
    assert.equal(run.status, "running");

    await assert.rejects(
      startRun(deps, claims(other), start(prompt.id)),
      { code: "PL404", hint: "prompt_not_found" },
      "another user's prompt is not found",
    );
    const { n } = one(
      await sql`select count(*)::int as n from public.runs where prompt_id = ${prompt.id}`,
    );
    assert.equal(n, 1, "no run was created for the other user");

    // Another user cannot finish the owner's run either; the owner can.
    const outcome = {
      status: "success" as const,
      output: "done",
      usage: {
        prompt_tokens: 3,
        completion_tokens: 2,
        total_tokens: 5,
        cached_tokens: 0,
        reasoning_tokens: 0,
      },
      latencyMs: 5,
      attempts: 1,
      metadata: {},
      error: null,
      logs: [],
    };
    const skipped = { status: "skipped" as const, results: [] };
    await assert.rejects(
      finishRun(deps.sql, claims(other), started.runId, outcome, skipped),
      { code: "PL404", hint: "run_not_found" },
    );
    const finished = await finishRun(deps.sql, claims(owner), started.runId, outcome, skipped);
    assert.equal(finished.status, "success");

    // The single pooled connection is back to its own role, with no claims left on it.
    const [after] = await deps.sql`select current_user as role,
      coalesce(current_setting('request.jwt.claims', true), '') as claims`;
    assert.deepEqual(after, { role: "postgres", claims: "" });
  } finally {
    await deps.sql.end();
    await sql.end();
  }
});

Deno.test("discardRun: a refused run of the caller's leaves no trace; nobody else's, nothing final", async () => {
  const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1", DB_POOL_MAX: "1" });
  const sql = adminSql();
  try {
    const owner = await newUser("discard-owner");
    const other = await newUser("discard-other");
    const prompt = await createPrompt(owner, "Hello");
    const claims = (u: { id: string }) => ({ sub: u.id, role: "authenticated" });
    const count = async (runId: string) =>
      one(
        await sql`select (select count(*)::int from public.runs where id = ${runId}) as runs,
          (select count(*)::int from public.run_events
            where payload ->> 'run_id' = ${runId}) as events`,
      );

    const started = await startRun(deps, claims(owner), start(prompt.id));
    assert.equal(started.replayed, false);
    assert.deepEqual(await count(started.runId), { runs: 1, events: 1 });
    await discardRun(deps, claims(other), started.runId);
    assert.deepEqual(await count(started.runId), { runs: 1, events: 1 }, "not another user's");
    await discardRun(deps, claims(owner), started.runId);
    assert.deepEqual(await count(started.runId), { runs: 0, events: 0 }, "the run and its event");

    const finished = await startRun(deps, claims(owner), start(prompt.id));
    await finishRun(deps.sql, claims(owner), finished.runId, {
      status: "error",
      output: null,
      usage: null,
      latencyMs: 1,
      attempts: 1,
      metadata: {},
      error: "x",
      logs: [],
    }, { status: "skipped", results: [] });
    await discardRun(deps, claims(owner), finished.runId);
    assert.equal((await count(finished.runId)).runs, 1, "a final run is never discarded");
  } finally {
    await deps.sql.end();
    await sql.end();
  }
});
