import assert from "node:assert/strict";
import type { Config } from "../../_shared/config.ts";
import { ApiError } from "../../_shared/errors.ts";
import { chooseTarget as choose, type ModelRow, type ProviderRow } from "./provider.ts";

const llm = (over: Partial<Config["llm"]> = {}): Config["llm"] => ({
  mode: "missing",
  timeoutMs: 60_000,
  maxRetries: 2,
  ...over,
});
const standinUrl = "http://127.0.0.1:54390/v1";
const gpt: ModelRow = {
  id: "openai/gpt-4o-mini",
  provider_id: "openai",
  provider_model_id: "gpt-4o-mini",
  provider_is_standin: false,
};
const claude: ModelRow = {
  ...gpt,
  id: "anthropic/claude-3.5-sonnet",
  provider_id: "anthropic",
  provider_model_id: "claude-3-5-sonnet-latest",
};
const echo: ModelRow = {
  id: "standin/echo",
  provider_id: "standin",
  provider_model_id: "standin/echo",
  provider_is_standin: true,
};
const provider = (id: string, base_url: string, is_standin = false): ProviderRow => ({
  id,
  base_url,
  is_standin,
  limits: is_standin
    ? null
    : { requests_per_minute: 60, requests_per_day: null, tokens_per_minute: null },
  key: null,
});
// The rows prepare_run returns (public.providers): every base URL comes from them.
const rows: ProviderRow[] = [
  provider("anthropic", "https://anthropic.example/v1/"),
  provider("openai", "https://openai.example/v1"),
  provider("openrouter", "https://openrouter.example/v1"),
  provider("standin", "http://127.0.0.1:1/row-default", true),
];
const chooseTarget = (
  l: Config["llm"],
  localStack: boolean,
  model: ModelRow,
  keys: ReadonlyMap<string, string>,
) => choose(l, localStack, model, rows, keys);
const none = new Map<string, string>();

Deno.test("provider: the user's own vendor key comes first, with the vendor's model name", () => {
  const t = chooseTarget(
    llm({ openrouterKey: "sk-or-project" }),
    false,
    gpt,
    new Map([["openai", "sk-user"]]),
  );
  assert.deepEqual(
    { p: t.providerId, s: t.keySource, k: t.apiKey, m: t.model, u: t.baseUrl },
    { p: "openai", s: "user", k: "sk-user", m: "gpt-4o-mini", u: "https://openai.example/v1" },
  );
});

Deno.test("provider: else the user's OpenRouter key, with the OpenRouter model id", () => {
  const t = chooseTarget(
    llm({ openaiKey: "sk-project" }),
    false,
    claude,
    new Map([["openrouter", "sk-or-user"]]),
  );
  assert.deepEqual([t.providerId, t.keySource, t.apiKey, t.model], [
    "openrouter",
    "user",
    "sk-or-user",
    claude.id,
  ]);
});

Deno.test("provider: else the project's keys: OpenRouter for any model, OpenAI only for OpenAI's", () => {
  const viaRouter = chooseTarget(llm({ openrouterKey: "sk-or" }), false, claude, none);
  assert.deepEqual([viaRouter.providerId, viaRouter.keySource], ["openrouter", "project"]);
  const viaOpenai = chooseTarget(llm({ openaiKey: "sk-oa" }), false, gpt, none);
  assert.deepEqual([viaOpenai.providerId, viaOpenai.keySource, viaOpenai.model], [
    "openai",
    "project",
    "gpt-4o-mini",
  ]);
  assert.throws(() => chooseTarget(llm({ openaiKey: "sk-oa" }), false, claude, none), ApiError);
  const custom = chooseTarget(
    llm({ baseUrl: "http://ollama:11434/v1", apiKey: "x" }),
    false,
    claude,
    none,
  );
  assert.deepEqual([custom.providerId, custom.baseUrl], ["custom", "http://ollama:11434/v1"]);
});

Deno.test("provider: the stand-in only on the local stack, and only when no key applies", () => {
  const local = chooseTarget(llm({ standinUrl }), true, gpt, none);
  assert.deepEqual([local.providerId, local.keySource, local.baseUrl], [
    "standin",
    "standin",
    standinUrl,
  ]);
  assert.equal(
    chooseTarget(llm({ standinUrl, openrouterKey: "k" }), true, gpt, none).keySource,
    "project",
  );
  assert.throws(() => chooseTarget(llm({ standinUrl }), false, gpt, none), ApiError);
  try {
    chooseTarget(llm(), false, gpt, none);
    assert.fail("expected a 422");
  } catch (e) {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 422);
    assert.equal(e.code, "model_unavailable");
  }
  assert.equal(chooseTarget(llm({ standinUrl }), true, echo, none).keySource, "standin");
  assert.throws(
    () => chooseTarget(llm({ standinUrl, openrouterKey: "k" }), false, echo, none),
    ApiError,
  );
});

Deno.test("provider: base URLs and limits are the rows' own; a provider missing from the rows is not used", () => {
  const moved = rows.map((r) =>
    r.id === "openrouter" ? { ...r, base_url: "https://router.example/v1" } : r
  );
  const t = choose(llm({ openrouterKey: "k" }), false, claude, moved, none);
  assert.deepEqual([t.baseUrl, t.limits?.requests_per_minute], ["https://router.example/v1", 60]);
  const withoutRouter = rows.filter((r) => r.id !== "openrouter");
  assert.throws(
    () => choose(llm({ openrouterKey: "k" }), false, claude, withoutRouter, none),
    ApiError,
  );
  const standin = choose(llm({ standinUrl }), true, echo, rows, none);
  assert.equal(standin.limits, null, "the stand-in's row has no limits");
});
