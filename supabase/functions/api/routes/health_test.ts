import assert from "node:assert/strict";
import { localEnv } from "../../../../dev/env.ts";
import { apiUrl } from "../../../../dev/testing.ts";
import { createApp } from "../app.ts";
import { createDeps } from "../deps.ts";

const closedPort = "http://127.0.0.1:9"; // discard port: nothing listens on loopback

async function healthOf(env: Record<string, string>) {
  const deps = createDeps(env);
  try {
    const res = await createApp(deps).request("/api/health");
    return { status: res.status, body: await res.json() };
  } finally {
    await deps.sql.end();
  }
}

Deno.test("health: the running stack reports every check ok, with the stand-in named", async () => {
  const res = await fetch(`${apiUrl}/health`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    status: "ok",
    checks: { db: "ok", redis: "ok", llm: "stand-in" },
  });
});

Deno.test("health: Redis unreachable is a 503 naming redis", async () => {
  const h = await healthOf({
    ...localEnv,
    PROMPTLINE_LOCAL_STACK: "1",
    UPSTASH_REDIS_REST_URL: closedPort,
  });
  assert.equal(h.status, 503);
  assert.equal(h.body.status, "degraded");
  assert.deepEqual(h.body.checks, { db: "ok", redis: "down", llm: "stand-in" });
});

Deno.test("health: Postgres unreachable is a 503 naming db", async () => {
  const h = await healthOf({
    ...localEnv,
    PROMPTLINE_LOCAL_STACK: "1",
    SUPABASE_DB_URL: "postgresql://postgres:postgres@127.0.0.1:9/postgres",
  });
  assert.equal(h.status, 503);
  assert.deepEqual(h.body.checks, { db: "down", redis: "ok", llm: "stand-in" });
});

Deno.test("health: a real provider key reports llm configured; neither key nor stand-in is a 503", async () => {
  const configured = await healthOf({
    ...localEnv,
    PROMPTLINE_LOCAL_STACK: "",
    OPENROUTER_API_KEY: "sk-or-test",
  });
  assert.equal(configured.status, 200);
  assert.equal(configured.body.checks.llm, "configured");
  const missing = await healthOf({ ...localEnv, PROMPTLINE_LOCAL_STACK: "" });
  assert.equal(missing.status, 503);
  assert.equal(missing.body.checks.llm, "missing");
});

Deno.test("health: the stand-in being down is a 503 naming llm", async () => {
  const h = await healthOf({
    ...localEnv,
    PROMPTLINE_LOCAL_STACK: "1",
    LLM_STANDIN_URL: `${closedPort}/v1`,
  });
  assert.equal(h.status, 503);
  assert.equal(h.body.checks.llm, "down");
});
