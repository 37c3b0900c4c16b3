// POST /prompts/:id/runs against the running stack and the stand-in's scripted faults.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import {
  adminSql,
  createPrompt,
  inProcessApp,
  ledgerKey,
  postRun,
  readSse,
  standinCalls,
} from "../run/testing.ts";

/** Expected cost from the models row, in SQL-free arithmetic on integers of 1e-11 USD. */
function expectedCost(
  usage: { prompt_tokens: number; completion_tokens: number; cached_tokens: number },
  price: {
    price_per_1k_input: string;
    price_per_1k_output: string;
    price_per_1k_cached_input: string;
  },
): number {
  const p = (s: string) => Math.round(Number(s) * 1e8); // price in 1e-8 USD per 1k
  const units = (usage.prompt_tokens - usage.cached_tokens) * p(price.price_per_1k_input) +
    usage.cached_tokens * p(price.price_per_1k_cached_input) +
    usage.completion_tokens * p(price.price_per_1k_output);
  return units / 1e8 / 1000;
}

Deno.test("runs: a run renders typed variables, calls the model once, records output, usage and exact cost", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("runs-ok");
    const key = ledgerKey("ok");
    const prompt = await createPrompt(
      user,
      `Write a {{tone}} note to {{who}} about {{count}} apples, urgent={{urgent}} [[standin:key=${key}]]`,
      [
        { name: "who", type: "string", required: true },
        { name: "tone", type: "enum", options: ["warm", "dry"], default: "warm" },
        { name: "count", type: "number", required: true },
        { name: "urgent", type: "boolean", default: false },
      ],
    );
    const res = await api("POST", `/prompts/${prompt.id}/runs`, {
      auth: user,
      body: { variables: { who: "Ann", count: 3 }, temperature: 0.5, max_tokens: 200 },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const run = res.body;
    assert.equal(run.status, "success");
    assert.equal(run.version_id, prompt.versionId);
    assert.equal(run.key_source, "standin");
    assert.equal(run.standin, true, "stand-in runs are labelled");
    assert.equal(run.provider_id, "standin");
    assert.deepEqual(run.variables, { who: "Ann", tone: "warm", count: 3, urgent: false });
    assert.equal(
      run.resolved_prompt,
      `Write a warm note to Ann about 3 apples, urgent=false [[standin:key=${key}]]`,
    );
    assert.match(run.output, /Stand-in reply/);
    assert.equal(run.temperature, 0.5);
    assert.equal(run.max_tokens, 200);
    assert.equal(run.attempts, 1);
    assert.ok(run.token_usage.prompt_tokens > 0 && run.token_usage.completion_tokens > 0);
    assert.ok(run.latency_ms >= 0);
    assert.equal(run.validation_status, "skipped", "no validators: skipped");
    assert.equal(await standinCalls(key), 1, "exactly one provider call");
    assert.equal(res.headers.get("x-ratelimit-limit"), "50");
    assert.equal(res.headers.get("x-ratelimit-remaining"), "49");

    // Cost = tokens x the models row's prices, checked against the table itself.
    const [model] = await sql<
      {
        price_per_1k_input: string;
        price_per_1k_output: string;
        price_per_1k_cached_input: string;
      }[]
    >`select price_per_1k_input::text, price_per_1k_output::text,
      price_per_1k_cached_input::text from public.models where id = ${run.price_snapshot.model_id}`;
    assert.ok(model, "the run's model is in public.models");
    const expected = expectedCost(run.token_usage, model);
    assert.ok(Math.abs(Number(run.cost_usd) - expected) < 1e-8, `${run.cost_usd} vs ${expected}`);
    assert.ok(Number(run.cost_usd) > 0);

    const [event] = await sql`select payload from public.run_events
      where event_type = 'run' and payload ->> 'run_id' = ${run.id}`;
    assert.ok(event, "the run is a KPI event");
    assert.equal(event.payload.model, "standin/echo", "the run is a KPI event");
    const logs =
      await sql`select message from public.run_logs where run_id = ${run.id} order by id`;
    assert.deepEqual(logs.map((l) => l.message), ["run started", "run finished: success"]);

    // The prompt's last run, in its detail and in the list.
    const detail = await api("GET", `/prompts/${prompt.id}`, { auth: user });
    assert.equal(detail.body.last_run.id, run.id);
    assert.equal(detail.body.last_run.status, "success");
    const list = await api("GET", "/prompts", { auth: user });
    const listed = list.body.items.find((p: { id: string }) => p.id === prompt.id);
    assert.equal(listed.last_run_status, "success");
  } finally {
    await sql.end();
  }
});

