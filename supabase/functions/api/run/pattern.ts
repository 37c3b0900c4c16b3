// Patterns written by users (a regex validator's, and a JSON Schema's pattern and
// patternProperties), matched by RE2 (re2js) in time linear in the text, never by RegExp: a
// backtracking engine can take exponential time on one unlucky output ("(q|q)*z" on 30 q's takes
// seconds), and nothing can interrupt it on the worker's one thread, shared by every tenant.
// Patterns keep JavaScript's syntax, which JSON Schema specifies and users know: RegExp parses
// them (and never matches), re2js translates them, and what RE2 cannot run in linear time
// (backreferences, lookaround) is refused with a message that says so.
//
// RE2 reads a few things differently from RegExp: \s is ASCII whitespace only, lines end only at
// \n (for . and for ^ and $ with m; RegExp also ends them at \r, \u2028 and \u2029), and
// matching is always by code point, as RegExp does with the u flag.
import { RE2JS } from "re2js";

/** RE2 instructions a pattern may compile to (`a{1000}` is about 1,000). */
export const MAX_PATTERN_PROGRAM = 5_000;

const messageOf = (e: unknown) => e instanceof Error ? e.message : String(e);

const FLAG_BITS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  // RE2 always matches by code point, as RegExp does with u: accepted, and changes nothing.
  u: 0,
};

/** RE2's flags for RegExp's; an Error naming any other flag, or a repeated one. */
export function patternFlags(flags: string): number {
  let bits = 0;
  for (const f of flags) {
    const bit = FLAG_BITS[f];
    if (bit === undefined) {
      throw new Error(`the flag "${f}" is not supported: use i, m or s (u is accepted)`);
    }
    bits |= bit;
  }
  if (new Set(flags).size !== flags.length) throw new Error(`a flag is repeated in "${flags}"`);
  return bits;
}

/** The JavaScript feature in a pattern that needs backtracking, named for a message, or null. */
function backtrackingFeature(source: string): string | null {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      const next = source[i + 1] ?? "";
      if (!inClass && next >= "1" && next <= "9") return `a backreference (\\${next})`;
      if (next === "k" && source[i + 2] === "<") return "a named backreference (\\k<name>)";
      i++;
    } else if (inClass) {
      if (c === "]") inClass = false;
    } else if (c === "[") {
      inClass = true;
    } else if (c === "(" && source[i + 1] === "?") {
      const after = source.slice(i + 2, i + 4);
      if (after.startsWith("=") || after.startsWith("!")) return "a lookahead ((?=…) or (?!…))";
      if (after === "<=" || after === "<!") return "a lookbehind ((?<=…) or (?<!…))";
    }
  }
  return null;
}

/**
 * An upper estimate of the RE2 instructions a pattern compiles to, read from its source: RE2
 * expands `x{n,m}` into m copies of x, and compiling a big program takes long in itself (a
 * 1,000-character pattern can compile to 166,000 instructions in half a second), so a pattern is
 * measured before it is compiled.
 */
export function estimateProgram(source: string): number {
  const frames: { done: number; alt: number; last: number }[] = [];
  let f = { done: 0, alt: 0, last: 0 };
  const atom = (size: number) => {
    f.alt += size;
    f.last = size;
  };
  // As RE2 counts it: x{n,m} is m copies of x and m-n choices; x* and x+ a loop, x? a choice.
  const repeat = (min: number, max: number) => {
    const size = f.last * Math.max(1, max) + (max - min) + 2;
    f.alt += size - f.last;
    f.last = size;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") {
      // One character or class: \d, \u00e9, \u{1F600}, \p{L}, \x41, \cJ.
      const next = source[i + 1];
      if ("pPu".includes(next ?? "-") && source[i + 2] === "{") {
        const end = source.indexOf("}", i + 3);
        i = end < 0 ? i + 1 : end;
      } else i += next === "u" ? 5 : next === "x" ? 3 : next === "c" ? 2 : 1;
      atom(1);
    } else if (c === "[") {
      // A class is one instruction; in JavaScript the first unescaped `]` ends it (`[]` is empty).
      let j = i + 1;
      if (source[j] === "^") j++;
      while (j < source.length && source[j] !== "]") j += source[j] === "\\" ? 2 : 1;
      i = j;
      atom(1);
    } else if (c === "(") {
      // Skip the group's kind: (?: (?= (?! (?<= (?<! (?<name>.
      if (source[i + 1] === "?") {
        const name = source[i + 2] === "<" && !"=!".includes(source[i + 3] ?? "=");
        const end = name ? source.indexOf(">", i) : -1;
        i = end >= 0 ? end : i + (source[i + 2] === "<" ? 3 : 2);
      }
      frames.push(f);
      f = { done: 0, alt: 0, last: 0 };
    } else if (c === ")") {
      const size = f.done + f.alt + 2;
      f = frames.pop() ?? { done: 0, alt: 0, last: 0 };
      atom(size);
    } else if (c === "|") {
      f.done += f.alt + 1;
      f.alt = 0;
      f.last = 0;
    } else if (c === "*" || c === "+" || c === "?") {
      repeat(0, 1);
    } else if (c === "{") {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(i, i + 24));
      if (m) {
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[2] === "" ? min + 1 : Number(m[2]);
        repeat(min, Math.max(min, max));
        i += m[0].length - 1;
      } else atom(1);
    } else {
      atom(1);
    }
  }
  let total = f.done + f.alt;
  for (const open of frames.reverse()) total += open.done + open.alt;
  return total;
}

/**
 * A pattern compiled for RE2, or an Error saying why not: not valid JavaScript, needs
 * backtracking (backreferences, lookaround), or too large.
 */
export function compilePattern(source: string, flags = ""): RE2JS {
  const bits = patternFlags(flags);
  // RegExp only parses here (V8 compiles a RegExp when it is first used, and this one never is):
  // the pattern must be valid JavaScript, so JavaScript's reading of it is the one RE2 runs.
  try {
    new RegExp(source, flags);
  } catch (e) {
    throw new Error(messageOf(e));
  }
  const feature = backtrackingFeature(source);
  if (feature) {
    throw new Error(
      `${feature} is not supported: patterns run on RE2, which matches in linear time and has ` +
        "no backreferences or lookaround",
    );
  }
  const estimate = estimateProgram(source);
  if (estimate > 2 * MAX_PATTERN_PROGRAM) {
    throw new Error(
      `the pattern is too large for RE2 (about ${estimate} instructions, at most ` +
        `${MAX_PATTERN_PROGRAM}): use smaller repeat counts`,
    );
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), bits);
  } catch (e) {
    throw new Error(`RE2 cannot run this pattern: ${messageOf(e)}`);
  }
  const size = re.programSize();
  if (size > MAX_PATTERN_PROGRAM) {
    throw new Error(
      `the pattern is too large for RE2 (${size} instructions, at most ${MAX_PATTERN_PROGRAM}): ` +
        "use smaller repeat counts",
    );
  }
  return re;
}
