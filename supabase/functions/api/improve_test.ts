import assert from "node:assert/strict";
import {
  metaPrompt,
  parseSuggestion,
  placeholders,
  SUMMARY_MAX,
  variableChanges,
} from "./improve.ts";

Deno.test("improve: the meta-prompt carries the content, variables and the author's ask", () => {
  const text = metaPrompt({
    title: "Greeter",
    goal: "welcome new users",
    content: "Say hi to {{name}} in {{ language }}.",
    variables: ["name", "language", "tone"],
    instructions: "  make it friendlier ",
  });
  assert.ok(text.includes("<<<PROMPT\nSay hi to {{name}} in {{ language }}.\nPROMPT>>>"));
  assert.ok(text.includes("({{name}}, {{language}}, {{tone}})"), text);
  assert.ok(text.includes("- The author asks: make it friendlier\n"));
  assert.ok(text.includes('titled "Greeter". Its goal: welcome new users'));
  const plain = metaPrompt({ title: "T", goal: null, content: "x", variables: [] });
  assert.ok(plain.includes("has no variables"));
  assert.ok(!plain.includes("author asks"));
});

Deno.test("improve: reads tagged answers, and takes an untagged answer whole", () => {
  assert.deepEqual(
    parseSuggestion(
      "Sure!\n<prompt>\nGreet {{name}} warmly.\n</prompt>\n<summary> Warmer tone. </summary>",
      "fallback",
    ),
    { content: "Greet {{name}} warmly.", summary: "Warmer tone." },
  );
  assert.deepEqual(parseSuggestion("  just text  ", "fallback"), {
    content: "just text",
    summary: "fallback",
  });
  assert.deepEqual(parseSuggestion("<PROMPT>a</PROMPT><summary></summary>", "fb"), {
    content: "a",
    summary: "fb",
  });
  const long = parseSuggestion(`<prompt>a</prompt><summary>${"s".repeat(5000)}</summary>`, "");
  assert.equal(long.summary.length, SUMMARY_MAX);
});

Deno.test("improve: reports variables dropped or invented by the suggestion", () => {
  assert.deepEqual(
    variableChanges(
      ["name", "tone"],
      "Hi {{name}}, {{tone}} {{extra}}",
      "Hello {{ name }} {{new}}",
    ),
    { missing: ["tone", "extra"], added: ["new"] },
  );
  assert.deepEqual(variableChanges(["a"], "{{a}}", "{{a}}!"), { missing: [], added: [] });
});

Deno.test("improve: placeholders lists each name once, in order", () => {
  assert.deepEqual(placeholders("{{b}} {{a}} {{ b }} {{not valid}}"), ["b", "a"]);
});

Deno.test("improve: reading an answer is linear, whatever whitespace the model returns", () => {
  // A lazy regex with \s* around its group backtracks quadratically here: with 200,000 spaces
  // and no closing tag it would not finish within the test runner's limits.
  const spaces = " ".repeat(200_000);
  const open = parseSuggestion(`<prompt>${spaces}x${spaces}`, "fallback");
  assert.equal(open.content, `<prompt>${spaces}x`.trim(), "no closing tag: the answer whole");
  const closed = parseSuggestion(`<PROMPT>${spaces}x${spaces}</prompt>${spaces}`, "fallback");
  assert.equal(closed.content, "x");
  assert.equal(closed.summary, "fallback");
});
