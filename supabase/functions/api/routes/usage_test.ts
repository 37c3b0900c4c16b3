// Integration tests against the running stack: GET /usage from SQL runs and Upstash counters.
import assert from "node:assert/strict";
import postgres from "postgres";
import { localEnv, need } from "../../../../dev/env.ts";
import { api, newUser } from "../../../../dev/testing.ts";
import { Fixtures } from "../../../../dev/run_fixtures.ts";
import { parseConfig } from "../../_shared/config.ts";
import { createDeps } from "../deps.ts";
import { createQuota } from "../quota.ts";
import { inOneDayWindow } from "../run/testing.ts";

Deno.test("usage: today's runs and cost, and the quota the run engine spends", async () => {
  await inOneDayWindow();
  const fx = new Fixtures();
  const deps = createDeps(localEnv);
  try {
    const [user, other] = await Promise.all([newUser("usage"), newUser("usage-other")]);
    const daily = parseConfig(localEnv).quota.daily;

    const fresh = await api("GET", "/usage", { auth: user });
    assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
    assert.equal(fresh.body.day, new Date().toISOString().slice(0, 10));
    assert.equal(fresh.body.plan, "free");
    assert.equal(fresh.body.daily_limit, daily.free);
    assert.equal(fresh.body.remaining, daily.free);
    assert.equal(fresh.body.runs_today, 0);
    assert.equal(fresh.body.cost_usd_today, 0);
    const reset = new Date(fresh.body.resets_at);
    assert.equal(
      reset.toISOString().slice(11),
      "00:00:00.000Z",
      "the quota resets at UTC midnight",
    );

    const p = await fx.prompt(user);
    const price = { input: 0.001, output: 0.002 };
    await fx.run(user, p.id, { price, promptTokens: 100, completionTokens: 50 });
    await fx.run(user, p.id, { price, promptTokens: 1000, completionTokens: 0 });
    await fx.run(user, p.id, { status: "error" });
    await fx.run(user, p.id, { price, promptTokens: 999, completionTokens: 999, daysAgo: 1 });
    // Spend two runs of quota exactly as the run engine does.
    const quota = createQuota(deps);
    await quota.count(user.id);
    await quota.count(user.id);

    const after = await api("GET", "/usage", { auth: user });
    assert.equal(after.body.runs_today, 3, "yesterday's run is not today's");
    // (100 x 0.001 + 50 x 0.002) / 1000 + (1000 x 0.001) / 1000 = 0.0002 + 0.001
    assert.equal(after.body.cost_usd_today, 0.0012);
    assert.equal(after.body.remaining, daily.free - 2);

    // Another user's counters and runs are their own.
    const theirs = await api("GET", "/usage", { auth: other });
    assert.equal(theirs.body.runs_today, 0);
    assert.equal(theirs.body.remaining, daily.free);

    // An admin upgrades the plan: the limit follows, today's count is kept.
    const admin = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
    try {
      await admin`update public.profiles set plan = 'pro' where id = ${user.id}`;
    } finally {
      await admin.end();
    }
    const pro = await api("GET", "/usage", { auth: user });
    assert.equal(pro.body.plan, "pro");
    assert.equal(pro.body.daily_limit, daily.pro);
    assert.equal(pro.body.remaining, daily.pro - 2);
    assert.equal((await api("GET", "/usage")).status, 401);
  } finally {
    await fx.end();
    await deps.sql.end();
  }
});
