// The chosen provider row (private.choose_provider, tested in pgTAP) becomes an endpoint and a
// key: the user's own key opened from its ciphertext, the deployment's keys from config, the
// stand-in where the stack runs it. No server needed.
import assert from "node:assert/strict";
import type { Config } from "../../_shared/config.ts";
import { sealSecret } from "../../_shared/secret_box.ts";
import { providerKeyAad } from "../provider_key_store.ts";
import { type ChosenProvider, projectKeys, type Target, targetFor } from "./provider.ts";

const secret = "a-test-secret-for-provider-keys-0123456789";
const llm = (over: Partial<Config["llm"]> = {}): Config["llm"] => ({
  mode: "missing",
  timeoutMs: 60_000,
  maxRetries: 2,
  ...over,
});
const limits = { requests_per_minute: 60, requests_per_day: null, tokens_per_minute: null };
const row = (over: Partial<ChosenProvider>): ChosenProvider => ({
  id: "openai",
  base_url: "https://openai.example/v1",
  is_standin: false,
  limits,
  key: null,
  key_source: "project",
  model: "gpt-4o-mini",
  ...over,
});
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const userId = crypto.randomUUID();

async function sealedFor(provider: string, key: string) {
  const box = await sealSecret(secret, key, providerKeyAad(userId, provider));
  return { ciphertext: b64(box.ciphertext), iv: b64(box.iv) };
}

function reached(t: Target | { unusable: string }): Target {
  if ("unusable" in t) throw new Error(t.unusable);
  return t;
}

Deno.test("provider: the deployment's keys are named, never given, to the choice", () => {
  assert.deepEqual(projectKeys(llm()), []);
  assert.deepEqual(projectKeys(llm({ openrouterKey: "k", openaiKey: "k" })), [
    "openrouter",
    "openai",
  ]);
  assert.deepEqual(
    projectKeys(llm({ baseUrl: "http://ollama.example/v1" })),
    [],
    "a URL alone is no key",
  );
  assert.deepEqual(projectKeys(llm({ baseUrl: "http://ollama.example/v1", apiKey: "x" })), [
    "custom",
  ]);
});

Deno.test("provider: the user's own key is opened, with the row's URL, model name and limits", async () => {
  const config = { llm: llm(), providerKeySecret: secret };
  const t = reached(
    await targetFor(
      config,
      userId,
      row({ key_source: "user", key: await sealedFor("openai", "sk-user") }),
    ),
  );
  assert.deepEqual(
    { p: t.providerId, s: t.keySource, k: t.apiKey, m: t.model, u: t.baseUrl, l: t.limits },
    {
      p: "openai",
      s: "user",
      k: "sk-user",
      m: "gpt-4o-mini",
      u: "https://openai.example/v1",
      l: limits,
    },
  );
});

Deno.test("provider: a stored key that no longer opens, or another user's, is unusable, not a 500", async () => {
  const sealed = await sealedFor("openai", "sk-user");
  const rotated = await targetFor(
    { llm: llm(), providerKeySecret: `${secret}-rotated` },
    userId,
    row({ key_source: "user", key: sealed }),
  );
  assert.ok("unusable" in rotated && /store it again/.test(rotated.unusable));
  const stolen = await targetFor(
    { llm: llm(), providerKeySecret: secret },
    crypto.randomUUID(),
    row({ key_source: "user", key: sealed }),
  );
  assert.ok("unusable" in stolen, "the ciphertext is bound to its user and provider");
});

Deno.test("provider: project keys come from config; a custom server from config too", async () => {
  const config = {
    llm: llm({
      openrouterKey: "sk-or",
      openaiKey: "sk-oa",
      baseUrl: "http://ollama.example/v1",
      apiKey: "x",
    }),
  };
  const router = reached(
    await targetFor(
      config,
      userId,
      row({
        id: "openrouter",
        base_url: "https://openrouter.example/v1",
        model: "anthropic/claude",
      }),
    ),
  );
  assert.deepEqual([router.apiKey, router.baseUrl], ["sk-or", "https://openrouter.example/v1"]);
  const openai = reached(await targetFor(config, userId, row({})));
  assert.equal(openai.apiKey, "sk-oa");
  const custom = reached(
    await targetFor(config, userId, row({ id: "custom", base_url: null, limits: null })),
  );
  assert.deepEqual([custom.baseUrl, custom.apiKey, custom.limits], [
    "http://ollama.example/v1",
    "x",
    null,
  ]);
  const missing = await targetFor({ llm: llm() }, userId, row({}));
  assert.ok("unusable" in missing, "a key the deployment does not have is unusable");
});

Deno.test("provider: the stand-in is reached where the stack runs it, else at its row's address", async () => {
  const standin = row({
    id: "standin",
    base_url: "http://127.0.0.1:54390/v1",
    is_standin: true,
    key_source: "standin",
    limits: null,
    model: "standin/echo",
  });
  const local = reached(
    await targetFor({ llm: llm({ standinUrl: "http://127.0.0.1:9/v1" }) }, userId, standin),
  );
  assert.deepEqual([local.baseUrl, local.keySource, local.limits], [
    "http://127.0.0.1:9/v1",
    "standin",
    null,
  ]);
  const byRow = reached(await targetFor({ llm: llm() }, userId, standin));
  assert.equal(byRow.baseUrl, "http://127.0.0.1:54390/v1");
});
