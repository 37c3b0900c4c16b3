// Quotas against the stack's real Redis (through the Upstash bridge), and failing closed.
import assert from "node:assert/strict";
import { Redis } from "@upstash/redis";
import { localEnv } from "../../../dev/env.ts";
import { ApiError } from "../_shared/errors.ts";
import { parseConfig } from "../_shared/config.ts";
import { closedPort, inOneDayWindow, inOneMinuteWindow } from "./run/testing.ts";
import {
  countRun,
  createQuota,
  meterRun,
  type ProviderLimits,
  quotaExceeded,
  quotaHeaders,
  recentRefusals,
  uncount,
} from "./quota.ts";

const config = parseConfig({ ...localEnv, QUOTA_DAILY_FREE: "3", API_KEY_RATE_PER_MINUTE: "2" });
const redis = new Redis({ url: config.redisUrl, token: config.redisToken, retry: false });

Deno.test("quota: a plan's daily runs are spent, refused when gone, and can be refunded", async () => {
  await inOneDayWindow();
  const quota = createQuota({ config, redis });
  const user = crypto.randomUUID();
  assert.equal((await quota.remaining(user, "free")).remaining, 3);
  const spent = [];
  for (let i = 0; i < 4; i++) spent.push((await quota.count(user))("free"));
  assert.deepEqual(spent.map((s) => s.ok), [true, true, true, false]);
  assert.equal(spent[2]!.remaining, 0);
  assert.ok(spent[3]!.reset > Date.now());
  await quota.refund(user);
  await quota.refund(user);
  assert.equal((await quota.remaining(user, "free")).remaining, 1);
  assert.equal((await quota.count(user))("pro").ok, true, "a bigger plan sees the same count");
  assert.equal((await quota.remaining(user, "pro")).limit, 1000);
});

Deno.test("quota: API keys get a per-minute allowance", async () => {
  const quota = createQuota({ config, redis });
  const key = crypto.randomUUID();
  await inOneMinuteWindow();
  const r = [
    await quota.consumeApiKey(key),
    await quota.consumeApiKey(key),
    await quota.consumeApiKey(key),
  ];
  assert.deepEqual(r.map((x) => x.ok), [true, true, false]);
});

Deno.test("quota: an unreachable Redis is a 503, never a pass", async () => {
  const dead = new Redis({ url: `http://127.0.0.1:${closedPort()}`, token: "x", retry: false });
  const quota = createQuota({ config, redis: dead });
  const limits = { requests_per_minute: 5, requests_per_day: null, tokens_per_minute: 100 };
  for (
    const attempt of [
      () => quota.count("u"),
      () => quota.remaining("u", "free"),
      () => quota.consumeProvider("u", "openai", limits, 10),
    ]
  ) {
    await assert.rejects(attempt, (e) =>
      e instanceof ApiError && e.status === 503 &&
      e.code === "quota_unavailable");
  }
});

Deno.test("meterRun: a provider limit that refuses gives back the daily run it took", async () => {
  const quota = createQuota({ config, redis });
  const user = crypto.randomUUID();
  const provider = {
    id: `meter-${user.slice(0, 8)}`,
    limits: { requests_per_minute: 1, requests_per_day: null, tokens_per_minute: null },
    reserveTokens: 10,
  };
  const meter = () => meterRun(quota, user, "free", provider, countRun(quota, { userId: user }));
  await inOneMinuteWindow();
  const first = await meter();
  assert.equal(first.daily.remaining, 2);
  await assert.rejects(
    meter(),
    (e) => e instanceof ApiError && e.status === 429 && e.code === "provider_rate_limited",
  );
  assert.equal((await quota.remaining(user, "free")).remaining, 2, "the daily run came back");
  await first.refund();
  assert.equal((await quota.remaining(user, "free")).remaining, 3, "refund gives back all of it");
  const again = await meter();
  assert.equal(again.daily.remaining, 2, "and the provider's minute is free again");
});

Deno.test("quota: one count, judged by each plan; uncount gives it back", async () => {
  await inOneDayWindow();
  // free 3 (this file's config), pro and enterprise the defaults: the count is shared.
  const quota = createQuota({ config, redis });
  const user = crypto.randomUUID();
  const verdicts = [];
  for (let i = 0; i < 4; i++) verdicts.push(await quota.count(user));
  assert.deepEqual(verdicts.map((v) => [v("free").ok, v("free").remaining]), [
    [true, 2],
    [true, 1],
    [true, 0],
    [false, 0],
  ]);
  const fourth = verdicts[3]!; // four verdicts, checked just above
  assert.equal(fourth("pro").ok, true, "the fourth run is within the pro plan");
  assert.equal(fourth("pro").remaining, config.quota.daily.pro - 4);
  assert.equal(fourth("enterprise").limit, config.quota.daily.enterprise);

  await uncount(quota, user, countRun(quota, { userId: user }));
  assert.equal((await quota.remaining(user, "free")).remaining, 0, "count and uncount: still 4");
  assert.equal((await quota.remaining(user, "pro")).remaining, config.quota.daily.pro - 4);
});