Deno.test("runs: a provider that reports no usage is priced by an estimate, marked so; a refused call costs nothing", async () => {
  const user = await newUser("runs-no-usage");
  const prompt = await createPrompt(user, "Name a river [[standin:no_usage]]");
  const res = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.status, "success");
  // About four characters a token, of what was sent and what came back.
  const u = res.body.token_usage;
  const sent = Math.ceil(res.body.resolved_prompt.length / 4);
  const came = Math.ceil(res.body.output.length / 4);
  assert.deepEqual(u, {
    prompt_tokens: sent,
    completion_tokens: came,
    total_tokens: sent + came,
    cached_tokens: 0,
    reasoning_tokens: 0,
    estimated: true,
  });
  const expected = expectedCost(u, {
    price_per_1k_input: String(res.body.price_snapshot.price_per_1k_input),
    price_per_1k_output: String(res.body.price_snapshot.price_per_1k_output),
    price_per_1k_cached_input: String(res.body.price_snapshot.price_per_1k_cached_input),
  });
  assert.ok(Number(res.body.cost_usd) > 0);
  assert.ok(Math.abs(Number(res.body.cost_usd) - expected) < 1e-8, `${res.body.cost_usd}`);
  const shown = await api("GET", `/runs/${res.body.id}`, { auth: user });
  assert.equal(shown.body.token_usage.estimated, true, "the record keeps the mark");

  // Streamed, the usage chunk never comes: the same estimate, in the stream's final record.
  const events = await readSse(await postRun(user, prompt.id, { stream: true }));
  const streamed = events.at(-1)!.data as typeof res.body;
  assert.equal(streamed.status, "success", JSON.stringify(streamed));
  assert.equal(streamed.output, res.body.output, "the same answer");
  assert.deepEqual(streamed.token_usage, u);
  assert.equal(streamed.cost_usd, res.body.cost_usd);

  // The provider refusing the request (an HTTP error) billed nothing: no usage, no cost.
  const refused = await createPrompt(user, "Name a river [[standin:500]]");
  const failed = await api("POST", `/prompts/${refused.id}/runs`, { auth: user, body: {} });
  assert.equal(failed.body.status, "error", JSON.stringify(failed.body));
  assert.equal(failed.body.token_usage, null);
  assert.equal(failed.body.cost_usd, null);
});

Deno.test("runs: cached and reasoning tokens are billed at their prices", async () => {
  const user = await newUser("runs-cached");
  const prompt = await createPrompt(user, "Long context please [[standin:cached=5;reasoning=7]]");
  const res = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} });
  assert.equal(res.status, 201);
  const u = res.body.token_usage;
  assert.equal(u.cached_tokens, 5);
  assert.equal(u.reasoning_tokens, 7);
  const expected = expectedCost(u, {
    price_per_1k_input: String(res.body.price_snapshot.price_per_1k_input),
    price_per_1k_output: String(res.body.price_snapshot.price_per_1k_output),
    price_per_1k_cached_input: String(res.body.price_snapshot.price_per_1k_cached_input),
  });
  assert.ok(
    Math.abs(Number(res.body.cost_usd) - expected) < 1e-8,
    `${res.body.cost_usd} vs ${expected}`,
  );
});

