import assert from "node:assert/strict";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { countPromptTokens, countTextTokens, tokenPieces } from "./tokens.ts";

Deno.test("text counts are the o200k_base tokenizer's", () => {
  assert.equal(
    countTextTokens("Hello there, how are you?"),
    encode("Hello there, how are you?").length,
  );
  assert.equal(countTextTokens(""), 0);
  // Special-token markers in user text are plain text, not an error.
  assert.ok(countTextTokens("<|endoftext|>") > 1);
});

Deno.test("prompt counts add OpenAI's per-message, per-name and priming overhead", () => {
  const text = (s: string) => encode(s).length;
  const messages = [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Hi!", name: "ada" },
  ];
  const expected = 3 + (3 + text("system") + text("Be brief.")) +
    (3 + text("user") + text("Hi!") + 1 + text("ada"));
  assert.equal(countPromptTokens(messages), expected);
});

Deno.test("pieces rejoin to the text and never split a character", () => {
  const text = "héllo 日本語 🎉 done";
  const { pieces, truncated } = tokenPieces(text);
  assert.equal(pieces.join(""), text);
  assert.equal(truncated, false);
  assert.ok(pieces.every((p) => !p.includes("\uFFFD")));
});

Deno.test("a limit keeps at most that many tokens and says it truncated", () => {
  const text = "one two three four five six seven";
  const { pieces, truncated } = tokenPieces(text, 3);
  assert.equal(truncated, true);
  assert.equal(pieces.join(""), "one two three");
  assert.equal(tokenPieces(text, 100).truncated, false);
});
