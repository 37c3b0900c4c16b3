import assert from "node:assert/strict";
import { ApiError } from "./errors.ts";
import { MAX_COMPLETION_TOKENS, MAX_PROMPT_CHARS, parseChatRequest } from "./request.ts";

const ok = { model: "m", messages: [{ role: "user", content: "hi" }] };

function rejects(body: unknown, param: string | null) {
  try {
    parseChatRequest(body);
  } catch (e) {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 400);
    assert.equal(e.body.type, "invalid_request_error");
    assert.equal(e.body.param, param);
    return;
  }
  assert.fail(`accepted ${JSON.stringify(body)}`);
}

Deno.test("invalid requests are 400s naming the parameter, like OpenAI's", () => {
  rejects([], null);
  rejects({ messages: ok.messages }, "model");
  rejects({ model: "m" }, "messages");
  rejects({ model: "m", messages: [] }, "messages");
  rejects({ model: "m", messages: "hi" }, "messages");
  rejects({ model: "m", messages: [{ role: "wizard", content: "x" }] }, "messages[0].role");
  rejects({ model: "m", messages: [{ role: "user", content: null }] }, "messages[0].content");
  rejects({ ...ok, temperature: 3 }, "temperature");
  rejects({ ...ok, max_tokens: 0 }, "max_tokens");
  rejects({ ...ok, n: 2 }, "n");
  rejects({ ...ok, response_format: { type: "yaml" } }, "response_format.type");
});

Deno.test("a valid request is normalised", () => {
  const r = parseChatRequest({
    ...ok,
    messages: [
      {
        role: "user",
        content: [{ type: "text", text: "a" }, { type: "image_url" }, { type: "text", text: "b" }],
      },
      { role: "assistant", content: null },
    ],
    max_completion_tokens: 5,
    max_tokens: 9,
    stream: true,
    stream_options: { include_usage: true },
    stop: "END",
  });
  assert.deepEqual(r.messages.map((m) => m.content), ["ab", ""]);
  assert.equal(r.maxTokens, 5);
  assert.equal(r.includeUsage, true);
  assert.deepEqual(r.stop, ["END"]);
});

Deno.test("absurd requests are refused at once: a prompt past the context, max_tokens past the model", () => {
  const huge = "x".repeat(MAX_PROMPT_CHARS + 1);
  rejects({ model: "m", messages: [{ role: "user", content: huge }] }, "messages");
  try {
    parseChatRequest({ model: "m", messages: [{ role: "user", content: huge }] });
  } catch (e) {
    assert.ok(e instanceof ApiError);
    assert.equal(e.body.code, "context_length_exceeded");
  }
  rejects({ ...ok, max_tokens: MAX_COMPLETION_TOKENS + 1 }, "max_tokens");
  rejects({ ...ok, max_completion_tokens: 1_000_000 }, "max_tokens");
  assert.equal(
    parseChatRequest({ ...ok, max_tokens: MAX_COMPLETION_TOKENS }).maxTokens,
    MAX_COMPLETION_TOKENS,
  );
  const atLimit = "y".repeat(MAX_PROMPT_CHARS);
  assert.equal(
    parseChatRequest({ model: "m", messages: [{ role: "user", content: atLimit }] }).messages
      .length,
    1,
  );
});
