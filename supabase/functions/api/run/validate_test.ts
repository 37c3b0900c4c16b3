import assert from "node:assert/strict";
// Through the module object, so a name the module lacks fails only the test that uses it.
import * as validate from "./validate.ts";
import type { ValidatorRow } from "./validate.ts";

const { configProblem, runValidators } = validate;

const v = (type: ValidatorRow["type"], config: unknown, name = type): ValidatorRow => ({
  id: crypto.randomUUID(),
  name,
  type,
  config,
  updated_at: "2026-12-01T00:00:00Z",
});

/** The one result of running one validator. */
function runOne(validator: ValidatorRow, output: string) {
  const results = runValidators([validator], output).results;
  assert.equal(results.length, 1);
  return results[0]!;
}

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
  const missing = runOne(schema, '{"b":1}');
  assert.equal(missing.passed, false);
  assert.match(missing.message, /must have required property 'a'/);
  assert.match(runOne(schema, "not json").message, /not JSON/);
});

Deno.test("validate: regex flags i, m, s; u is accepted; case-insensitive contains", () => {
  assert.equal(runOne(v("regex", { pattern: "^hello", flags: "i" }), "HELLO").passed, true);
  assert.equal(runOne(v("regex", { pattern: "^hello" }), "HELLO").passed, false);
  assert.equal(runOne(v("regex", { pattern: "^b$", flags: "m" }), "a\nb\nc").passed, true);
  assert.equal(runOne(v("regex", { pattern: "a.b", flags: "s" }), "a\nb").passed, true);
  assert.equal(runOne(v("regex", { pattern: "a.b" }), "a\nb").passed, false);
  assert.equal(runOne(v("regex", { pattern: "^.$", flags: "u" }), "😀").passed, true);
  assert.equal(runOne(v("regex", { pattern: "^(?<y>\\d{4})-\\u00e9$" }), "2026-é").passed, true);
  assert.equal(
    runOne(v("contains", { text: "Hello", case_sensitive: false }), "oh HELLO").passed,
    true,
  );
});

Deno.test("validate: max_length counts characters, not UTF-16 units", () => {
  assert.equal(runValidators([v("max_length", { max: 2 })], "😀😀").status, "passed");
  assert.equal(runValidators([v("max_length", { max: 2 })], "😀😀a").status, "failed");
});

Deno.test("validate: configProblem names the field of a schema ajv rejects or a pattern that does not parse", () => {
  assert.equal(configProblem("json_schema", { schema: { type: "object" } }), null);
  assert.equal(
    configProblem("json_schema", { schema: { type: "nonsense" } })?.field,
    "config.schema.type",
  );
  assert.equal(
    configProblem("json_schema", { schema: { properties: { a: { minLength: -1 } } } })?.field,
    "config.schema.properties.a.minLength",
  );
  assert.equal(configProblem("regex", { pattern: "(" })?.field, "config.pattern");
  assert.equal(configProblem("max_length", { max: 1 }), null);
});

Deno.test("validate: a regex that backtracks exponentially in RegExp is accepted and runs in linear time", () => {
  // Under RegExp each q doubles the time (26 took 4 s); 10,000 would never end.
  assert.equal(configProblem("regex", { pattern: "(q|q)*z" }), null);
  const r = runOne(v("regex", { pattern: "(q|q)*z" }), "q".repeat(10_000));
  assert.deepEqual([r.passed, r.message], [false, "does not match /(q|q)*z/"]);
  assert.equal(
    runOne(v("regex", { pattern: "^(\\w+\\s?)*$" }), `${"word ".repeat(5_000)}!`).passed,
    false,
  );
  assert.equal(runOne(v("regex", { pattern: "(q|q)*z" }), `${"q".repeat(10_000)}z`).passed, true);
});

