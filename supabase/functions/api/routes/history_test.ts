// Integration tests against the running stack: run history lists, filters, pagination, detail.
import assert from "node:assert/strict";
import { api, type ApiResponse, newUser, type TestUser } from "../../../../dev/testing.ts";
import { Fixtures } from "../../../../dev/run_fixtures.ts";
import { encodeCursor } from "../pagination.ts";

type Item = { id: string; status: string; model: string; prompt_id: string; created_at: string };

async function collect(user: TestUser, path: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  const sep = path.includes("?") ? "&" : "?";
  do {
    const res: ApiResponse = await api(
      "GET",
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`,
      {
        auth: user,
      },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.items.length <= limit);
    ids.push(...res.body.items.map((r: Item) => r.id));
    cursor = res.body.next_cursor;
  } while (cursor);
  return ids;
}

Deno.test("history: a prompt's runs newest first, paginated, each once", async () => {
  const fx = new Fixtures();
  try {
    const user = await newUser("history");
    const a = await fx.prompt(user, "A");
    const b = await fx.prompt(user, "B");
    // Created in order within one second: microsecond timestamps must keep them apart.
    const aRuns: string[] = [];
    for (let i = 0; i < 5; i++) aRuns.push(await fx.run(user, a.id, { latencyMs: i }));
    await fx.run(user, b.id);

    const ids = await collect(user, `/prompts/${a.id}/runs`, 2);
    assert.deepEqual(ids, [...aRuns].reverse(), "newest first, every run once, only prompt A's");

    const first = await api("GET", `/prompts/${a.id}/runs?limit=1`, { auth: user });
    const item = first.body.items[0];
    assert.equal(item.prompt_id, a.id);
    assert.equal(item.status, "success");
    assert.equal(item.latency_ms, 4);
    assert.equal(item.output_preview, null);
    assert.ok(!("resolved_prompt" in item) && !("user_id" in item), "lists stay light");

    const bad = await api("GET", `/prompts/${a.id}/runs?cursor=nope`, { auth: user });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details.fields[0].field, "cursor");
    const notATime = encodeCursor(["yesterday", aRuns[0]!]);
    const badTime = await api("GET", `/prompts/${a.id}/runs?cursor=${notATime}`, { auth: user });
    assert.equal(badTime.status, 422, "a cursor whose time is not a time");
    assert.equal(badTime.body.error.details.fields[0].field, "cursor");
    assert.equal((await api("GET", `/prompts/${a.id}/runs?limit=0`, { auth: user })).status, 422);
    assert.equal((await api("GET", `/prompts/not-a-uuid/runs`, { auth: user })).status, 422);
    assert.equal(
      (await api("GET", `/prompts/${crypto.randomUUID()}/runs`, { auth: user })).status,
      404,
    );
  } finally {
    await fx.end();
  }
});

Deno.test("history: runs of the same millisecond are each listed once, page by page", async () => {
  const fx = new Fixtures();
  try {
    const user = await newUser("history-same-ms");
    const a = await fx.prompt(user, "A");
    const runs: string[] = [];
    for (let i = 0; i < 4; i++) runs.push(await fx.run(user, a.id));
    // Microseconds apart within one millisecond: a cursor that lost its microseconds (a JS Date)
    // would skip the rest of that millisecond.
    await fx.sql`update public.runs
      set created_at = '2026-11-30 10:00:00.000100+00'::timestamptz
        + (array_position(${runs}::uuid[], id) * interval '1 microsecond')
      where id = any(${runs}::uuid[])`;
    assert.deepEqual(await collect(user, `/prompts/${a.id}/runs`, 1), [...runs].reverse());
    assert.deepEqual(
      await collect(user, `/runs?prompt_id=${a.id}`, 2),
      [...runs].reverse(),
      "and in /runs",
    );
  } finally {
    await fx.end();
  }
});

Deno.test("history: /runs filters by status, model and prompt", async () => {
  const fx = new Fixtures();
  try {
    const user = await newUser("history-filter");
    const a = await fx.prompt(user, "A");
    const b = await fx.prompt(user, "B");
    const ok1 = await fx.run(user, a.id, { model: "openai/gpt-4o" });
    const err = await fx.run(user, a.id, { status: "error", model: "openai/gpt-4o" });
    const ok2 = await fx.run(user, b.id, { model: "standin/echo" });
    const running = await fx.run(user, b.id, { status: "running" });

    assert.deepEqual(await collect(user, "/runs", 3), [running, ok2, err, ok1]);
    assert.deepEqual(await collect(user, "/runs?status=success", 1), [ok2, ok1]);
    assert.deepEqual(await collect(user, "/runs?model=openai/gpt-4o", 5), [err, ok1]);
    assert.deepEqual(await collect(user, `/runs?prompt_id=${b.id}`, 5), [running, ok2]);
    assert.deepEqual(
      await collect(user, `/runs?prompt_id=${a.id}&status=error&model=openai/gpt-4o`, 5),
      [err],
    );
    assert.deepEqual(await collect(user, "/runs?model=nope/none", 5), []);

    const badStatus = await api("GET", "/runs?status=finished", { auth: user });
    assert.equal(badStatus.status, 422);
    assert.equal(badStatus.body.error.details.fields[0].field, "status");
    const badPrompt = await api("GET", "/runs?prompt_id=123", { auth: user });
    assert.equal(badPrompt.status, 422);
    assert.equal(badPrompt.body.error.details.fields[0].field, "prompt_id");
    assert.equal((await api("GET", "/runs")).status, 401);
  } finally {
    await fx.end();
  }
});

Deno.test("history: /runs names each run's prompt as the caller may read it, and filters by kind", async () => {
  const fx = new Fixtures();
  try {
    const user = await newUser("history-titles");
    const author = await newUser("history-titles-author");
    const mine = await fx.prompt(user, "Mine");
    const ownRun = await fx.run(user, mine.id);
    // Someone else's public prompt, run by the user: the run is the user's.
    const theirs = await fx.prompt(author, "Theirs", "Say hi.");
    const published = await api("POST", `/prompts/${theirs.id}/publish`, {
      auth: author,
      body: { category_id: "creative" },
    });
    assert.equal(published.status, 200, JSON.stringify(published.body));
    const theirRun = await api("POST", `/prompts/${theirs.id}/runs`, { auth: user, body: {} });
    assert.equal(theirRun.status, 201, JSON.stringify(theirRun.body));
    // A call through the OpenAI-compatible endpoint with no prompt.
    const gateway = await api("POST", "/v1/chat/completions", {
      auth: user,
      body: { model: "standin/echo", messages: [{ role: "user", content: "Hi" }] },
    });
    assert.equal(gateway.status, 200, JSON.stringify(gateway.body));

    const all = await api("GET", "/runs", { auth: user });
    assert.equal(all.status, 200);
    const seen = all.body.items.map((
      r: { id: string; kind: string; prompt_title: string | null; prompt_is_own: boolean },
    ) => [r.kind, r.prompt_title, r.prompt_is_own, r.id === ownRun]);
    assert.deepEqual(seen, [
      ["gateway", null, false, false],
      ["prompt", "Theirs", false, false],
      ["prompt", "Mine", true, true],
    ]);
    // One run in full says the same, and its version's number when the version is the caller's.
    const theirDetail = await api("GET", `/runs/${theirRun.body.id}`, { auth: user });
    assert.deepEqual(
      [
        theirDetail.body.prompt_title,
        theirDetail.body.prompt_is_own,
        theirDetail.body.version_number,
      ],
      ["Theirs", false, null],
    );
    const ownApiRun = await api("POST", `/prompts/${mine.id}/runs`, {
      auth: user,
      body: { variables: { name: "Ada" } },
    });
    assert.equal(ownApiRun.status, 201, JSON.stringify(ownApiRun.body));
    const ownDetail = await api("GET", `/runs/${ownApiRun.body.id}`, { auth: user });
    assert.deepEqual(
      [ownDetail.body.prompt_title, ownDetail.body.prompt_is_own, ownDetail.body.version_number],
      ["Mine", true, 1],
    );
    const gatewayDetail = await api("GET", `/runs/${all.body.items[0].id}`, { auth: user });
    assert.deepEqual(
      [gatewayDetail.body.prompt_title, gatewayDetail.body.prompt_is_own],
      [null, false],
    );
    // Unpublished, their prompt's title is theirs again.
    await api("POST", `/prompts/${theirs.id}/unpublish`, { auth: author, body: {} });
    const after = await api("GET", "/runs?kind=prompt", { auth: user });
    assert.deepEqual(
      after.body.items.map((r: { prompt_title: string | null }) => r.prompt_title),
      ["Mine", null, "Mine"],
    );
    const gatewayOnly = await api("GET", "/runs?kind=gateway", { auth: user });
    assert.deepEqual(gatewayOnly.body.items.map((r: { kind: string }) => r.kind), ["gateway"]);
    const badKind = await api("GET", "/runs?kind=everything", { auth: user });
    assert.equal(badKind.status, 422);
    assert.equal(badKind.body.error.details.fields[0].field, "kind");
  } finally {
    await fx.end();
  }
});

Deno.test("history: one run with its logs; another user's runs are not found", async () => {
  const fx = new Fixtures();
  try {
    const [owner, other] = await Promise.all([newUser("history-own"), newUser("history-other")]);
    const p = await fx.prompt(owner);
    const runId = await fx.run(owner, p.id, {
      output: "Hello, Ada!",
      promptTokens: 12,
      completionTokens: 4,
      price: { input: 0.001, output: 0.002 },
      latencyMs: 321,
      logs: [
        { level: "info", message: "sent to standin" },
        { level: "warn", message: "retried once" },
      ],
    });

    const res: ApiResponse = await api("GET", `/runs/${runId}`, { auth: owner });
    assert.equal(res.status, 200);
    assert.equal(res.body.id, runId);
    assert.equal(res.body.output, "Hello, Ada!");
    assert.deepEqual(res.body.token_usage, { prompt_tokens: 12, completion_tokens: 4 });
    // (12 x 0.001 + 4 x 0.002) / 1000, computed by the database.
    assert.equal(res.body.cost_usd, "0.00002000", "exact decimal, as the run engine returns it");
    assert.equal(res.body.standin, false);
    assert.equal(res.body.latency_ms, 321);
    assert.ok(!("user_id" in res.body));
    assert.deepEqual(
      res.body.logs.map((l: { level: string; message: string }) => [l.level, l.message]),
      [["info", "sent to standin"], ["warn", "retried once"]],
    );
    const list = await api("GET", `/prompts/${p.id}/runs`, { auth: owner });
    assert.equal(list.body.items[0].output_preview, "Hello, Ada!");
    assert.equal(list.body.items[0].cost_usd, "0.00002000");

    assert.equal((await api("GET", `/runs/${runId}`, { auth: other })).status, 404);
    assert.equal((await api("GET", `/prompts/${p.id}/runs`, { auth: other })).status, 404);
    assert.deepEqual((await api("GET", `/runs?prompt_id=${p.id}`, { auth: other })).body.items, []);
    assert.deepEqual((await api("GET", "/runs", { auth: other })).body.items, []);
    assert.equal((await api("GET", `/runs/${crypto.randomUUID()}`, { auth: owner })).status, 404);
    assert.equal((await api("GET", "/runs/xyz", { auth: owner })).status, 422);
  } finally {
    await fx.end();
  }
});

Deno.test("history: a run made through POST /prompts/:id/runs reads back the same, with logs", async () => {
  const fx = new Fixtures();
  try {
    const user = await newUser("history-engine");
    const p = await fx.prompt(user, "Engine", "Say hi to {{name}}");
    const made = await api("POST", `/prompts/${p.id}/runs`, {
      auth: user,
      body: { variables: { name: "Ada" } },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));

    const got = await api("GET", `/runs/${made.body.id}`, { auth: user });
    assert.equal(got.status, 200);
    const { logs, prompt_title, prompt_is_own, version_number, ...run } = got.body;
    assert.deepEqual(run, made.body, "GET /runs/:id has the shape POST returned");
    assert.deepEqual([prompt_title, prompt_is_own, version_number], ["Engine", true, 1]);
    assert.ok(logs.length > 0, "the engine's log lines come with the run");
    for (const l of logs) assert.ok(["debug", "info", "warn", "error"].includes(l.level));

    const list = await api("GET", `/prompts/${p.id}/runs`, { auth: user });
    assert.equal(list.body.items.length, 1);
    const item = list.body.items[0];
    for (const k of ["id", "status", "model", "cost_usd", "standin", "token_usage", "latency_ms"]) {
      assert.deepEqual(item[k], made.body[k], k);
    }
    assert.equal(item.output_preview, made.body.output.slice(0, 200));
  } finally {
    await fx.end();
  }
});
