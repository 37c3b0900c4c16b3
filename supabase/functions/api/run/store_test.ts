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
import { finishRun, type Prepared, startRun } from "./store.ts";
import { adminSql, createPrompt } from "./testing.ts";

const start = {
  kind: "prompt" as const,
  variables: {},
  resolvedPrompt: "x",
  idempotencyKey: null,
  stream: false,
};

function prepared(promptId: string, versionId: string): Prepared {
  return {
    promptId,
    title: "x",
    description: null,
    versionId,
    versionNumber: 1,
    content: "x",
    variables: [],
    modelConfig: {},
    plan: "free",
    model: { id: "standin/echo" } as Prepared["model"],
    temperature: null,
    maxTokens: 100,
    limits: { maxPromptChars: 1000 },
    validators: [],
    existingRunId: null,
    target: { providerId: "standin", keySource: "standin" } as Prepared["target"],
  };
}

Deno.test("startRun: the run is the caller's, and another user cannot start a run on it", async () => {
  const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1", DB_POOL_MAX: "1" });
  const sql = adminSql();
  try {
    const owner = await newUser("engine-owner");
    const other = await newUser("engine-other");
    const prompt = await createPrompt(owner, "Hello");
    const claims = (u: { id: string }) => ({ sub: u.id, role: "authenticated" });

    const started = await startRun(
      deps,
      claims(owner),
      prepared(prompt.id, prompt.versionId),
      start,
    );
    const [run] = await sql`select user_id, status from public.runs where id = ${started.runId}`;
    assert.ok(run, "the run is recorded");
    assert.equal(run.user_id, owner.id, "owned by the caller (user_id from auth.uid())");
    assert.equal(run.status, "running");

    await assert.rejects(
      startRun(deps, claims(other), prepared(prompt.id, prompt.versionId), start),
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