Deno.test("validate: a json_schema pattern or patternProperties runs in linear time too", () => {
  const long = `${"a".repeat(50_000)}b`;
  const pattern = runOne(
    v("json_schema", { schema: { pattern: "^(a+)+$" } }),
    JSON.stringify(long),
  );
  assert.equal(pattern.passed, false);
  assert.match(pattern.message, /must match pattern "\^\(a\+\)\+\$"/);
  const keys = v("json_schema", {
    schema: { patternProperties: { "^(a+)+$": { type: "number" } }, required: ["x"] },
  });
  assert.equal(runOne(keys, JSON.stringify({ [long]: "not a number", x: 1 })).passed, true);
  assert.match(
    runOne(keys, JSON.stringify({ aaa: "not a number", x: 1 })).message,
    /must be number/,
  );
});

Deno.test("validate: a pattern RE2 cannot run is refused, naming the field", () => {
  for (
    const [pattern, why] of [
      ["(a)\\1", /backreference/],
      ["(?<x>a)\\k<x>", /named backreference/],
      ["a(?=b)", /lookahead/],
      ["(?<!a)b", /lookbehind/],
      ["a{1001}", /RE2 cannot run this pattern/],
      ["a{999}".repeat(6), /too large/],
    ] as const
  ) {
    const problem = configProblem("regex", { pattern });
    assert.equal(problem?.field, "config.pattern", pattern);
    assert.match(problem?.message ?? "", why, pattern);
  }
  assert.equal(
    configProblem("json_schema", { schema: { properties: { x: { pattern: "(a)\\1" } } } })?.field,
    "config.schema.properties.x.pattern",
  );
  assert.equal(
    configProblem("json_schema", { schema: { patternProperties: { "^(?=x)": true } } })?.field,
    "config.schema.patternProperties.^(?=x)",
  );
  assert.equal(configProblem("regex", { pattern: "a", flags: "g" })?.field, "config.flags");
  assert.equal(configProblem("regex", { pattern: "a", flags: "ii" })?.field, "config.flags");
  // A stored validator from before is reported on the run, not run on RegExp.
  assert.match(runOne(v("regex", { pattern: "a(?=b)" }), "ab").message, /^validator cannot run/);
});

Deno.test("validate: schemas with the same root $id each compile on their own, on every run", () => {
  const id = `https://example.com/${crypto.randomUUID()}`;
  const needsA = v("json_schema", { schema: { $id: id, type: "object", required: ["a"] } });
  const needsB = v("json_schema", { schema: { $id: id, type: "object", required: ["b"] } });
  assert.equal(configProblem("json_schema", needsA.config), null);
  assert.equal(configProblem("json_schema", needsB.config), null);
  for (let run = 0; run < 2; run++) {
    assert.deepEqual(runValidators([needsA, needsB], '{"a":1}').results.map((r) => r.passed), [
      true,
      false,
    ]);
    assert.deepEqual(runValidators([needsA, needsB], '{"b":1}').results.map((r) => r.passed), [
      false,
      true,
    ]);
  }
  const withRef = v("json_schema", {
    schema: {
      $id: id,
      definitions: { s: { type: "string" } },
      properties: { x: { $ref: "#/definitions/s" } },
    },
  });
  assert.equal(runOne(withRef, '{"x":"y"}').passed, true);
  assert.match(runOne(withRef, '{"x":1}').message, /\/x must be string/);
});

Deno.test("validate: the compiled-validator cache never holds more than its bound", () => {
  const { compiledCount, MAX_COMPILED } = validate;
  for (let i = 0; i < MAX_COMPILED * 3; i++) {
    const schema = v("json_schema", {
      schema: { $id: "https://example.com/same", minProperties: i % 7 },
    });
    runValidators([schema, v("regex", { pattern: `^x{${i % 50}}` })], "{}");
    assert.ok(compiledCount() <= MAX_COMPILED, `${compiledCount()} after ${i + 1} runs`);
  }
  assert.equal(compiledCount(), MAX_COMPILED);
});

