import assert from "node:assert/strict";
import { ApiError } from "../../_shared/errors.ts";
import { placeholders, renderPrompt, type VariableDef } from "./render.ts";

const defs: VariableDef[] = [
  { name: "who", type: "string", required: true },
  { name: "n", type: "number", default: 2 },
  { name: "loud", type: "boolean" },
  { name: "tone", type: "enum", options: ["warm", "dry"], default: "dry" },
];

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 422);
    return (e.details as { fields: { field: string }[] }).fields.map((f) => f.field);
  }
  throw new Error("expected a 422");
}

Deno.test("render: substitutes values and defaults, with or without spaces in braces", () => {
  const r = renderPrompt("Hi {{who}}, {{ n }} {{tone}} {{loud}}!", defs, {
    who: "Ann",
    loud: true,
  });
  assert.equal(r.text, "Hi Ann, 2 dry true!");
  assert.deepEqual(r.values, { who: "Ann", n: 2, loud: true, tone: "dry" });
});

Deno.test("render: an optional variable without value or default renders empty", () => {
  assert.equal(renderPrompt("[{{loud}}]", defs, { who: "x" }).text, "[]");
});

Deno.test("render: every problem is named at once", () => {
  assert.deepEqual(
    fieldsOf(() =>
      renderPrompt("{{who}} {{ghost}}", defs, { n: "2", loud: "yes", tone: "hot", extra: 1 })
    ).sort(),
    [
      "content",
      "variables.extra",
      "variables.loud",
      "variables.n",
      "variables.tone",
      "variables.who",
    ],
  );
});

Deno.test("render: NaN and Infinity are not numbers; null means not given", () => {
  assert.deepEqual(fieldsOf(() => renderPrompt("", defs, { who: "a", n: Infinity })), [
    "variables.n",
  ]);
  assert.equal(renderPrompt("{{n}}", defs, { who: "a", n: null }).text, "2");
});

Deno.test("render: placeholders lists each name once, in order", () => {
  assert.deepEqual(placeholders("{{b}} {{a}} {{ b }} {{not valid}}"), ["b", "a"]);
});
