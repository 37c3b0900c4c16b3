// Every query the API sends has a statement timeout (DB_STATEMENT_TIMEOUT_MS, 5 s by default):
// the API connects as postgres, whose statement_timeout is 0, and the authenticated role's own
// setting does not apply after set_config('role', …). A query cancelled by it is a 504 in the
// one error shape, not a raw 500. Runs the app in-process against the running database.
import assert from "node:assert/strict";
import { localEnv } from "../../../dev/env.ts";
import { newUser } from "../../../dev/testing.ts";
import { asUser, one, withStatementTimeout } from "../_shared/db.ts";
import { fromPgError } from "../_shared/errors.ts";
import { createApp } from "./app.ts";
import { createDeps } from "./deps.ts";
import { asCaller } from "./schemas.ts";

const claims = { sub: "00000000-0000-4000-8000-0000000000b7", role: "authenticated" };

/** The error a query failed with (the test fails if it did not fail). */
async function failure(query: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await query;
  } catch (e) {
    return e as Record<string, unknown>;
  }
  assert.fail("the query was not cancelled");
}

Deno.test("statement timeout: 5 s by default on the API's connections", async () => {
  const { DB_STATEMENT_TIMEOUT_MS: _, ...env } = localEnv;
  const deps = createDeps(env);
  try {
    assert.equal(deps.config.dbStatementTimeoutMs, 5000);
    const direct = one(await deps.sql`show statement_timeout`);
    assert.equal(direct.statement_timeout, "5s", "outside a transaction");
    const inTx = await asUser(deps.sql, claims, (tx) => tx`show statement_timeout`);
    assert.equal(one(inTx).statement_timeout, "5s", "as the caller, in a transaction");
  } finally {
    await deps.sql.end();
  }
});

Deno.test("statement timeout: a query past it is cancelled, bare or as the caller", async () => {
  const deps = createDeps({ ...localEnv, DB_STATEMENT_TIMEOUT_MS: "200" });
  try {
    const started = performance.now();
    const bare = await failure(deps.sql`select pg_sleep(3)`);
    assert.equal(bare.code, "57014", String(bare.message));
    const asCallerError = await failure(
      asUser(deps.sql, claims, (tx) => tx`select pg_sleep(3)`),
    );
    assert.equal(asCallerError.code, "57014", String(asCallerError.message));
    assert.ok(performance.now() - started < 2500, "both were cancelled well before 3 s");
    const mapped = fromPgError(asCallerError);
    assert.equal(mapped?.status, 504);
    assert.equal(mapped?.code, "timeout");
    // The connection is still usable after a cancelled statement.
    assert.equal(one(await deps.sql`select 1 as one`).one, 1);
  } finally {
    await deps.sql.end();
  }
});

Deno.test("statement timeout: a route may allow one transaction longer (import)", async () => {
  const deps = createDeps({ ...localEnv, DB_STATEMENT_TIMEOUT_MS: "100" });
  try {
    const rows = await asUser(deps.sql, claims, async (tx) => {
      await withStatementTimeout(tx, 5000);
      return await tx`select pg_sleep(0.3), current_setting('statement_timeout') as timeout`;
    });
    assert.equal(one(rows).timeout, "5s");
    // Only for that transaction: the next one has the short timeout again.
    const next = await failure(asUser(deps.sql, claims, (tx) => tx`select pg_sleep(0.3)`));
    assert.equal(next.code, "57014");
  } finally {
    await deps.sql.end();
  }
});

Deno.test("statement timeout: a route whose query is cancelled answers 504 in the error shape", async () => {
  const deps = createDeps({
    ...localEnv,
    PROMPTLINE_LOCAL_STACK: "1",
    DB_STATEMENT_TIMEOUT_MS: "200",
  });
  const app = createApp(deps);
  // A route that runs a slow query as the caller, exactly as the real routes run theirs.
  app.get("/test-slow-query", async (c) => {
    await asCaller(deps, c, (tx) => tx`select pg_sleep(3)`);
    return c.json({ finished: true });
  });
  const errors: unknown[] = [];
  const originalError = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    const user = await newUser("timeout");
    const res = await app.request("/api/test-slow-query", {
      headers: { authorization: `Bearer ${user.token}` },
    });
    const body = await res.json();
    assert.equal(res.status, 504, JSON.stringify(body));
    assert.deepEqual(body, {
      error: { code: "timeout", message: "the database took too long to answer" },
    });
    assert.deepEqual(errors, [], "nothing logged as an unhandled error");
  } finally {
    console.error = originalError;
    await deps.sql.end();
  }
});
