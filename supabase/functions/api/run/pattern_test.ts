import assert from "node:assert/strict";
import { compilePattern, estimateProgram, MAX_PATTERN_PROGRAM } from "./pattern.ts";

Deno.test("pattern: the estimate read from the source is never below RE2's program size", () => {
  for (
    const source of [
      "^\\d{3}-\\d{4}$",
      "a{999}".repeat(5),
      "(?:[ab]{0,999})(?:[ab]{0,999})",
      "\\p{L}{999}",
      "(?:\\p{L}|\\p{N}){999}$",
      "(a|b)*a[ab]{20}$",
      "^(?<year>\\d{4})-(?:\\d{2})$",
      "(?:(?:a{10}){10}){10}",
      "\\u00e9{100}\\u{1F600}{100}\\x41{100}\\cJ{100}",
      "a*?b+?c??d{2,}",
      "[\\]a-z]{50}|(foo|bar|baz){30}",
      "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
    ]
  ) {
    const size = compilePattern(source, "u").programSize();
    assert.ok(estimateProgram(source) >= size, `${source}: ${estimateProgram(source)} < ${size}`);
  }
});

Deno.test("pattern: a program over the bound is refused before it is compiled", () => {
  // 166 copies of a{999}: 166,000 instructions, half a second to compile.
  const source = "a{999}".repeat(166);
  assert.ok(estimateProgram(source) > 2 * MAX_PATTERN_PROGRAM);
  assert.throws(() => compilePattern(source), /too large for RE2 \(about \d+ instructions/);
});

Deno.test("pattern: JavaScript syntax, read by RegExp first (u makes escapes strict)", () => {
  assert.throws(() => compilePattern("\\-", "u"), /Invalid regular expression/);
  assert.equal(compilePattern("\\-").test("-"), true);
  assert.equal(compilePattern("a\\/b").test("a/b"), true);
  assert.equal(compilePattern("[^]").test("\n"), true);
  // RE2's \s is ASCII whitespace only (RegExp's includes U+00A0).
  assert.equal(compilePattern("^\\s$").test("\u00a0"), false);
});