Deno.test("runs: bad variables, missing placeholders and foreign prompts are refused before any call", async () => {
  const user = await newUser("runs-bad");
  const key = ledgerKey("bad");
  const prompt = await createPrompt(user, `Hi {{name}} [[standin:key=${key}]]`, [
    { name: "name", type: "string", required: true },
    { name: "level", type: "enum", options: ["a", "b"] },
    { name: "n", type: "number" },
  ]);
  const bad = await api("POST", `/prompts/${prompt.id}/runs`, {
    auth: user,
    body: { variables: { level: "c", n: "three", extra: 1 } },
  });
  assert.equal(bad.status, 422);
  const fields = bad.body.error.details.fields.map((f: { field: string }) => f.field).sort();
  assert.deepEqual(fields, ["variables.extra", "variables.level", "variables.n", "variables.name"]);

  const undeclared = await createPrompt(user, `Uses {{ghost}} [[standin:key=${key}]]`);
  const ghost = await api("POST", `/prompts/${undeclared.id}/runs`, { auth: user, body: {} });
  assert.equal(ghost.status, 422);
  assert.match(ghost.body.error.message, /\{\{ghost\}\}/);

  const unknownModel = await api("POST", `/prompts/${prompt.id}/runs`, {
    auth: user,
    body: { variables: { name: "x" }, model: "nope/none" },
  });
  assert.equal(unknownModel.status, 422);
  assert.equal(unknownModel.body.error.code, "unknown_model");

  const other = await newUser("runs-bad-other");
  const foreign = await api("POST", `/prompts/${prompt.id}/runs`, {
    auth: other,
    body: { variables: { name: "x" } },
  });
  assert.equal(foreign.status, 404, "another user's prompt does not exist for them");
  assert.equal(await standinCalls(key), 0, "nothing reached the provider");
  // The daily count is taken while the run is prepared, and given back when it is refused.
  for (const who of [user, other]) {
    const usage = await api("GET", "/usage", { auth: who });
    assert.equal(usage.body.remaining, usage.body.daily_limit, "refused runs use no quota");
  }
});

Deno.test("runs: provider 500 is retried, then recorded as an error with the provider's message", async () => {
  const user = await newUser("runs-500");
  const key = ledgerKey("500");
  const prompt = await createPrompt(user, `Fail please [[standin:fault=500;key=${key}]]`);
  const res = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} });
  assert.equal(res.status, 201, "the run happened; its outcome is the error");
  assert.equal(res.body.status, "error");
  assert.match(res.body.error_message, /provider error 500/);
  assert.equal(res.body.attempts, 3, "1 call + LLM_MAX_RETRIES (2) retries");
  assert.equal(await standinCalls(key), 3);
  assert.equal(res.body.output, null);
  assert.equal(res.body.cost_usd, null, "no usage, no cost");
  assert.equal(res.body.validation_status, "skipped");
});

Deno.test("runs: provider 429 is retried and succeeds, or is recorded when it persists", async () => {
  const user = await newUser("runs-429");
  const key = ledgerKey("429");
  const flaky = await createPrompt(user, `Busy [[standin:fault=429;times=2;key=${key}]]`);
  const ok = await api("POST", `/prompts/${flaky.id}/runs`, { auth: user, body: {} });
  assert.equal(ok.status, 201);
  assert.equal(ok.body.status, "success");
  assert.equal(ok.body.attempts, 3, "two 429s, then an answer");
  assert.equal(await standinCalls(key), 3);

  const key2 = ledgerKey("429-always");
  const stuck = await createPrompt(user, `Always busy [[standin:fault=429;key=${key2}]]`);
  const err = await api("POST", `/prompts/${stuck.id}/runs`, { auth: user, body: {} });
  assert.equal(err.body.status, "error");
  assert.match(err.body.error_message, /provider error 429 after 3 attempts/);
  assert.equal(await standinCalls(key2), 3);
});

