// Runs under stress: streaming with a caller who hangs up, quotas under 200 concurrent requests,
// Redis down (fail closed), the database connection dropped mid-run, the per-API-key limit.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { createUpstashBridge } from "../../../../dev/upstash_bridge.ts";
import { one } from "../../_shared/db.ts";
import {
  adminSql,
  closedPort,
  createPrompt,
  inOneDayWindow,
  inOneMinuteWindow,
  inProcessApp,
  ledgerKey,
  postRun,
  readSse,
  standinCalls,
  waitForFinal,
} from "../run/testing.ts";

Deno.test("runs: stream sends deltas then the run record, and the deltas are the output", async () => {
  const user = await newUser("runs-stream");
  const prompt = await createPrompt(user, "Stream a short answer");
  const res = await postRun(user, prompt.id, { stream: true });
  assert.equal(res.status, 201);
  assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
  const events = await readSse(res);
  assert.equal(events[0]?.event, "started");
  const deltas = events.filter((e) => e.event === "delta");
  assert.ok(deltas.length > 1, "text arrives in pieces");
  const last = events.at(-1)!;
  assert.equal(last.event, "run");
  const run = last.data as {
    status: string;
    output: string;
    streamed: boolean;
    token_usage: unknown;
  };
  assert.equal(run.status, "success");
  assert.equal(run.streamed, true);
  assert.equal(deltas.map((d) => (d.data as { text: string }).text).join(""), run.output);
  assert.ok(run.token_usage, "usage comes with the stream");
});

Deno.test("runs: a stream the timeout cuts off mid-answer is recorded as a timeout, with what came", async () => {
  const local = inProcessApp({ LLM_TIMEOUT_MS: "400", LLM_MAX_RETRIES: "0" });
  try {
    const user = await newUser("runs-stream-timeout");
    // Each piece of the answer comes 150 ms after the last: the deadline falls mid-stream.
    const prompt = await createPrompt(user, "Stream a short answer [[standin:slow=150]]");
    const res = await local.request(`/prompts/${prompt.id}/runs`, {
      method: "POST",
      user,
      json: { stream: true },
    });
    assert.equal(res.status, 201);
    const events = await readSse(res);
    const last = events.at(-1)!;
    assert.equal(last.event, "run");
    const run = last.data as {
      status: string;
      error_message: string;
      output: string | null;
      token_usage: { completion_tokens: number; estimated?: boolean } | null;
      cost_usd: string | null;
    };
    assert.equal(run.status, "timeout", JSON.stringify(run));
    assert.match(run.error_message, /did not answer within 400 ms/);
    assert.ok(events.some((e) => e.event === "delta"), "some text came before the deadline");
    // The usage chunk never came, but what was generated is billed: estimated, and priced.
    assert.equal(run.token_usage?.estimated, true, JSON.stringify(run.token_usage));
    assert.equal(run.token_usage?.completion_tokens, Math.ceil((run.output ?? "").length / 4));
    assert.ok(Number(run.cost_usd) > 0);
  } finally {
    await local.close();
  }
});

Deno.test("runs: a caller who disconnects mid-stream still gets the run completed and recorded", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("runs-hangup");
    const key = ledgerKey("hangup");
    const prompt = await createPrompt(user, `Tell a slow story [[standin:slow=40;key=${key}]]`);
    const abort = new AbortController();
    const res = await postRun(user, prompt.id, { stream: true }, abort.signal);
    assert.equal(res.status, 201);
    const runId = res.headers.get("x-run-id")!;
    const seen = await readSse(res, (e) => e.event === "delta", abort);
    assert.equal(seen.at(-1)!.event, "delta", "hung up right after the first delta");

    const run = await waitForFinal(sql, runId);
    assert.equal(run.status, "success");
    assert.equal(await standinCalls(key), 1, "the provider call was not cancelled or repeated");

    // The full answer was recorded: the same prompt, not streamed, gives the same text.
    const whole = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} });
    assert.equal(run.output_text, whole.body.output);
    assert.ok(Number(run.cost) > 0);
  } finally {
    await sql.end();
  }
});

