import assert from "node:assert/strict";
import { scriptedError } from "./errors.ts";
import { usage } from "./wire.ts";

Deno.test("usage caps cached at the prompt and bills reasoning as completion", () => {
  const u = usage(10, 4, 50, 3);
  assert.equal(u.prompt_tokens_details.cached_tokens, 10);
  assert.equal(u.completion_tokens, 7);
  assert.equal(u.total_tokens, 17);
  assert.equal(u.completion_tokens_details.reasoning_tokens, 3);
  assert.equal(scriptedError(429).body.code, "rate_limit_exceeded");
  assert.equal(scriptedError(418).status, 418);
});