Deno.test("quota: past the largest plan's limit, every plan refuses", async () => {
  await inOneDayWindow();
  const tiny = parseConfig({
    ...localEnv,
    QUOTA_DAILY_FREE: "1",
    QUOTA_DAILY_PRO: "2",
    QUOTA_DAILY_ENTERPRISE: "2",
  });
  const quota = createQuota({ config: tiny, redis });
  const user = crypto.randomUUID();
  const [a, b, c] = [await quota.count(user), await quota.count(user), await quota.count(user)];
  assert.deepEqual([a("free").ok, a("pro").ok], [true, true]);
  assert.deepEqual([b("free").ok, b("pro").ok, b("enterprise").ok], [false, true, true]);
  assert.deepEqual([c("free").ok, c("pro").ok, c("enterprise").ok], [false, false, false]);
});

Deno.test("quota: 429 carries Retry-After and the rate-limit headers", () => {
  const now = Date.now();
  const e = quotaExceeded({ ok: false, limit: 50, remaining: 0, reset: now + 90_500 }, "runs", now);
  assert.equal(e.status, 429);
  assert.equal(e.headers!["retry-after"], "91");
  assert.equal(e.headers!["x-ratelimit-limit"], "50");
  assert.equal(e.headers!["x-ratelimit-remaining"], "0");
  assert.deepEqual(
    Object.keys(quotaHeaders({ ok: true, limit: 1, remaining: 1, reset: now })).sort(),
    [
      "x-ratelimit-limit",
      "x-ratelimit-remaining",
      "x-ratelimit-reset",
    ],
  );
});

Deno.test("meterRun: a call's worst case is reserved from tokens per minute, then settled to its use", async () => {
  const quota = createQuota({ config, redis });
  const user = crypto.randomUUID();
  const limits = { requests_per_minute: null, requests_per_day: null, tokens_per_minute: 100 };
  const provider = (reserveTokens: number) => ({
    id: `tpm-${user.slice(0, 8)}`,
    limits,
    reserveTokens,
  });
  const meter = (reserve: number) =>
    meterRun(quota, user, "pro", provider(reserve), countRun(quota, { userId: user }));
  const refusedFor = (reserve: number) =>
    assert.rejects(
      meter(reserve),
      (e) =>
        e instanceof ApiError && e.status === 429 && e.code === "provider_rate_limited" &&
        /tokens per minute/.test(e.message),
    );

  // Two calls of 60 in flight at once cannot both be admitted against 100 per minute.
  await inOneMinuteWindow();
  const first = await meter(60);
  await refusedFor(60);
  // A refusal gives back what it reserved: 40 still fit.
  const second = await meter(40);
  await refusedFor(1);
  // The first call used only 10 of its 60: 50 come back.
  await first.spendTokens(10);
  const third = await meter(50);
  await refusedFor(1);
  // A call that used more than it reserved spends the difference.
  await third.spendTokens(50);
  await second.spendTokens(41);
  await refusedFor(1);
  // A call larger than the whole budget is never admitted.
  await refusedFor(101);
});

Deno.test("meterRun: asking again counts a request and reserves a call's tokens; settles both", async () => {
  const quota = createQuota({ config, redis });
  const user = crypto.randomUUID();
  const provider = (id: string, limits: ProviderLimits, reserveTokens = 40) => ({
    id: `${id}-${user.slice(0, 8)}`,
    limits,
    reserveTokens,
  });
  const meter = (p: ReturnType<typeof provider>) =>
    meterRun(quota, user, "pro", p, countRun(quota, { userId: user }));

  // Tokens: 100 a minute, 40 a call.
  const tpm = provider("again-tpm", {
    requests_per_minute: null,
    requests_per_day: null,
    tokens_per_minute: 100,
  });
  await inOneMinuteWindow();
  const run = await meter(tpm);
  assert.equal(await run.askAgain(), null, "a second call fits: 80 of 100");
  const refused = await run.askAgain();
  assert.ok(refused instanceof ApiError && refused.code === "provider_rate_limited");
  assert.match(refused.message, /tokens per minute/);
  // The refused ask took nothing: 20 are still there.
  const small = await meter({ ...tpm, reserveTokens: 20 });
  await assert.rejects(meter({ ...tpm, reserveTokens: 1 }), (e) => e instanceof ApiError);
  // The run's two calls used 30 in all: 50 of their 80 come back, and a 40 fits again.
  await run.spendTokens(30);
  await small.spendTokens(20);
  await meter(tpm);

  // Requests: 2 a minute; a run asked twice has spent both.
  const rpm = provider("again-rpm", {
    requests_per_minute: 2,
    requests_per_day: null,
    tokens_per_minute: null,
  });
  const twice = await meter(rpm);
  assert.equal(await twice.askAgain(), null);
  const third = await twice.askAgain();
  assert.ok(third instanceof ApiError && /requests per minute/.test(third.message));
  await assert.rejects(meter(rpm), (e) => e instanceof ApiError && e.status === 429);
});

Deno.test("recentRefusals: a refusal is remembered with its plan for a while, boundedly", () => {
  const refusals = recentRefusals(10_000, 2);
  refusals.remember("a", "free", 0);
  assert.equal(refusals.planOf("a", 9_999), "free");
  assert.equal(refusals.planOf("a", 10_000), null, "forgotten once the while is over");
  assert.equal(refusals.planOf("b", 0), null, "only the user refused");

  refusals.remember("a", "free", 0);
  refusals.remember("b", "pro", 0);
  refusals.remember("a", "free", 1); // remembered again: now the newest
  refusals.remember("c", "free", 1); // full: the oldest (b) goes
  assert.equal(refusals.planOf("b", 2), null);
  assert.equal(refusals.planOf("a", 2), "free");
  assert.equal(refusals.planOf("c", 2), "free");
  refusals.forget("a");
  assert.equal(refusals.planOf("a", 2), null);
});