Deno.test("runs: 200 simultaneous runs against a quota of 50 give exactly 50 runs and 150 429s", async () => {
  await inOneDayWindow();
  const sql = adminSql();
  try {
    const user = await newUser("runs-burst");
    const key = ledgerKey("burst");
    const prompt = await createPrompt(user, `Burst [[standin:key=${key}]]`);
    const results = await Promise.all(
      Array.from(
        { length: 200 },
        () => api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} }),
      ),
    );
    const byStatus = new Map<number, number>();
    for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    assert.deepEqual(Object.fromEntries(byStatus), { 201: 50, 429: 150 });
    const refused = results.find((r) => r.status === 429)!;
    assert.equal(refused.body.error.code, "quota_exceeded");
    assert.ok(Number(refused.headers.get("retry-after")) > 0);
    assert.equal(refused.headers.get("x-ratelimit-limit"), "50");
    assert.equal(refused.headers.get("x-ratelimit-remaining"), "0");
    assert.ok(Number(refused.headers.get("x-ratelimit-reset")) > Date.now() / 1000);
    const { count } = one(
      await sql`select count(*)::int as count from public.runs
      where prompt_id = ${prompt.id}`,
    );
    assert.equal(count, 50, "a refused run leaves no row");
    assert.equal(await standinCalls(key), 50);
    assert.ok(results.filter((r) => r.status === 201).every((r) => r.body.status === "success"));
  } finally {
    await sql.end();
  }
});

Deno.test("runs: with Redis unreachable, runs are refused with 503 and nothing runs (fail closed)", async () => {
  const local = inProcessApp({ UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${closedPort()}` });
  const sql = adminSql();
  try {
    const user = await newUser("runs-noredis");
    const key = ledgerKey("noredis");
    const prompt = await createPrompt(user, `Unmetered? [[standin:key=${key}]]`);
    const res = await local.request(`/prompts/${prompt.id}/runs`, {
      method: "POST",
      user,
      json: {},
    });
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, "quota_unavailable");
    assert.equal(await standinCalls(key), 0, "no provider call");
    const { count } = one(
      await sql`select count(*)::int as count from public.runs
      where prompt_id = ${prompt.id}`,
    );
    assert.equal(count, 0, "no run row");
  } finally {
    await sql.end();
    await local.close();
  }
});

Deno.test("runs: Redis stopped mid-service: 503 quota_unavailable, no provider call, nothing left running", async () => {
  // A Redis of this test's own behind a real bridge, so stopping it disturbs no other test.
  const redisPort = closedPort();
  const redis = new Deno.Command("redis-server", {
    args: ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const bridge = createUpstashBridge({ redisHost: "127.0.0.1", redisPort, token: "t" });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, bridge.fetch);
  const local = inProcessApp({
    UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${server.addr.port}`,
    UPSTASH_REDIS_REST_TOKEN: "t",
  });
  const sql = adminSql();
  try {
    const user = await newUser("runs-redis-stop");
    const key = ledgerKey("redis-stop");
    const prompt = await createPrompt(user, `Metered [[standin:key=${key}]]`);
    let first: Response | null = null;
    for (let i = 0; i < 50 && first?.status !== 201; i++) { // until redis accepts connections
      if (first) await first.body?.cancel();
      first = await local.request(`/prompts/${prompt.id}/runs`, { method: "POST", user, json: {} });
      if (first.status !== 201) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(first?.status, 201, "metered run while Redis is up");
    await first?.body?.cancel();
    assert.equal(await standinCalls(key), 1);

    redis.kill("SIGKILL");
    await redis.status;
    const res = await local.request(`/prompts/${prompt.id}/runs`, {
      method: "POST",
      user,
      json: {},
    });
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, "quota_unavailable");
    assert.equal(await standinCalls(key), 1, "no second provider call");
    const rows = await sql`select status from public.runs where prompt_id = ${prompt.id}`;
    assert.deepEqual(rows.map((r) => r.status), ["success"], "only the metered run exists");
  } finally {
    try {
      redis.kill("SIGKILL");
    } catch { /* already stopped */ }
    await redis.status;
    await sql.end();
    await local.close();
    await server.shutdown();
    await bridge.close();
  }
});

