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

Deno.test("a run of thousands of characters without a space is counted in slices, at once", () => {
  // One 100,000-character "word" made the tokenizer's merge loop run for seconds; in slices of
  // 256 it is linear, and an ordinary text is counted exactly as before.
  const word = "y".repeat(100_000);
  const sliced = countTextTokens(`a ${word} b`);
  const bySlices = Math.ceil(100_000 / 256) * countTextTokens("y".repeat(256));
  assert.ok(
    Math.abs(sliced - 2 - bySlices) <= Math.ceil(100_000 / 256),
    `${sliced} vs ${bySlices}`,
  );
  assert.equal(countTextTokens("Hello there, how are you?"), 7);
  assert.equal(
    countTextTokens(`${"x".repeat(300)} y`),
    countTextTokens("x".repeat(256)) +
      countTextTokens("x".repeat(44)) + countTextTokens(" y"),
  );
});

Deno.test("a long run of spaces is counted in slices too", () => {
  const spaces = " ".repeat(90_000);
  const n = countTextTokens(`a${spaces}b`);
  assert.ok(n > 2 && n <= Math.ceil(90_000 / 256) * countTextTokens(" ".repeat(256)) + 2, `${n}`);
});
