// The OpenAI-compatible endpoint, driven by the official `openai` npm client with only baseURL
// and apiKey changed: a stored prompt by name@label with variables, streaming with the usage
// chunk, a plain model passed through, and errors surfacing as the client's own error types.
import assert from "node:assert/strict";
import OpenAI from "openai";
import { api, apiUrl, newUser } from "../../../../dev/testing.ts";
import { createApiKey, newPrompt } from "./library_testing.ts";
import {
  adminSql,
  createTestVendor,
  dropTestVendor,
  inOneMinuteWindow,
  ledgerKey,
  standinCalls,
} from "../run/testing.ts";
import { parseModel } from "./openai_compat.ts";

/**
 * A request with Promptline's `variables`: sent in the body as is, the way the client documents
 * extra body fields (its types do not know them).
 */
const withVariables = <T extends object>(params: T, variables: Record<string, unknown>): T =>
  ({ ...params, variables }) as T;

const clientFor = (apiKey: string) =>
  new OpenAI({ baseURL: `${apiUrl}/v1`, apiKey, maxRetries: 0 });

async function labelledPrompt() {
  const user = await newUser("openai");
  const key = (await createApiKey(user)).key;
  const name = `greeter-${crypto.randomUUID().slice(0, 8)}`;
  const prompt = await newPrompt(user, {
    title: "Greeter",
    name,
    content: undefined,
    messages: [
      { role: "system", content: "You greet {{who}} as a {{persona}}." },
      { role: "user", content: "Say hello." },
    ],
    variables: [
      { name: "who", type: "string", required: true },
      { name: "persona", type: "string", default: "butler" },
    ],
  });
  await api("PUT", `/prompts/${prompt.id}/labels/production`, {
    auth: user,
    body: { version_number: 1 },
  });
  return { user, key, name, prompt };
}

Deno.test("openai client: prompt:name@label with variables, non-streaming, records the run", async () => {
  const { user, key, name, prompt } = await labelledPrompt();
  const client = clientFor(key);
  const ledger = ledgerKey("openai");
  const completion = await client.chat.completions.create(withVariables({
    model: `prompt:${name}@production`,
    messages: [{ role: "user", content: `And thank them. [[standin:key=${ledger}]]` }],
  }, { who: "Ann" }));
  assert.equal(completion.object, "chat.completion");
  assert.equal(completion.choices[0]!.message.role, "assistant");
  assert.match(completion.choices[0]!.message.content ?? "", /Stand-in reply/);
  assert.ok(completion.usage!.prompt_tokens > 0 && completion.usage!.completion_tokens > 0);
  assert.equal(await standinCalls(ledger), 1, "one provider call");

  const runId = completion.id.replace(/^chatcmpl-/, "");
  const run = await api("GET", `/runs/${runId}`, { auth: user });
  assert.equal(run.status, 200);
  assert.equal(run.body.prompt_id, prompt.id);
  assert.equal(run.body.label, "production");
  assert.equal(run.body.version_id, prompt.current_version.id);
  assert.deepEqual(run.body.resolved_messages.map((m: { role: string }) => m.role), [
    "system",
    "user",
    "user",
  ], "the caller's message is appended after the prompt's");
  assert.equal(run.body.resolved_messages[0].content, "You greet Ann as a butler.");
  assert.equal(run.body.token_usage.total_tokens, completion.usage!.total_tokens);
});

Deno.test("openai client: streaming with include_usage ends with the usage chunk", async () => {
  const { key, name } = await labelledPrompt();
  const client = clientFor(key);
  const stream = await client.chat.completions.create(withVariables({
    model: `prompt:${name}@production`,
    messages: [],
    stream: true as const,
    stream_options: { include_usage: true },
  }, { who: "Bo", persona: "pirate" }));
  let text = "";
  let usage: OpenAI.CompletionUsage | null | undefined;
  let finish: string | null = null;
  let chunks = 0;
  for await (const chunk of stream) {
    chunks++;
    text += chunk.choices[0]?.delta?.content ?? "";
    finish = chunk.choices[0]?.finish_reason ?? finish;
    if (chunk.usage) usage = chunk.usage;
  }
  assert.ok(chunks >= 3, `role, deltas, finish, usage: ${chunks} chunks`);
  assert.match(text, /Stand-in reply/);
  assert.equal(finish, "stop");
  assert.ok(usage && usage.total_tokens > 0, "the last chunk carries the usage");
});

