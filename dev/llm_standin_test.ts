// Drives the running LLM stand-in (at localEnv.LLM_STANDIN_URL) with the real `openai` client,
// the same client our edge functions use, so every assertion is about what callers really see.
import assert from "node:assert/strict";
import OpenAI, { APIConnectionTimeoutError } from "openai";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { need } from "./env.ts";

const baseURL = need("LLM_STANDIN_URL");
// Keys are unique per run, so reruns against a long-lived stand-in never see old counts.
const run = crypto.randomUUID().slice(0, 8);
const key = (name: string) => `${name}-${run}`;

/** A completion's first (with n = 1, only) choice; fails the test when it has none. */
function firstChoice<C>(completion: { choices: C[] }): C {
  const [first] = completion.choices;
  assert.ok(first, "the completion has a choice");
  return first;
}

function client(opts: { timeout?: number; maxRetries?: number } = {}) {
  return new OpenAI({ baseURL, apiKey: "standin", maxRetries: 0, ...opts });
}

async function calls(k: string): Promise<number> {
  const res = await fetch(new URL(`/_standin/calls?key=${k}`, baseURL));
  assert.equal(res.headers.get("x-promptline-standin"), "1");
  return (await res.json()).calls;
}

// The test's own count, straight from the tokenizer with OpenAI's documented chat overhead
// (3 per message, 3 to prime the reply), not through the stand-in's code.
function promptTokens(messages: { role: string; content: string }[]): number {
  return messages.reduce((n, m) => n + 3 + encode(m.role).length + encode(m.content).length, 3);
}

const messages = [
  { role: "system" as const, content: "You are terse." },
  { role: "user" as const, content: "Name three rivers in Europe." },
];

Deno.test("a plain completion is deterministic, labelled, and counts real tokens", async () => {
  const llm = client();
  const { data, response } = await llm.chat.completions
    .create({ model: "gpt-4o-mini", messages })
    .withResponse();
  const again = await llm.chat.completions.create({ model: "gpt-4o-mini", messages });
  const text = firstChoice(data).message.content ?? "";
  assert.equal(firstChoice(again).message.content, text);
  assert.match(text, /stand-in/i);
  assert.match(text, /gpt-4o-mini/);
  assert.equal(firstChoice(data).finish_reason, "stop");
  assert.equal(response.headers.get("x-promptline-standin"), "1");
  assert.equal(data.system_fingerprint, "promptline-standin");
  assert.ok(data.id.startsWith("chatcmpl-standin-"), data.id);
  assert.equal(data.usage?.prompt_tokens, promptTokens(messages));
  assert.equal(data.usage?.completion_tokens, encode(text).length);
  assert.equal(data.usage?.total_tokens, promptTokens(messages) + encode(text).length);
  assert.equal(data.usage?.prompt_tokens_details?.cached_tokens, 0);
  assert.equal(data.usage?.completion_tokens_details?.reasoning_tokens, 0);
});

Deno.test("another model or message gives another answer", async () => {
  const llm = client();
  const a = await llm.chat.completions.create({ model: "gpt-4o-mini", messages });
  const b = await llm.chat.completions.create({ model: "anthropic/claude-3.5-sonnet", messages });
  const c = await llm.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Name three rivers in Asia." }],
  });
  assert.notEqual(firstChoice(a).message.content, firstChoice(b).message.content);
  assert.notEqual(firstChoice(a).message.content, firstChoice(c).message.content);
  assert.equal(b.model, "anthropic/claude-3.5-sonnet");
});

