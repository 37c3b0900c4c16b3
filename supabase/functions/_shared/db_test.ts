// asUser pipelines the caller's settings with fn's first query: these tests pin that the first
// query (awaited at once inside an async fn, the common shape) already runs as the caller, that
// auth.uid() and auth.role() see the caller, and that nothing is left on the pooled connection.
import assert from "node:assert/strict";
import net from "node:net";
import postgres from "postgres";
import { need } from "../../../dev/env.ts";
import { asUser, createSql, noDelaySocket, one, serviceCallerSettings } from "./db.ts";

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

Deno.test("createSql: a saturated pool keeps every transaction whole, and no connection in one", async () => {
  // Transactions (asUser) and single statements at once, more than the pool has connections:
  // each transaction must commit on a connection of its own, and none may be left open on a
  // pooled connection (a BEGIN that postgres.js did not reserve its connection for; see createSql).
  const sql = createSql({
    dbUrl: need("SUPABASE_DB_URL"),
    dbPoolMax: 2,
    dbPrepare: true,
    dbStatementTimeoutMs: 5_000,
  });
  const admin = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    const outcomes: string[] = [];
    for (let round = 0; round < 10; round++) {
      const work: Promise<void>[] = [];
      for (let i = 0; i < 4; i++) {
        work.push(
          asUser(sql, claims, async (tx) => {
            const [r] = await tx`select auth.uid() as uid, pg_sleep(0.01)::text as slept`;
            assert.equal(r!.uid, claims.sub);
          }).then(() => void outcomes.push("committed"), (e) => void outcomes.push(String(e))),
        );
        for (let j = 0; j < 3; j++) {
          work.push(sql`select current_user as role`.then(([r]) => {
            outcomes.push(r!.role === "postgres" ? "statement" : `statement as ${r!.role}`);
          }));
        }
      }
      await Promise.all(work);
    }
    const count = (what: string) => outcomes.filter((o) => o === what).length;
    assert.equal(count("committed"), 40, outcomes.filter((o) => o !== "statement").join("\n"));
    assert.equal(count("statement"), 120, "no statement ran inside a caller's transaction");
    const pids = await Promise.all([1, 2].map(() => sql`select pg_backend_pid() as pid`));
    const [open] = await admin`select count(*)::int as n from pg_stat_activity
      where application_name = 'promptline-api' and state like 'idle in transaction%'
        and pid = any(${pids.map((p) => p[0]!.pid)})`;
    assert.equal(open!.n, 0, "no pooled connection is left in a transaction");
  } finally {
    await sql.end();
    await admin.end();
  }
});

Deno.test("noDelaySocket: what is written while it connects arrives; it carries its address", async () => {
  // postgres.js writes its startup message (or SSLRequest) as soon as the socket is handed over,
  // before the connection is up: those bytes must wait in the socket, not be lost.
  const received = Promise.withResolvers<string>();
  const server = net.createServer((c) => c.once("data", (d) => received.resolve(String(d))));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  const socket = noDelaySocket({ host: ["127.0.0.1"], port: [port] });
  try {
    assert.equal(socket.connecting, true);
    socket.write("startup");
    assert.equal(await received.promise, "startup");
    const named = socket as net.Socket & { host: string; port: number };
    assert.deepEqual([named.host, named.port], ["127.0.0.1", port]);
  } finally {
    socket.destroy();
    await new Promise((r) => server.close(r));
  }
});

Deno.test("createSql: a database that refuses the connection is an error, not a hang", async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r)); // a port nothing listens on
  const sql = createSql({
    dbUrl: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    dbPoolMax: 1,
    dbPrepare: false,
    dbStatementTimeoutMs: 5_000,
  });
  try {
    await assert.rejects(sql`select 1`, (e: Error & { code?: string }) => {
      assert.equal(e.code, "ECONNREFUSED");
      return true;
    });
  } finally {
    await sql.end();
  }
});

Deno.test("createSql: connects through noDelaySocket, with or without asking for TLS", async () => {
  // The stack's Postgres has no TLS: sslmode=prefer asks for it on the socket as it connects,
  // hears no, and goes on in the clear on the same socket, the path to a pooler's TLS handshake.
  for (const mode of ["disable", "prefer"]) {
    const sql = createSql({
      dbUrl: `${need("SUPABASE_DB_URL")}?sslmode=${mode}`,
      dbPoolMax: 1,
      dbPrepare: false,
      dbStatementTimeoutMs: 5_000,
    });
    try {
      assert.equal((sql.options as { socket?: unknown }).socket, noDelaySocket);
      const [r] = await sql`select application_name from pg_stat_activity
        where pid = pg_backend_pid()`;
      assert.equal(r!.application_name, "promptline-api", mode);
    } finally {
      await sql.end();
    }
  }
});