Deno.test("openai client: a plain model is passed through as a metered, recorded run", async () => {
  const user = await newUser("openai-gw");
  const key = (await createApiKey(user)).key;
  const ledger = ledgerKey("gateway");
  const models = await clientFor(key).models.list();
  const standin = models.data.find((m) => m.owned_by === "standin");
  assert.ok(standin, "the models list has the stand-in's model");
  const completion = await clientFor(key).chat.completions.create({
    model: standin.id,
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: `Hi [[standin:key=${ledger}]]` },
    ],
    max_tokens: 50,
  });
  assert.match(completion.choices[0]!.message.content ?? "", /Stand-in reply/);
  assert.equal(await standinCalls(ledger), 1);
  const runs = await api("GET", "/runs", { auth: user });
  assert.equal(runs.body.items.length, 1, "recorded");
  assert.equal(runs.body.items[0].kind, "gateway");
  assert.equal(runs.body.items[0].prompt_id, null);
  assert.ok(Number(runs.body.items[0].cost_usd) >= 0, "priced");
});

Deno.test("openai client: errors are the client's own types (401, 404 model_not_found, 400, 429 with Retry-After)", async () => {
  const { key, name } = await labelledPrompt();
  await assert.rejects(
    () => clientFor("pl_not_a_real_key").chat.completions.create({ model: "x", messages: [] }),
    (e) => e instanceof OpenAI.AuthenticationError && e.status === 401,
  );
  await assert.rejects(
    () =>
      clientFor(key).chat.completions.create({
        model: "no-such/model",
        messages: [{ role: "user", content: "hi" }],
      }),
    (e) => e instanceof OpenAI.NotFoundError && e.code === "model_not_found",
  );
  await assert.rejects(
    () =>
      clientFor(key).chat.completions.create(withVariables({
        model: `prompt:${name}@canary`,
        messages: [],
      }, { who: "x" })),
    (e) => e instanceof OpenAI.NotFoundError && e.code === "label_not_found",
  );
  await assert.rejects(
    () =>
      clientFor(key).chat.completions.create(withVariables({
        model: `prompt:${name}@production`,
        messages: [],
      }, { persona: 3 })),
    (e) => e instanceof OpenAI.BadRequestError && e.param?.startsWith("variables.") === true,
  );
  await assert.rejects(
    () => clientFor(key).chat.completions.create({ model: "x", messages: [], temperature: 9 }),
    (e) => e instanceof OpenAI.BadRequestError && e.param === "temperature",
  );

  // A provider allowing one request a minute: the second is a 429 before the provider is called.
  const sql = adminSql();
  const { vendor, model } = await createTestVendor(sql, "openai", { requests_per_minute: 1 });
  try {
    const user = await newUser("openai-429");
    await api("PUT", `/provider-keys/${vendor}`, {
      auth: user,
      body: { key: "sk-openai-429-1234" },
    });
    const userKey = (await createApiKey(user)).key;
    const ledger = ledgerKey("429");
    const ask = () =>
      clientFor(userKey).chat.completions.create({
        model,
        messages: [{ role: "user", content: `Hi [[standin:key=${ledger}]]` }],
      });
    await inOneMinuteWindow();
    await ask();
    await assert.rejects(
      ask,
      (e) =>
        e instanceof OpenAI.RateLimitError && e.code === "provider_rate_limited" &&
        Number(e.headers?.get("retry-after")) >= 1,
    );
    assert.equal(await standinCalls(ledger), 1, "the refused request never reached the provider");
  } finally {
    await sql`delete from auth.users where email like 'openai-429-%'`;
    await dropTestVendor(sql, vendor);
    await sql.end();
  }
});

Deno.test("openai: model names parse to a stored prompt or a pass-through model", () => {
  assert.deepEqual(parseModel("prompt:support-reply@production"), {
    kind: "prompt",
    promptId: null,
    promptName: "support-reply",
    label: "production",
  });
  assert.deepEqual(parseModel("prompt:support-reply"), {
    kind: "prompt",
    promptId: null,
    promptName: "support-reply",
    label: "latest",
  });
  const id = crypto.randomUUID();
  assert.deepEqual(parseModel(`prompt:${id}`), { kind: "prompt", promptId: id });
  assert.deepEqual(parseModel("openai/gpt-4o-mini"), {
    kind: "gateway",
    model: "openai/gpt-4o-mini",
  });
  assert.throws(() => parseModel("prompt:Bad Name@x"));
});
