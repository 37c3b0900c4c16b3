// `deno run -A bench/diff.ts`: the CPU one version diff (diffVersions, what GET /prompts/:id/diff
// and the improve route compute) can cost under its bounds. Pairs of 100 000-character versions
// (the content cap), on prose and on repetitive text (the adversarial case for Myers' search:
// every token equal, so every diagonal it tries runs long), with edits spread over all or part
// of the text and counted to land just under and just over the edit bounds of that pair, and
// variables (an enum's options are bounded only by the request body) on top of the costliest
// content. Each pair runs 5 times in this process after a warm-up: the median and the slowest
// run's CPU (user + system of the process, so GC threads count too; the machine is shared, so
// the median is the figure). Prints the 15 costliest pairs. No server, no database: the diff.
import process from "node:process";
import { lineDiff, wordsWithSpaceDiff } from "diff";
import {
  DIFF_TIMEOUT_MS,
  DIFF_WORK,
  DiffTooLargeError,
  diffVersions,
  editBound,
  MAX_EDIT_LENGTH,
  MAX_PATCH_CHARS,
} from "../supabase/functions/api/version_diff.ts";
import { percentile, round, table } from "./stats.ts";

const CHARS = 100_000;
const PROSE = "the model should answer briefly and cite each source it uses in its reply".split(
  " ",
);

function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** `CHARS` characters of words drawn from `alphabet`, in lines of about `lineLen` characters. */
function text(lineLen: number, alphabet: string[]): string {
  const r = rng(7);
  const lines: string[] = [];
  let line = "";
  let total = 0;
  while (total < CHARS) {
    line += (line ? " " : "") + (alphabet[Math.floor(r() * alphabet.length)] ?? "x");
    if (line.length >= lineLen) {
      lines.push(line);
      total += line.length + 1;
      line = "";
    }
  }
  return (lines.join("\n") + "\n" + line).slice(0, CHARS);
}

/** Upper-cases `k` pieces spread evenly over the first `region` of them. */
function edit(pieces: string[], sep: string, k: number, region: number): string {
  const out = [...pieces];
  const span = Math.max(1, Math.floor(out.length * region));
  for (let i = 0; i < k && i < span; i++) {
    const at = Math.floor(((i + 0.5) * span) / k);
    out[at] = (out[at] ?? "").toUpperCase(); // the same length: the pair stays at the cap
  }
  return out.join(sep);
}

const side = (n: number, content: string, variables: unknown = []) => ({
  id: `v${n}`,
  version_number: n,
  content,
  variables,
  model_config: {},
});

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function measure(a: string, b: string, vars: [unknown, unknown] = [[], []]) {
  const runs: number[] = [];
  let outcome = "";
  for (let i = 0; i < 5; i++) {
    const t = cpuMs();
    try {
      const d = diffVersions(side(1, a, vars[0]), side(2, b, vars[1]));
      const kb = Math.round(JSON.stringify(d).length / 1024);
      outcome = `200${d.approximate ? " approximate" : ""}, patch ${d.patch.length}, ${kb} KB`;
    } catch (e) {
      if (!(e instanceof DiffTooLargeError)) throw e;
      outcome = `422 ${e.reason}${e.patchChars ? ` (${e.patchChars})` : ""}`;
    }
    runs.push(cpuMs() - t);
  }
  return { cpu_ms: round(percentile(runs, 50), 1), max_ms: round(Math.max(...runs), 1), outcome };
}

// Each base: its name, its text, and the pieces (words or repeated units) edits replace.
const bases: [string, string, string[], string][] = [];
for (const len of [3, 20, 80, 400, 2000, 2 * CHARS]) {
  const where = len > CHARS ? "one line" : `lines of ${len}`;
  for (const [name, alphabet] of [["prose", PROSE], ['"a b"', ["a", "b"]]] as const) {
    const t = text(len, [...alphabet]);
    bases.push([`${name}, ${where}`, t, t.split(" "), " "]);
  }
}
for (const unit of ["a\n", "a ", "a a\n", "a a a\n", "a a a a a a a\n"]) {
  const units = Array<string>(Math.floor(CHARS / unit.length)).fill(unit);
  bases.push([JSON.stringify(unit), units.join(""), units, ""]);
}

