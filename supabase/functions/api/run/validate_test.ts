import assert from "node:assert/strict";
import { configProblem, runValidators, type ValidatorRow } from "./validate.ts";

const v = (type: ValidatorRow["type"], config: unknown, name = type): ValidatorRow => ({
  id: crypto.randomUUID(),
  name,
  type,
  config,
  updated_at: "2026-12-01T00:00:00Z",
});

Deno.test("validate: no validators is skipped; all passing is passed; any failing is failed", () => {
  assert.equal(runValidators([], "x").status, "skipped");
  const ok = runValidators([v("contains", { text: "ab" }), v("max_length", { max: 3 })], "abc");
  assert.equal(ok.status, "passed");
  const bad = runValidators([v("contains", { text: "AB" }), v("max_length", { max: 3 })], "abc");
  assert.equal(bad.status, "failed");
  assert.deepEqual(bad.results.map((r) => r.passed), [false, true]);
});

Deno.test("validate: json_schema parses the output and reports where it differs", () => {
  const schema = v("json_schema", { schema: { type: "object", required: ["a"] } });
  assert.equal(runValidators([schema], '{"a":1}').status, "passed");
  const missing = runValidators([schema], '{"b":1}');
  assert.equal(missing.status, "failed");
  // One result per validator: [0] is the schema's.
  assert.match(missing.results[0]!.message, /must have required property 'a'/);
  assert.match(runValidators([schema], "not json").results[0]!.message, /not JSON/);
});

Deno.test("validate: regex flags and case-insensitive contains", () => {
  assert.equal(
    runValidators([v("regex", { pattern: "^hello", flags: "i" })], "HELLO").status,
    "passed",
  );
  assert.equal(runValidators([v("regex", { pattern: "^hello" })], "HELLO").status, "failed");
  assert.equal(
    runValidators([v("contains", { text: "Hello", case_sensitive: false })], "oh HELLO").status,
    "passed",
  );
});

Deno.test("validate: max_length counts characters, not UTF-16 units", () => {
  assert.equal(runValidators([v("max_length", { max: 2 })], "😀😀").status, "passed");
});

Deno.test("validate: configProblem refuses schemas ajv rejects and patterns RegExp rejects", () => {
  assert.equal(configProblem("json_schema", { schema: { type: "object" } }), null);
  assert.ok(configProblem("json_schema", { schema: { type: "nonsense" } }));
  assert.ok(configProblem("regex", { pattern: "(" }));
  assert.equal(configProblem("max_length", { max: 1 }), null);
});

Deno.test("validate: a regex that could backtrack exponentially is refused at creation", () => {
  assert.match(configProblem("regex", { pattern: "(a+)+$" }) ?? "", /exponential/);
  assert.match(configProblem("regex", { pattern: "^(\\w+\\s?)*$" }) ?? "", /exponential/);
  assert.equal(configProblem("regex", { pattern: "^\\d{3}-\\d{4}$" }), null);
  assert.equal(configProblem("regex", { pattern: '"answer"\\s*:' }), null);
});
