// Cost-aware admission: a call is bounded by the caller's plan (public.plan_limits) before
// anything is spent: the model's tier, max_tokens (asked for or the version's, and the model's
// context), and the length of the rendered prompt. A refused call makes no run, no provider call
// and gives back today's count.
import assert from "node:assert/strict";
import { api, newUser, type TestUser } from "../../../../dev/testing.ts";
import {
  adminSql,
  createPrompt,
  createTestVendor,
  dropTestVendor,
  ledgerKey,
  standinCalls,
} from "../run/testing.ts";

const remaining = async (user: TestUser) =>
  (await api("GET", "/usage", { auth: user })).body.remaining as number;

const runs = async (sql: ReturnType<typeof adminSql>, promptId: string) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from public.runs
    where prompt_id = ${promptId}`)[0]?.n;

Deno.test("admission: a free plan cannot run a top-tier model; a pro plan can", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("admit-tier");
    const key = ledgerKey("tier");
    const prompt = await createPrompt(user, `Hello [[standin:key=${key}]]`);
    const before = await remaining(user);
    const refused = await api("POST", `/prompts/${prompt.id}/runs`, {
      auth: user,
      body: { model: "openai/o3" },
    });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, "model_not_in_plan");
    assert.equal(refused.body.error.details.fields[0].field, "model");
    assert.match(refused.body.error.message, /top-tier.*free plan/);
    assert.equal(await standinCalls(key), 0);
    assert.equal(await runs(sql, prompt.id), 0);
    assert.equal(await remaining(user), before, "the day's count was given back");

    await sql`update public.profiles set plan = 'pro' where id = ${user.id}`;
    const allowed = await api("POST", `/prompts/${prompt.id}/runs`, {
      auth: user,
      body: { model: "openai/o3" },
    });
    assert.equal(allowed.status, 201, JSON.stringify(allowed.body));
    assert.equal(allowed.body.model, "openai/o3");
  } finally {
    await sql.end();
  }
});

Deno.test("admission: max_tokens is capped by the plan and the model, and defaults to the cap", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("admit-max");
    const key = ledgerKey("max");
    const prompt = await createPrompt(user, `Hello [[standin:key=${key}]]`);
    const [limits] = await sql<{ max_output_tokens: number }[]>`
      select max_output_tokens from public.plan_limits where plan = 'free'`;
    const cap = limits!.max_output_tokens;

    const asked = await api("POST", `/prompts/${prompt.id}/runs`, {
      auth: user,
      body: { max_tokens: 1_000_000 },
    });
    assert.equal(asked.status, 422, JSON.stringify(asked.body));
    assert.equal(asked.body.error.code, "max_tokens_over_limit");
    assert.deepEqual(asked.body.error.details.fields.map((f: { field: string }) => f.field), [
      "max_tokens",
    ]);
    assert.equal(asked.body.error.details.limit, cap);

    const saved = await api("POST", `/prompts/${prompt.id}/versions`, {
      auth: user,
      body: { content: `Hi [[standin:key=${key}]]`, model_config: { max_tokens: cap + 1 } },
    });
    assert.equal(saved.status, 201, JSON.stringify(saved.body));
    const fromVersion = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} });
    assert.equal(fromVersion.status, 422);
    assert.equal(fromVersion.body.error.details.fields[0].field, "model_config.max_tokens");
    assert.equal(await standinCalls(key), 0);

    // Asking for less than the cap overrides the version's; asking nothing sends the cap.
    const ok = await api("POST", `/prompts/${prompt.id}/runs`, {
      auth: user,
      body: { max_tokens: 50 },
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.max_tokens, 50);
    const plain = await createPrompt(user, "Plain");
    const defaulted = await api("POST", `/prompts/${plain.id}/runs`, { auth: user, body: {} });
    assert.equal(defaulted.status, 201);
    assert.equal(defaulted.body.max_tokens, cap, "the plan's cap is what the provider is asked");

    // A model whose context is smaller than the plan's cap.
    const { vendor, model } = await createTestVendor(sql, "admit-ctx");
    try {
      await sql`update public.models set max_context_tokens = 1000 where id = ${model}`;
      const overContext = await api("POST", `/prompts/${plain.id}/runs`, {
        auth: user,
        body: { model, max_tokens: 1001 },
      });
      assert.equal(overContext.status, 422, JSON.stringify(overContext.body));
      assert.equal(overContext.body.error.code, "max_tokens_over_context");
      assert.equal(overContext.body.error.details.limit, 1000);
      const fits = await api("POST", `/prompts/${plain.id}/runs`, { auth: user, body: { model } });
      assert.equal(fits.status, 201, JSON.stringify(fits.body));
      assert.equal(fits.body.max_tokens, 1000, "the default is the smaller of plan and context");
    } finally {
      await dropTestVendor(sql, vendor);
    }
  } finally {
    await sql.end();
  }
});

Deno.test("admission: a small template that renders past the plan's length is a 413 and costs nothing", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("admit-render");
    const key = ledgerKey("render");
    // 19,980 placeholders in under 100,000 characters of template.
    const template = `${"{{x}}".repeat(19_980)}[[standin:key=${key}]]`;
    const prompt = await createPrompt(user, template, [
      { name: "x", type: "string", required: true },
    ]);
    const before = await remaining(user);
    const res = await api("POST", `/prompts/${prompt.id}/runs`, {
      auth: user,
      body: { variables: { x: "y".repeat(50) } },
    });
    assert.equal(res.status, 413, JSON.stringify(res.body).slice(0, 300));
    assert.equal(res.body.error.code, "prompt_too_large");
    assert.equal(res.body.error.details.length, 19_980 * 50 + `[[standin:key=${key}]]`.length);
    assert.equal(res.body.error.details.fields[0].field, "variables");
    assert.equal(await standinCalls(key), 0);
    assert.equal(await runs(sql, prompt.id), 0);
    assert.equal(await remaining(user), before, "the day's count was given back");

    const small = await api("POST", `/prompts/${prompt.id}/runs`, {
      auth: user,
      body: { variables: { x: "y" } },
    });
    assert.equal(small.status, 201, "the same template with a short value runs");
  } finally {
    await sql.end();
  }
});