Deno.test("a stream concatenates to the non-streamed text and ends with usage", async () => {
  const llm = client();
  const plain = await llm.chat.completions.create({ model: "gpt-4o-mini", messages });
  const stream = await llm.chat.completions.create({
    model: "gpt-4o-mini",
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let contentChunks = 0;
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    assert.ok(chunk.id.startsWith("chatcmpl-standin-"));
    assert.equal(chunk.system_fingerprint, "promptline-standin");
    const choice = chunk.choices[0];
    if (choice?.delta.content) {
      text += choice.delta.content;
      contentChunks++;
    }
    finish = choice?.finish_reason ?? finish;
    if (chunk.usage) usage = chunk.usage;
  }
  assert.equal(text, firstChoice(plain).message.content);
  assert.equal(contentChunks, encode(text).length, "one token per chunk");
  assert.equal(finish, "stop");
  assert.deepEqual(usage, plain.usage);
});

Deno.test("max_tokens truncates with finish_reason length", async () => {
  const out = await client().chat.completions.create({
    model: "gpt-4o-mini",
    messages,
    max_tokens: 5,
  });
  const text = firstChoice(out).message.content ?? "";
  assert.equal(firstChoice(out).finish_reason, "length");
  assert.equal(encode(text).length, 5);
  assert.equal(out.usage?.completion_tokens, 5);
});

Deno.test("asking for JSON returns valid JSON, and json_schema returns an instance", async () => {
  const llm = client();
  const asked = await llm.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "Reply in JSON with the rivers." }],
  });
  assert.equal(JSON.parse(firstChoice(asked).message.content ?? "").standin, true);
  const schema = await llm.chat.completions.create({
    model: "gpt-4o-mini",
    messages,
    response_format: {
      type: "json_schema",
      json_schema: {
        name: "rivers",
        schema: {
          type: "object",
          properties: { rivers: { type: "array", items: { type: "string" } } },
        },
      },
    },
  });
  const parsed = JSON.parse(firstChoice(schema).message.content ?? "");
  assert.ok(Array.isArray(parsed.rivers) && typeof parsed.rivers[0] === "string");
});

Deno.test("scripted 429 is the client's RateLimitError, with retry-after", async () => {
  const err = await client().chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "hi [[standin:fault=429]]" }],
  }).catch((e) => e);
  assert.ok(err instanceof OpenAI.RateLimitError, String(err));
  assert.equal(err.status, 429);
  assert.equal(err.code, "rate_limit_exceeded");
  assert.ok(err.headers.get("retry-after"));
  assert.equal(err.headers.get("x-promptline-standin"), "1");
});

Deno.test("scripted 500 and 503 are the client's InternalServerError", async () => {
  for (const status of [500, 503]) {
    const err = await client().chat.completions.create(
      { model: "gpt-4o-mini", messages },
      { headers: { "x-standin-fault": `status=${status}` } },
    ).catch((e) => e);
    assert.ok(err instanceof OpenAI.InternalServerError, String(err));
    assert.equal(err.status, status);
    assert.equal(err.type, "server_error");
  }
});

Deno.test("slow beyond the client's timeout is APIConnectionTimeoutError", async () => {
  const started = Date.now();
  const err = await client({ timeout: 200 }).chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "hi [[standin:slow=1500]]" }],
  }).catch((e) => e);
  assert.ok(err instanceof APIConnectionTimeoutError, String(err));
  assert.ok(Date.now() - started < 1200, "gave up at the timeout, not after the delay");
});

Deno.test("slow within the timeout still answers, after the delay", async () => {
  const started = Date.now();
  const out = await client({ timeout: 5000 }).chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "hi [[standin:slow=300]]" }],
  });
  assert.ok(Date.now() - started >= 300);
  assert.ok(firstChoice(out).message.content);
});

Deno.test("malformed bodies make the client fail or lack choices", async () => {
  const llm = client();
  await assert.rejects(
    llm.chat.completions.create({ model: "gpt-4o-mini", messages }, {
      headers: { "x-standin-fault": "malformed" },
    }),
    SyntaxError,
  );
  const noChoices = await llm.chat.completions.create(
    { model: "gpt-4o-mini", messages },
    { headers: { "x-standin-fault": "malformed=no_choices" } },
  );
  assert.equal(noChoices.choices, undefined);
  const stream = await llm.chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "hi [[standin:malformed]]" }],
    stream: true,
  });
  await assert.rejects(async () => {
    for await (const _ of stream) { /* drain until the bad frame */ }
  }, SyntaxError);
});

