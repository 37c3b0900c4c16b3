// Integration tests against the running stack: GET /metrics numbers checked against known runs.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { Fixtures } from "../../../../dev/run_fixtures.ts";

const utcDay = (daysAgo: number) => {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - daysAgo);
  return d.toISOString().slice(0, 10);
};

Deno.test("metrics: runs per day, latency percentiles, tokens and cost by model", async () => {
  const fx = new Fixtures();
  try {
    const [user, other] = await Promise.all([newUser("metrics"), newUser("metrics-other")]);
    const p = await fx.prompt(user);
    const echo = { model: "standin/echo", price: { input: 0.001, output: 0.002 } };
    for (const latencyMs of [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]) {
      await fx.run(user, p.id, {
        ...echo,
        latencyMs,
        promptTokens: 100,
        completionTokens: 50,
        daysAgo: 0,
      });
    }
    await fx.run(user, p.id, {
      model: "openai/gpt-4o",
      status: "timeout",
      latencyMs: 5000,
      daysAgo: 0,
    });
    await fx.run(user, p.id, {
      model: "openai/gpt-4o",
      price: { input: 0.005, output: 0.015 },
      promptTokens: 2000,
      completionTokens: 1000,
      latencyMs: 700,
      daysAgo: 2,
    });
    await fx.run(user, p.id, { ...echo, promptTokens: 1, completionTokens: 1, daysAgo: 3 });

    const res = await api("GET", "/metrics?days=3", { auth: user });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const m = res.body;
    assert.equal(m.days, 3);
    assert.equal(m.from, utcDay(2));
    assert.equal(m.to, utcDay(0));
    assert.deepEqual(m.per_day.map((d: { day: string }) => d.day), [
      utcDay(2),
      utcDay(1),
      utcDay(0),
    ]);

    // Today: 10 echo runs (latency 10..100 ms) and one gpt-4o timeout at 5 000 ms. Over the 11
    // latencies the continuous p50 is 60 and p95 is 100 + 0.5 x (5000 - 100) = 2550.
    const today = m.per_day[2];
    assert.equal(today.runs, 11);
    assert.equal(today.succeeded, 10);
    assert.equal(today.failed, 1);
    assert.equal(today.p50_latency_ms, 60);
    assert.equal(today.p95_latency_ms, 2550);
    assert.equal(today.tokens, 1500);
    // 10 x (100 x 0.001 + 50 x 0.002) / 1000 = 0.002
    assert.equal(today.cost_usd, 0.002);
    assert.deepEqual(m.per_day[1], {
      day: utcDay(1),
      runs: 0,
      succeeded: 0,
      failed: 0,
      p50_latency_ms: null,
      p95_latency_ms: null,
      tokens: 0,
      cost_usd: 0,
    });
    assert.equal(m.per_day[0].runs, 1);
    assert.equal(m.per_day[0].p50_latency_ms, 700);
    // (2000 x 0.005 + 1000 x 0.015) / 1000 = 0.025
    assert.equal(m.per_day[0].cost_usd, 0.025);

    assert.deepEqual(m.by_model, [
      {
        model: "openai/gpt-4o",
        runs: 2,
        input_tokens: 2000,
        output_tokens: 1000,
        total_tokens: 3000,
        cost_usd: 0.025,
      },
      {
        model: "standin/echo",
        runs: 10,
        input_tokens: 1000,
        output_tokens: 500,
        total_tokens: 1500,
        cost_usd: 0.002,
      },
    ]);
    assert.deepEqual(m.totals, { runs: 12, tokens: 4500, cost_usd: 0.027 });

    // The run 3 days ago only enters a 4-day window; the default window is 30 days.
    const four = await api("GET", "/metrics?days=4", { auth: user });
    assert.equal(four.body.totals.runs, 13);
    const dflt = await api("GET", "/metrics", { auth: user });
    assert.equal(dflt.body.days, 30);
    assert.equal(dflt.body.per_day.length, 30);
    assert.equal(dflt.body.totals.runs, 13);

    const theirs = await api("GET", "/metrics?days=90", { auth: other });
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body.totals, { runs: 0, tokens: 0, cost_usd: 0 });
    assert.deepEqual(theirs.body.by_model, []);
    assert.equal(theirs.body.per_day.length, 90);
  } finally {
    await fx.end();
  }
});

Deno.test("metrics: days outside 1..90 or not a number is a 422 naming days", async () => {
  const user = await newUser("metrics-bad");
  for (const days of ["0", "91", "-3", "abc", "1.5"]) {
    const res = await api("GET", `/metrics?days=${days}`, { auth: user });
    assert.equal(res.status, 422, `days=${days}`);
    assert.equal(res.body.error.details.fields[0].field, "days");
  }
  assert.equal((await api("GET", "/metrics?days=1", { auth: user })).body.per_day.length, 1);
  assert.equal((await api("GET", "/metrics")).status, 401);
});