Deno.test("validate: the LRU keeps the most recently used", () => {
  const lru = new validate.Lru<string, number>(2);
  lru.set("a", 1);
  lru.set("b", 2);
  assert.equal(lru.get("a"), 1);
  lru.set("c", 3);
  assert.deepEqual([lru.get("a"), lru.get("b"), lru.get("c"), lru.size], [1, undefined, 3, 2]);
});

Deno.test("validate: past the output cap, regex and json_schema say so; max_length and contains read it all", () => {
  const { MAX_VALIDATED_OUTPUT } = validate;
  const long = `${"x".repeat(MAX_VALIDATED_OUTPUT)}needle`;
  for (const c of [v("regex", { pattern: "x" }), v("json_schema", { schema: true })]) {
    const r = runOne(c, long);
    assert.equal(r.passed, false);
    assert.match(r.message, /^not checked: the output has 100006 characters/);
  }
  assert.match(runOne(v("max_length", { max: 10 }), long).message, /^100006 characters, over/);
  assert.equal(runOne(v("contains", { text: "needle" }), long).passed, true);
});

Deno.test("validate: a pattern too costly for the output is not run, and says why", () => {
  // About 2,000 RE2 instructions on 100,000 characters: linear, but seconds in the worst case.
  const costly = v("regex", { pattern: "[a-z]{1,999}[0-9]{1,999}" });
  assert.equal(configProblem("regex", costly.config), null);
  assert.equal(runOne(costly, "abc123").passed, true);
  assert.match(
    runOne(costly, "x".repeat(100_000)).message,
    /^not checked: this pattern could take/,
  );
  // The budget is the run's: the second validator gets what the first left.
  const half = v("regex", { pattern: "[a-z]{1,99}" });
  const results = runValidators([half, half, half], "x".repeat(40_000)).results;
  assert.deepEqual(results.map((r) => r.passed), [true, false, false]);
});

Deno.test("validate: a schema whose cost could explode is refused, naming the field", () => {
  assert.equal(
    configProblem("json_schema", { schema: { properties: { a: { $ref: "#" } } } })?.field,
    "config.schema.properties.a.$ref",
    "recursion",
  );
  const defs: Record<string, unknown> = { d30: { type: "string" } };
  for (let i = 0; i < 30; i++) {
    defs[`d${i}`] = {
      allOf: [{ $ref: `#/definitions/d${i + 1}` }, { $ref: `#/definitions/d${i + 1}` }],
    };
  }
  const fanOut = configProblem("json_schema", {
    schema: { definitions: defs, $ref: "#/definitions/d0" },
  });
  assert.match(fanOut?.message ?? "", /more than 10000 subschemas/, "2^30 applications");
  assert.equal(
    configProblem("json_schema", { schema: { $ref: "https://example.com/elsewhere" } })?.field,
    "config.schema.$ref",
  );
  assert.equal(
    configProblem("json_schema", { schema: { properties: { a: { $id: "https://x.example/a" } } } })
      ?.field,
    "config.schema.properties.a.$id",
  );
  const big = { enum: Array.from({ length: 5_000 }, (_, i) => `value ${i}`) };
  assert.match(configProblem("json_schema", { schema: big })?.message ?? "", /characters of JSON/);
  let deep: unknown = {};
  for (let i = 0; i < 100; i++) deep = { not: deep };
  assert.match(configProblem("json_schema", { schema: deep })?.message ?? "", /nests deeper/);
});

Deno.test("validate: a failing schema stops at its first error", () => {
  // Collecting every error once meant 100 per item here: millions of objects for one output.
  const schema = v("json_schema", {
    schema: {
      items: { anyOf: Array.from({ length: 100 }, (_, i) => ({ maxLength: i, type: "string" })) },
    },
  });
  const r = runOne(schema, JSON.stringify(Array(20_000).fill(0)));
  assert.equal(r.passed, false);
  assert.match(r.message, /^does not match the schema: \/0 must be string/);
});
