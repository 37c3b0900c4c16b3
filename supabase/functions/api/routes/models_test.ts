import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { expiredToken } from "./library_testing.ts";

Deno.test("models: active models with prices per 1k tokens, provider, tier, capabilities", async () => {
  const user = await newUser("models");
  const res = await api("GET", "/models", { auth: user });
  assert.equal(res.status, 200);
  const byId = new Map(res.body.items.map((m: { id: string }) => [m.id, m]));
  assert.ok(byId.size >= 11, `the seeded models are listed (${byId.size})`);
  assert.deepEqual(byId.get("openai/gpt-4o-mini"), {
    id: "openai/gpt-4o-mini",
    display_name: "GPT-4o Mini",
    tier: "low",
    provider: { id: "openai", name: "OpenAI", is_standin: false },
    prices: {
      currency: "USD",
      input_per_1k: 0.0003,
      output_per_1k: 0.0012,
      cached_input_per_1k: 0.00015,
    },
    max_context_tokens: 128000,
    capabilities: { tools: true, streaming: true, structured_output: true },
    in_plan: true,
    is_default: true,
  });
  const standin = byId.get("standin/echo") as { provider: { is_standin: boolean } };
  assert.equal(standin.provider.is_standin, true, "the stand-in is labelled as such");
  for (const m of res.body.items) {
    assert.ok(["top", "mid", "low"].includes(m.tier));
    assert.equal(typeof m.prices.input_per_1k, "number");
    assert.equal(typeof m.prices.output_per_1k, "number");
    // A free plan runs low- and mid-tier models (plan_limits).
    assert.equal(m.in_plan, m.tier !== "top", `${m.id} in the free plan`);
  }
  assert.equal(res.body.items.filter((m: { is_default: boolean }) => m.is_default).length, 1);
});

Deno.test("models: an API key works; no credentials or an expired token do not", async () => {
  const user = await newUser("models-auth");
  const { body: key } = await api("POST", "/api-keys", { auth: user, body: { name: "m" } });
  assert.equal((await api("GET", "/models", { headers: { "x-api-key": key.key } })).status, 200);
  assert.equal((await api("GET", "/models")).status, 401);
  assert.equal((await api("GET", "/models", { auth: await expiredToken(user) })).status, 401);
  assert.equal((await api("POST", "/models", { auth: user, body: {} })).status, 404);
});