Deno.test("runs: the database connection dropped during the provider call does not lose the outcome", async () => {
  const local = inProcessApp({ DB_POOL_MAX: "2" });
  const sql = adminSql();
  try {
    const user = await newUser("runs-dbdrop");
    const key = ledgerKey("dbdrop");
    const prompt = await createPrompt(user, `Slow answer [[standin:slow=1500;key=${key}]]`);
    // Open both pool connections and learn their backends, so only this app's are killed.
    const pids = await Promise.all(
      [0, 1].map(() =>
        local.deps.sql`select pg_backend_pid() as pid, pg_sleep(0.1)`.then((rows) =>
          one(rows).pid as number
        )
      ),
    );
    assert.equal(new Set(pids).size, 2);

    const pending = local.request(`/prompts/${prompt.id}/runs`, { method: "POST", user, json: {} });
    const until = Date.now() + 10_000;
    while (await standinCalls(key) === 0) {
      if (Date.now() > until) throw new Error("the provider was never called");
      await new Promise((r) => setTimeout(r, 50));
    }
    const killed = await sql`select pid, pg_terminate_backend(pid) as ok from pg_stat_activity
      where pid = any(${pids}) and application_name = 'promptline-api'`;
    assert.ok(
      killed.length >= 1 && killed.every((k) => k.ok),
      "the api's connections were dropped",
    );

    const res = await pending;
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    assert.equal(body.status, "success");
    const run = await waitForFinal(sql, body.id);
    assert.equal(run.status, "success", "recorded on a fresh connection");
    assert.equal(run.output_text, body.output);
  } finally {
    await sql.end();
    await local.close();
  }
});

Deno.test("runs: an API key is limited per minute, with 429 and Retry-After", async () => {
  const local = inProcessApp({ API_KEY_RATE_PER_MINUTE: "2" });
  try {
    const user = await newUser("runs-apikey");
    const made = await api("POST", "/api-keys", { auth: user, body: { name: "runner" } });
    assert.equal(made.status, 201);
    const prompt = await createPrompt(user, "Keyed");
    const statuses: number[] = [];
    let last: Response | null = null;
    await inOneMinuteWindow();
    for (let i = 0; i < 3; i++) {
      last = await local.request(`/prompts/${prompt.id}/runs`, {
        method: "POST",
        user: made.body.key,
        json: {},
      });
      statuses.push(last.status);
      if (i < 2) await last.body?.cancel();
    }
    assert.deepEqual(statuses, [201, 201, 429]);
    assert.ok(Number(last!.headers.get("retry-after")) >= 1);
    assert.match((await last!.json()).error.message, /API key/);
  } finally {
    await local.close();
  }
});

Deno.test("runs: past the daily quota, the next calls are refused before Postgres is asked", async () => {
  await inOneDayWindow();
  const local = inProcessApp({ QUOTA_DAILY_FREE: "1" });
  const sql = adminSql();
  try {
    const user = await newUser("runs-refused");
    const prompt = await createPrompt(user, "Once a day");
    const run = () =>
      local.request(`/prompts/${prompt.id}/runs`, { method: "POST", user, json: {} });
    const first = await run();
    assert.equal(first.status, 201);
    await first.body?.cancel();
    const second = await run();
    assert.equal(second.status, 429);
    assert.equal((await second.json()).error.code, "quota_exceeded");

    // Had the next call reached Postgres, the deleted prompt would be a 404: it is refused first.
    assert.equal((await api("DELETE", `/prompts/${prompt.id}`, { auth: user })).status, 204);
    const third = await run();
    const body = await third.json();
    assert.equal(third.status, 429, JSON.stringify(body));
    assert.equal(body.error.code, "quota_exceeded");
    assert.match(body.error.message, /runs per day on the free plan: 1 allowed/);
    assert.ok(Number(third.headers.get("retry-after")) >= 1);
    assert.equal(third.headers.get("x-ratelimit-remaining"), "0");

    // Every route shares the app's run service: through the OpenAI-compatible endpoint, a model
    // that does not exist (a 404 from Postgres) is refused first as well.
    const viaV1 = await local.request("/v1/chat/completions", {
      method: "POST",
      user,
      json: { model: "no-such/model", messages: [{ role: "user", content: "Hi" }] },
    });
    const v1Body = await viaV1.json();
    assert.equal(viaV1.status, 429, JSON.stringify(v1Body));
    assert.equal(v1Body.error.code, "quota_exceeded");

    // Another user of the same process is not held back.
    const other = await newUser("runs-refused");
    const theirs = await createPrompt(other, "Mine");
    const ok = await local.request(`/prompts/${theirs.id}/runs`, {
      method: "POST",
      user: other,
      json: {},
    });
    assert.equal(ok.status, 201);
    await ok.body?.cancel();
  } finally {
    await sql.end();
    await local.close();
  }
});