Deno.test("disconnect aborts a stream after a few chunks", async () => {
  const stream = await client().chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "hi [[standin:disconnect=3]]" }],
    stream: true,
  });
  let received = 0;
  await assert.rejects(async () => {
    for await (const _ of stream) received++;
  }, TypeError);
  assert.equal(received, 3);
  await assert.rejects(
    client().chat.completions.create({ model: "gpt-4o-mini", messages }, {
      headers: { "x-standin-fault": "disconnect" },
    }),
    TypeError,
  );
});

Deno.test("times=2 fails the first two calls of a key, then succeeds", async () => {
  const k = key("times");
  const ask = () =>
    client().chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: `hi [[standin:fault=429;times=2;key=${k}]]` }],
    });
  assert.ok((await ask().catch((e) => e)) instanceof OpenAI.RateLimitError);
  assert.ok((await ask().catch((e) => e)) instanceof OpenAI.RateLimitError);
  const ok = await ask();
  assert.ok(firstChoice(ok).message.content);
  assert.equal(await calls(k), 3);
});

Deno.test("maxRetries 2 rides out two scripted 429s in three provider calls", async () => {
  const k = key("retries");
  const out = await client({ maxRetries: 2 }).chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{
      role: "user",
      content: `hi [[standin:fault=429;times=2;key=${k};retry_after_ms=10]]`,
    }],
  });
  assert.ok(out.id.startsWith("chatcmpl-standin-"));
  assert.equal(await calls(k), 3);
});

Deno.test("the key header counts exactly one call, and reset clears it", async () => {
  const k = key("header");
  await client().chat.completions.create({ model: "gpt-4o-mini", messages }, {
    headers: { "x-standin-key": k },
  });
  assert.equal(await calls(k), 1);
  const reset = await fetch(new URL(`/_standin/reset?key=${k}`, baseURL), { method: "POST" });
  await reset.body?.cancel();
  assert.equal(await calls(k), 0);
});

Deno.test("cached=n reports n cached prompt tokens", async () => {
  const out = await client().chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content: "A long shared preamble. [[standin:cached=4]]" }],
  });
  assert.equal(out.usage?.prompt_tokens_details?.cached_tokens, 4);
});

Deno.test("no_usage answers without usage, streamed (even with include_usage) or not", async () => {
  const content = "Name a river. [[standin:no_usage]]";
  const plain = await client().chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content }],
  });
  assert.ok(firstChoice(plain).message.content, "it still answers");
  assert.equal(plain.usage, undefined);

  const stream = await client().chat.completions.create({
    model: "gpt-4o-mini",
    messages: [{ role: "user", content }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = "";
  let finish: string | null = null;
  for await (const chunk of stream) {
    assert.ok(!chunk.usage, "no chunk carries usage");
    text += chunk.choices[0]?.delta?.content ?? "";
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(text, firstChoice(plain).message.content);
  assert.equal(finish, "stop");
});

Deno.test("empty or missing messages are a 400 BadRequestError", async () => {
  const err = await client().chat.completions.create({ model: "gpt-4o-mini", messages: [] }).catch((
    e,
  ) => e);
  assert.ok(err instanceof OpenAI.BadRequestError, String(err));
  assert.equal(err.param, "messages");
  const res = await fetch(new URL("chat/completions", `${baseURL}/`), {
    method: "POST",
    body: JSON.stringify({ model: "gpt-4o-mini" }),
  });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.type, "invalid_request_error");
});

Deno.test("models lists the stand-in and common ids, and answers for any id", async () => {
  const llm = client();
  const ids = [];
  for await (const m of llm.models.list()) ids.push(m.id);
  for (
    const id of ["standin/echo", "gpt-4o-mini", "openai/gpt-4o-mini", "anthropic/claude-3.5-sonnet"]
  ) {
    assert.ok(ids.includes(id), id);
  }
  assert.equal((await llm.models.retrieve("made-up/model-9")).id, "made-up/model-9");
});