const rows: { pair: string; cpu_ms: number; max_ms: number; outcome: string }[] = [];
const warm = text(80, PROSE);
measure(warm, edit(warm.split(" "), " ", 50, 1)); // warm-up (JIT)
for (const [name, a, pieces, sep] of bases) {
  const lines = lineDiff.tokenize(a, {}).length * 2;
  const words = wordsWithSpaceDiff.tokenize(a).length * 2;
  const lb = editBound(MAX_EDIT_LENGTH.lines, lines);
  const wb = editBound(MAX_EDIT_LENGTH.words, words);
  // A replaced piece is one removal and one addition: 2 edits.
  const counts = [...new Set([wb / 2 - 1, wb / 2 + 1, lb / 2 - 1, lb / 4].map(Math.floor))];
  for (const region of [1, 0.5, 0.2, 0.05, 0.01]) {
    for (const k of counts) {
      const pair = `${name}: ${k} edits in ${region * 100}% (bounds ${lb}/${wb})`;
      rows.push({ pair, ...measure(a, edit(pieces, sep, k, region)) });
    }
  }
}
// Variables: at most 100, but an enum's options are bounded only by the 2 MB request body. Their
// JSON diff is the dearest per step; here on top of the costliest content shape above.
{
  const units = Array<string>(CHARS / 2).fill("a\n");
  const [a, b] = [units.join(""), edit(units, "", 99, 0.05)];
  const enumOf = (options: string[]) => [{ name: "v", type: "enum", options }];
  const opts = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`);
  const many = (desc: (i: number) => string) =>
    Array.from({ length: 100 }, (_, i) => ({
      name: `v${i}`,
      type: "string",
      required: true,
      description: desc(i),
    }));
  const jb = MAX_EDIT_LENGTH.json;
  for (const n of [1_000, 20_000, 100_000]) {
    const base = opts(n, "o");
    const scattered = (k: number) => base.map((o, i) => (i % Math.floor(n / k) ? o : `${o}x`));
    for (
      const [what, other] of [
        ["all different", opts(n, "p")],
        [`${jb / 2 - 1} changed`, scattered(jb / 2 - 1)],
        [`${jb / 2 + 1} changed`, scattered(jb / 2 + 1)],
      ] as const
    ) {
      const pair = `"a\\n" 99 edits + enum of ${n} options, ${what}`;
      rows.push({ pair, ...measure(a, b, [enumOf(base), enumOf([...other])]) });
    }
  }
  for (const k of [jb / 2 - 1, jb / 2 + 1]) {
    const pair = `"a\\n" 99 edits + 100 variables, ${k} descriptions changed`;
    const from = many(() => "a ".repeat(250));
    const to = many((i) => (i < k ? "b ".repeat(250) : "a ".repeat(250)));
    rows.push({ pair, ...measure(a, b, [from, to]) });
  }
}
rows.sort((x, y) => y.cpu_ms - x.cpu_ms);
console.log(
  `bounds: lines ${MAX_EDIT_LENGTH.lines}, words ${MAX_EDIT_LENGTH.words} edits, work ${DIFF_WORK}, ` +
    `patch ${MAX_PATCH_CHARS} chars, timeout ${DIFF_TIMEOUT_MS} ms; ${rows.length} pairs of ` +
    `${CHARS}-character versions; the 15 costliest:\n` +
    table(rows.slice(0, 15), ["pair", "cpu_ms", "max_ms", "outcome"]),
);
const worst = rows[0];
if (worst) console.log(`worst: ${worst.cpu_ms} ms CPU (${worst.pair}: ${worst.outcome})`);
const timeouts = rows.filter((r) => r.outcome.includes("timeout"));
console.log(`timeouts (wall clock, so machine load): ${timeouts.length} of ${rows.length}`);
for (const r of timeouts) console.log(`  ${r.pair}: ${r.cpu_ms} ms CPU`);
const largest = Math.max(...rows.map((r) => Number(/(\d+) KB/.exec(r.outcome)?.[1] ?? 0)));
console.log(`largest answer: ${largest} KB of JSON`);
