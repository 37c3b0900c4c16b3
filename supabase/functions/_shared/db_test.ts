// asUser pipelines the caller's settings with fn's first query: these tests pin that the first
// query (awaited at once inside an async fn, the common shape) already runs as the caller, that
// auth.uid() and auth.role() see the caller, and that nothing is left on the pooled connection.
import assert from "node:assert/strict";
import postgres from "postgres";
import { need } from "../../../dev/env.ts";
import { asUser, createSql, MAX_PIPELINE, one, serviceCallerSettings } from "./db.ts";

const claims = {
  sub: "00000000-0000-4000-8000-0000000000a1",
  role: "authenticated",
  email: "someone@example.test",
};

Deno.test("asUser: the first query of an async fn already runs as the caller", async () => {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    const row = await asUser(sql, claims, async (tx) => {
      const [first] = await tx`select current_user as role, auth.uid() as uid,
        auth.role() as claim_role, auth.jwt() ->> 'email' as email`;
      return first;
    });
    assert.deepEqual(row, {
      role: "authenticated",
      uid: claims.sub,
      claim_role: "authenticated",
      email: claims.email,
    });

    const [after] = await sql`select current_user as role,
      coalesce(current_setting('request.jwt.claims', true), '') as claims,
      coalesce(current_setting('request.jwt.claim.sub', true), '') as sub`;
    assert.deepEqual(after, { role: "postgres", claims: "", sub: "" });
  } finally {
    await sql.end();
  }
});

Deno.test("asUser: when the caller's settings fail, fn's queries fail too", async () => {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    // A NUL byte cannot be sent as text: the settings statement fails first.
    const bad = { ...claims, sub: "bad\u0000sub" };
    let ran = false;
    await assert.rejects(asUser(sql, bad, async (tx) => {
      await tx`select 1`;
      ran = true;
    }));
    assert.equal(ran, false, "fn's query did not run after the failed settings");
    const after = one(await sql`select current_user as role`);
    assert.equal(after.role, "postgres");
  } finally {
    await sql.end();
  }
});

Deno.test("serviceCallerSettings: service_role with the caller's claims, for one statement only", async () => {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    // As startRun sends it: the settings are the first FROM item, read after them.
    const row = one(
      await sql`select current_user as role, auth.uid() as uid, auth.role() as claim_role
        from (select ${serviceCallerSettings(sql, claims)}) as caller
        where caller.role = 'service_role'`,
    );
    assert.deepEqual(row, { role: "service_role", uid: claims.sub, claim_role: "authenticated" });

    const [after] = await sql`select current_user as role,
      coalesce(current_setting('request.jwt.claims', true), '') as claims,
      coalesce(current_setting('request.jwt.claim.sub', true), '') as sub`;
    assert.deepEqual(after, { role: "postgres", claims: "", sub: "" });
  } finally {
    await sql.end();
  }
});

Deno.test("createSql: a busy connection queues at most one statement behind the one it runs", async () => {
  // bench:workflows measured the difference (see createSql); this pins the setting, and that
  // postgres.js still takes it (it is not in its types).
  const sql = createSql({
    dbUrl: need("SUPABASE_DB_URL"),
    dbPoolMax: 2,
    dbPrepare: true,
    dbStatementTimeoutMs: 5_000,
  });
  try {
    assert.equal(MAX_PIPELINE, 1);
    assert.equal((sql.options as { max_pipeline?: number }).max_pipeline, 1);
    const rows = await Promise.all([1, 2, 3, 4, 5].map((n) => sql`select ${n}::int as n`));
    assert.deepEqual(rows.map((r) => r[0]!.n), [1, 2, 3, 4, 5], "queued statements still run");
  } finally {
    await sql.end();
  }
});
