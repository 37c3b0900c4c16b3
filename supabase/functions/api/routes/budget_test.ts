// USD budgets (issue 19): enforced in Upstash, exact under concurrency. A user with $0.50 of
// budget sends 100 concurrent runs whose worst case is $0.02 each: no more than $0.50 is ever
// committed, the recorded costs sum to at most $0.50, and the refused runs (402) never called
// the provider (the stand-in counts its calls).
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import {
  adminSql,
  createPrompt,
  createTestVendor,
  dropTestVendor,
  ledgerKey,
  standinCalls,
} from "../run/testing.ts";
import { fromUnits, toUnits, worstCaseUnits } from "../run/spend_limit.ts";
import { one } from "../../_shared/db.ts";

Deno.test("budget: 100 concurrent runs against $0.50 commit at most $0.50, and refused runs never reach the provider", async () => {
  const sql = adminSql();
  const { vendor, model } = await createTestVendor(sql, "budget");
  try {
    // Output at $2 per 1k tokens, input free: max_tokens 10 makes a worst case of $0.02.
    await sql`update public.models set price_per_1k_input = 0, price_per_1k_output = 2
      where id = ${model}`;
    const user = await newUser("budget");
    // The pro plan's daily quota (1,000) leaves the budget as the only limit here.
    await sql`update public.profiles set plan = 'pro' where id = ${user.id}`;
    await api("PUT", `/provider-keys/${vendor}`, { auth: user, body: { key: "sk-budget-1234" } });
    const set = await api("PUT", "/budget", {
      auth: user,
      body: { monthly_limit_usd: 0.5, alert_ratio: 0.8 },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.monthly_limit_usd, 0.5);
    const ledger = ledgerKey("budget");
    const prompt = await createPrompt(user, `Go [[standin:key=${ledger}]]`);

    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        api("POST", `/prompts/${prompt.id}/runs`, {
          auth: user,
          body: { model, max_tokens: 10 },
        })),
    );
    const ran = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 402);
    assert.equal(
      ran.length + refused.length,
      100,
      `only 201 or 402: ${answers.map((a) => a.status)}`,
    );
    assert.ok(refused.length > 0, "the budget refused some");
    assert.ok(ran.length >= 1 && ran.length <= 25, `at most 25 runs of $0.02 fit: ${ran.length}`);
    for (const r of refused) {
      assert.equal(r.body.error.code, "budget_exceeded");
      assert.equal(r.body.error.details.limit_usd, "0.50000000");
      assert.ok(toUnits(r.body.error.details.spend_usd) <= toUnits("0.5"));
    }
    assert.equal(await standinCalls(ledger), ran.length, "a refused run never called the provider");

    const { total, runs } = one(
      await sql<{ total: string; runs: number }[]>`
        select coalesce(sum(cost_usd), 0)::text as total, count(*)::int as runs
        from public.runs where user_id = ${user.id}`,
    );
    assert.equal(runs, ran.length, "refused runs leave no run behind");
    assert.ok(toUnits(total) <= toUnits("0.5"), `recorded costs ${total} stay within $0.50`);
    assert.ok(toUnits(total) > 0n, "and the runs that ran were billed");

    const budget = await api("GET", "/budget", { auth: user });
    assert.equal(budget.body.spend_usd, total.replace(/^(\d+\.\d{8})\d*$/, "$1"));
    assert.equal(
      budget.body.alerted,
      toUnits(total) >= toUnits("0.4"),
      "the alert follows the threshold",
    );
  } finally {
    await sql`delete from auth.users where email like 'budget-%'`;
    await dropTestVendor(sql, vendor);
    await sql.end();
  }
});

Deno.test("budget: the alert is recorded once the threshold is crossed; admins set budgets; bad input is a 422", async () => {
  const sql = adminSql();
  const { vendor, model } = await createTestVendor(sql, "alert");
  try {
    await sql`update public.models set price_per_1k_input = 0, price_per_1k_output = 2
      where id = ${model}`;
    const [user, admin, other] = await Promise.all([
      newUser("budget-alert"),
      newUser("budget-admin"),
      newUser("budget-other"),
    ]);
    await sql`update public.profiles set role = 'admin' where id = ${admin.id}`;
    const byAdmin = await api("PUT", `/admin/users/${user.id}/budget`, {
      auth: admin,
      // The alert at 5% of $0.05: $0.0025, which two output tokens at $2/1k pass.
      body: { monthly_limit_usd: 0.05, alert_ratio: 0.05 },
    });
    assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
    const notAdmin = await api("PUT", `/admin/users/${user.id}/budget`, {
      auth: other,
      body: { monthly_limit_usd: 100 },
    });
    assert.equal(notAdmin.status, 404, "the admin area does not exist for users");

    await api("PUT", `/provider-keys/${vendor}`, { auth: user, body: { key: "sk-alert-1234" } });
    const prompt = await createPrompt(user, "Hello");
    for (let i = 0; i < 2; i++) {
      const ran = await api("POST", `/prompts/${prompt.id}/runs`, {
        auth: user,
        body: { model, max_tokens: 10 },
      });
      assert.equal(ran.status, 201, JSON.stringify(ran.body));
      assert.ok(toUnits(ran.body.cost_usd) >= toUnits("0.0025"), `cost ${ran.body.cost_usd}`);
    }
    const budget = await api("GET", "/budget", { auth: user });
    assert.equal(budget.body.monthly_limit_usd, 0.05);
    assert.equal(budget.body.alert_ratio, 0.05);
    assert.equal(budget.body.alerted, true, "the threshold was crossed");
    const { alerts } = one(
      await sql<{ alerts: number }[]>`
        select count(*)::int as alerts from public.budget_alerts where user_id = ${user.id}`,
    );
    assert.equal(alerts, 1, "one alert a month, however many runs cross it");

    for (const body of [{ monthly_limit_usd: -1 }, { monthly_limit_usd: 1, alert_ratio: 2 }, {}]) {
      const bad = await api("PUT", "/budget", { auth: user, body });
      assert.equal(bad.status, 422, JSON.stringify(body));
    }
    const cleared = await api("PUT", "/budget", { auth: user, body: { monthly_limit_usd: null } });
    assert.equal(cleared.body.monthly_limit_usd, null, "no limit");
  } finally {
    await sql`delete from auth.users where email like 'budget-%'`;
    await dropTestVendor(sql, vendor);
    await sql.end();
  }
});

Deno.test("budget: amounts are exact decimals, and the worst case is every token at its price", () => {
  assert.equal(toUnits("0.50000000"), 50_000_000n);
  assert.equal(toUnits(0.5), 50_000_000n);
  assert.equal(toUnits("0.000000011"), 2n, "beyond 1e-8 rounds up");
  assert.equal(fromUnits(2_000_000n), "0.02000000");
  const price = { model_id: "m", price_per_1k_input: "0", price_per_1k_output: "2.00000000" };
  assert.equal(fromUnits(worstCaseUnits(price, 100, 10)), "0.02000000");
  assert.equal(
    fromUnits(worstCaseUnits({ ...price, price_per_1k_input: "0.001" }, 1000, 0)),
    "0.00100000",
  );
});
