import assert from "node:assert/strict";
import { applyPatch } from "diff";
import {
  DIFF_WORK,
  DiffCache,
  diffEtag,
  diffOrOmitted,
  type DiffSide,
  DiffTooLargeError,
  diffVersions,
  editBound,
  etagMatches,
  MAX_EDIT_LENGTH,
  MAX_PATCH_CHARS,
} from "./version_diff.ts";

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

// Text of about `chars` characters in lines of about 80, and the same with `k` single-word
// edits spread evenly over it.
const WORDS = "the model should answer briefly and cite each source it uses".split(" ");
function prose(chars: number): string {
  const words: string[] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    const w = WORDS[(i * 7 + (i >> 3)) % WORDS.length] ?? "x";
    words.push(i % 12 === 11 ? `${w}\n` : w);
    n += w.length + 1;
  }
  return words.join(" ").slice(0, chars);
}
function scatter(text: string, k: number): string {
  const words = text.split(" ");
  const step = Math.floor(words.length / k);
  for (let i = 0; i < k; i++) {
    const at = i * step + (step >> 1);
    words[at] = (words[at] ?? "").toUpperCase(); // the same length: still within the content cap
  }
  return words.join(" ");
}

Deno.test("version diff: large versions get lower edit bounds, so the work stays bounded", () => {
  assert.equal(editBound(MAX_EDIT_LENGTH.words, 2_000), MAX_EDIT_LENGTH.words);
  assert.equal(editBound(MAX_EDIT_LENGTH.words, 200_000), DIFF_WORK / 200_000);
  assert.ok(editBound(MAX_EDIT_LENGTH.lines, 200_000) >= 100, "still a useful bound at the cap");
});

Deno.test("version diff: two 100k versions with edits everywhere are refused, not computed", () => {
  const from = side(1, prose(100_000));
  const to = side(2, scatter(from.content, 2_000));
  assert.equal(to.content.length, 100_000);
  assert.throws(() => diffVersions(from, to), (e) => {
    assert.ok(e instanceof DiffTooLargeError);
    assert.equal(e.reason, "patch_too_large");
    assert.ok(e.patchChars !== undefined && e.patchChars > MAX_PATCH_CHARS);
    const details = e.details();
    assert.equal(details.limits.max_patch_chars, MAX_PATCH_CHARS);
    assert.deepEqual(details.limits.max_edit_length, MAX_EDIT_LENGTH);
    return true;
  });
  // Where the diff is not the point, the same rule gives a marker instead of an error.
  const marker = diffOrOmitted(from, to);
  assert.ok("omitted" in marker);
  assert.equal(marker.code, "diff_too_large");
  assert.equal(marker.reason, "patch_too_large");
  assert.match(marker.message, /over the limit of 100000/);
});

Deno.test("version diff: a few edits in 100k versions are an exact diff", () => {
  const from = side(1, prose(100_000));
  const to = side(2, scatter(from.content, 20));
  const d = diffVersions(from, to);
  assert.equal(d.approximate, false);
  assert.equal(d.words.filter((p) => p.added).length, 20);
  assert.equal(applyPatch(from.content, d.patch), to.content);
  assert.ok(d.patch.length < 20_000, "20 hunks of 7 lines");
  assert.deepEqual(diffOrOmitted(from, to), d);
});

Deno.test("version diff: variables are bounded like the content (an enum's options are not)", () => {
  const options = (tag: string) => Array.from({ length: 3_000 }, (_, i) => `${tag}${i}`);
  const from = side(1, "x", { variables: [{ name: "v", type: "enum", options: options("a") }] });
  const to = side(2, "x", { variables: [{ name: "v", type: "enum", options: options("b") }] });
  const d = diffVersions(from, to);
  assert.equal(d.approximate, true);
  assert.deepEqual(d.variables.map((p) => [p.added, p.removed]), [[false, true], [true, false]]);
  assert.deepEqual(d.changed, ["variables"]);
  // Under the bound the variables diff is the one diffJson gives.
  const small = diffVersions(side(1, "x", { variables: [{ name: "a" }] }), side(2, "x"));
  assert.deepEqual(small.variables.map((p) => p.value), ['[\n  {\n    "name": "a"\n  }\n]', "[]"]);
});

Deno.test("diff ETag: names the ordered pair; If-None-Match matches lists, weak tags and *", () => {
  const tag = diffEtag("a", "b");
  assert.match(tag, /^"diff-[0-9a-f]+-a-b"$/);
  assert.notEqual(diffEtag("b", "a"), tag, "the diff of b to a is another diff");
  assert.equal(etagMatches(tag, tag), true);
  assert.equal(etagMatches(`"x", W/${tag}`, tag), true);
  assert.equal(etagMatches("*", tag), true);
  assert.equal(etagMatches('"x"', tag), false);
  assert.equal(etagMatches(undefined, tag), false);
});

Deno.test("diff cache: least recently used goes first, bounded by entries and characters", () => {
  const cache = new DiffCache<string>(3, 100);
  cache.set("a", "A", 10);
  cache.set("b", "B", 10);
  cache.set("c", "C", 10);
  assert.equal(cache.get("a"), "A", "a is now the most recently used");
  cache.set("d", "D", 10);
  assert.equal(cache.get("b"), undefined, "b was the least recently used");
  assert.deepEqual([cache.get("a"), cache.get("c"), cache.get("d")], ["A", "C", "D"]);
  cache.set("e", "E", 85);
  assert.equal(cache.size, 2, "characters evict too");
  assert.equal(cache.chars, 95);
  assert.equal(cache.get("a"), undefined);
  assert.equal(cache.get("d"), "D");
  cache.set("huge", "H", 101);
  assert.equal(cache.get("huge"), undefined, "a value over the whole bound is not kept");
  cache.set("d", "D2", 5);
  assert.equal(cache.get("d"), "D2");
  assert.equal(cache.chars, 90);
  assert.equal(DiffCache.key("x", "y") === DiffCache.key("y", "x"), false);
});