Deno.test("runs: malformed provider responses are recorded as errors", async () => {
  const user = await newUser("runs-malformed");
  for (const variant of ["malformed", "malformed=no_choices", "disconnect"]) {
    const key = ledgerKey("malformed");
    const prompt = await createPrompt(user, `Garble [[standin:${variant};key=${key}]]`);
    const res = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} });
    assert.equal(res.status, 201, variant);
    assert.equal(res.body.status, "error", variant);
    assert.ok(res.body.error_message.length > 0, variant);
    assert.ok(await standinCalls(key) >= 1, variant);
  }
});

Deno.test("runs: a provider slower than LLM_TIMEOUT_MS ends as timeout, with latency about the timeout", async () => {
  const local = inProcessApp({ LLM_TIMEOUT_MS: "500" });
  const sql = adminSql();
  try {
    const user = await newUser("runs-timeout");
    const key = ledgerKey("timeout");
    const prompt = await createPrompt(user, `Slow [[standin:slow=3000;key=${key}]]`);
    const res = await local.request(`/prompts/${prompt.id}/runs`, {
      method: "POST",
      user,
      json: {},
    });
    assert.equal(res.status, 201);
    const run = await res.json();
    assert.equal(run.status, "timeout");
    assert.match(run.error_message, /500 ms/);
    // Bounded by the deadline (retries included), not by the 3 s the stand-in would take.
    assert.ok(run.latency_ms >= 450 && run.latency_ms < 2500, `latency ${run.latency_ms}`);
    const [row] = await sql`select status, timeout_ms from public.runs where id = ${run.id}`;
    assert.ok(row, "the run is recorded");
    assert.equal(row.status, "timeout");
    assert.equal(row.timeout_ms, 500);
  } finally {
    await sql.end();
    await local.close();
  }
});

Deno.test("runs: the same Idempotency-Key returns the first run and never calls the provider again", async () => {
  const user = await newUser("runs-idem");
  const key = ledgerKey("idem");
  const prompt = await createPrompt(user, `Once [[standin:slow=300;key=${key}]]`);
  const idem = crypto.randomUUID();
  const headers = { "idempotency-key": idem };
  const first = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {}, headers });
  assert.equal(first.status, 201);
  const again = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {}, headers });
  assert.equal(again.status, 200, "a replay is 200");
  assert.equal(again.body.id, first.body.id);
  assert.equal(again.body.output, first.body.output);

  // Concurrent twins: one run, one call, everyone gets it.
  const idem2 = crypto.randomUUID();
  const twins = await Promise.all(
    Array.from({ length: 5 }, () =>
      api("POST", `/prompts/${prompt.id}/runs`, {
        auth: user,
        body: {},
        headers: { "idempotency-key": idem2 },
      })),
  );
  assert.deepEqual(twins.map((t) => t.status).sort(), [200, 200, 200, 200, 201]);
  assert.equal(new Set(twins.map((t) => t.body.id)).size, 1);
  assert.ok(twins.every((t) => t.body.status === "success"), "replays wait for the outcome");
  assert.equal(await standinCalls(key), 2, "one call per key, two keys");

  const remaining = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} });
  assert.equal(remaining.headers.get("x-ratelimit-remaining"), "47", "replays are not counted");

  const otherUser = await newUser("runs-idem-other");
  const theirs = await createPrompt(otherUser, `Theirs [[standin:key=${key}]]`);
  const sameKeyOtherUser = await api("POST", `/prompts/${theirs.id}/runs`, {
    auth: otherUser,
    body: {},
    headers,
  });
  assert.equal(sameKeyOtherUser.status, 201, "keys are per user");

  // A key belongs to its prompt: the same key on another of the user's prompts is a conflict,
  // not a replay of the first prompt's run.
  const second = await createPrompt(user, `Second [[standin:key=${key}]]`);
  const reused = await api("POST", `/prompts/${second.id}/runs`, { auth: user, body: {}, headers });
  assert.equal(reused.status, 409, JSON.stringify(reused.body));
  assert.equal(reused.body.error.code, "idempotency_key_reused");
  assert.equal(await standinCalls(key), 4, "the conflict called nothing");
});
