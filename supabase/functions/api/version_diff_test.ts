import assert from "node:assert/strict";
import { applyPatch } from "diff";
import { type DiffSide, diffVersions, MAX_EDIT_LENGTH } from "./version_diff.ts";

const side = (n: number, content: string, extra: Partial<DiffSide> = {}): DiffSide => ({
  id: crypto.randomUUID(),
  version_number: n,
  content,
  variables: [],
  model_config: {},
  ...extra,
});

Deno.test("version diff: line and word parts, a patch that applies, changed fields", () => {
  const from = side(1, "Hello world\nSecond line\nThird\n");
  const to = side(2, "Hello brave world\nSecond line\nThird\n", {
    variables: [{ name: "x", type: "string" }],
  });
  const d = diffVersions(from, to);
  assert.deepEqual(d.changed, ["content", "variables"]);
  assert.equal(d.approximate, false);
  assert.deepEqual(d.lines.filter((p) => p.removed).map((p) => p.value), ["Hello world\n"]);
  assert.deepEqual(d.lines.filter((p) => p.added).map((p) => p.value), ["Hello brave world\n"]);
  assert.deepEqual(d.words.filter((p) => p.added).map((p) => p.value.trim()), ["brave"]);
  assert.equal(d.words.some((p) => p.removed), false, "only a word was added");
  assert.equal(d.hunks.length, 1);
  assert.match(d.patch, /^--- v1\n\+\+\+ v2\n@@ -1,3 \+1,3 @@/);
  assert.equal(applyPatch(from.content, d.patch), to.content, "the patch turns v1 into v2");
  assert.ok(d.variables.some((p) => p.added), "the variables diff shows the new variable");
});

Deno.test("version diff: identical versions change nothing; key order is not a change", () => {
  const a = side(1, "same\n", { model_config: { model: "m", temperature: 1 } });
  const b = side(2, "same\n", { model_config: { temperature: 1, model: "m" } });
  const d = diffVersions(a, b);
  assert.deepEqual(d.changed, []);
  assert.deepEqual(d.hunks, []);
  assert.ok(d.lines.every((p) => !p.added && !p.removed));
});

Deno.test("version diff: past the edit cap it degrades to a wholesale diff that still applies", () => {
  const n = MAX_EDIT_LENGTH.lines + 10;
  const from = side(1, Array.from({ length: n }, (_, i) => `old ${i}`).join("\n") + "\n");
  const to = side(2, Array.from({ length: n }, (_, i) => `new ${i}`).join("\n") + "\n");
  const d = diffVersions(from, to);
  assert.equal(d.approximate, true);
  assert.deepEqual(d.lines.map((p) => [p.added, p.removed]), [[false, true], [true, false]]);
  assert.equal(applyPatch(from.content, d.patch), to.content);
});
