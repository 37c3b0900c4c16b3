// The diff between two prompt versions: line and word changes of the content (the `diff` npm
// package), the unified patch with its hunks, and which fields changed.
//
// One diff must not stall the worker (one JS thread serves every tenant; hosted functions get
// 2 s of CPU per request). Myers' algorithm costs about D² + (N+M)·D for an edit distance D, so
// the work is bounded three ways:
// - edit bounds (jsdiff `maxEditLength`, deterministic, lowered for large inputs so that
//   (N+M)·D stays under DIFF_WORK): past them the diff degrades to "all removed, all added" for
//   that part, and `approximate` says so;
// - the patch may not exceed MAX_PATCH_CHARS (a patch bigger than the largest version is no
//   summary of a change): past it, DiffTooLargeError, before the word diff is even computed;
// - a wall-clock backstop (jsdiff `timeout`) for whatever the edit bound does not foresee: past
//   it, DiffTooLargeError too (not cached: it depends on the machine's load, not on the pair).
// Measured with these bounds (`node_modules/.bin/deno run -A bench/diff.ts`: 351 pairs of
// 100 000-character versions shaped to land just under and over each bound; this 2-core machine,
// shared and loaded): the costliest content costs 85-90 ms of CPU (median of 5 runs), and up to
// 220 ms with 1 MB of variables on top (100 000 enum options, bounded only by the 2 MB request
// body); before these bounds one such diff cost 1.1-1.8 s and answered 1.5 MB.
import {
  canonicalize,
  type Change,
  diffJson,
  diffLines,
  diffWordsWithSpace,
  FILE_HEADERS_ONLY,
  formatPatch,
  lineDiff,
  structuredPatch,
  wordsWithSpaceDiff,
} from "diff";
import type { StructuredPatch } from "diff";

export interface DiffSide {
  id: string;
  version_number: number;
  content: string;
  variables: unknown;
  model_config: unknown;
}

export interface DiffPart {
  value: string;
  added: boolean;
  removed: boolean;
}

export interface VersionDiff {
  changed: ("content" | "variables" | "model_config")[];
  lines: DiffPart[];
  words: DiffPart[];
  hunks: StructuredPatch["hunks"];
  patch: string;
  variables: DiffPart[];
  model_config: DiffPart[];
  approximate: boolean;
}

// Tokens (lines or words) of edit distance before giving up on a minimal diff. The cost of a
// diff grows with the square of this bound, and the line diff runs twice (parts and patch).
// The JSON diff of variables and model settings compares lines through a regular expression
// (trailing commas do not count), about JSON_STEP_COST times dearer per step: its bounds are lower.
export const MAX_EDIT_LENGTH = { lines: 500, words: 1_000, json: 200 } as const;
const JSON_STEP_COST = 4;
// Myers' search also compares tokens along every diagonal it tries: up to (N+M)·D comparisons
// for N+M tokens, which repetitive text reaches. Large inputs get a lower bound so that product
// stays under DIFF_WORK; at the content cap (at most 200 000 tokens a pair) that is 200 edits.
export const DIFF_WORK = 40_000_000;
// A patch longer than the largest version (content is capped at 100 000 characters) is refused:
// the two versions themselves are then the cheaper read. Refused rather than truncated: a cut
// unified diff no longer applies, and cutting lines, words and hunks alike would show a partial
// change as if it were the whole; a refusal is as deterministic as the diff, so it is cached too.
// With it the content's part of a diff is at most about 700 000 characters of JSON (lines and
// words carry both texts, about 200 000 each; hunks and patch 100 000 each), against 1.5 MB.
export const MAX_PATCH_CHARS = 100_000;
// Wall-clock backstop over the whole diff; the edit bounds keep it far from being reached.
export const DIFF_TIMEOUT_MS = 500;

export type DiffTooLargeReason = "patch_too_large" | "timeout";

/** The diff of two versions is past a bound: the caller gets diff_too_large, never a stall. */
export class DiffTooLargeError extends Error {
  constructor(readonly reason: DiffTooLargeReason, readonly patchChars?: number) {
    super(
      reason === "timeout"
        ? `the diff took longer than ${DIFF_TIMEOUT_MS} ms to compute`
        : `the patch would be ${patchChars} characters, over the limit of ${MAX_PATCH_CHARS}`,
    );
  }

  /** What the error response says in `details`: the reason and every bound. */
  details() {
    return {
      reason: this.reason,
      ...(this.patchChars === undefined ? {} : { patch_chars: this.patchChars }),
      limits: {
        max_patch_chars: MAX_PATCH_CHARS,
        max_edit_length: MAX_EDIT_LENGTH,
        work: DIFF_WORK,
        timeout_ms: DIFF_TIMEOUT_MS,
      },
    };
  }
}

/** The edit bound of one diff of `tokens` tokens in all: `cap`, lowered to keep within DIFF_WORK. */
export function editBound(cap: number, tokens: number): number {
  return Math.min(cap, Math.floor(DIFF_WORK / Math.max(1, tokens)));
}

const lineTokens = (s: string) => lineDiff.tokenize(s, {}).length;
const wordTokens = (s: string) => wordsWithSpaceDiff.tokenize(s).length;

const parts = (changes: Change[]): DiffPart[] =>
  changes.map(({ value, added, removed }) => ({ value, added, removed }));

function wholesale(from: string, to: string): DiffPart[] {
  if (from === to) return from ? [{ value: from, added: false, removed: false }] : [];
  const out: DiffPart[] = [];
  if (from) out.push({ value: from, added: false, removed: true });
  if (to) out.push({ value: to, added: true, removed: false });
  return out;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

// One hunk replacing every line: the patch to fall back on when the minimal one is too costly.
function wholesalePatch(from: string, to: string, oldName: string, newName: string) {
  const oldLines = splitLines(from);
  const newLines = splitLines(to);
  return {
    oldFileName: oldName,
    newFileName: newName,
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [{
      oldStart: oldLines.length ? 1 : 0,
      oldLines: oldLines.length,
      newStart: newLines.length ? 1 : 0,
      newLines: newLines.length,
      lines: [...oldLines.map((l) => `-${l}`), ...newLines.map((l) => `+${l}`)],
    }],
  } as StructuredPatch;
}

// Key order must not count as a change: jsonb already normalises it, this keeps it so.
const canonical = (value: unknown) =>
  JSON.stringify(
    value,
    (_k, v) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
        : v,
  );

// The text diffJson compares (its own canonical form), so its size is known before the diff.
const jsonText = (value: unknown): string =>
  JSON.stringify(canonicalize(value, null, null, (_k, v) => v), null, "  ") ?? "";

export function diffVersions(from: DiffSide, to: DiffSide): VersionDiff {
  const oldName = `v${from.version_number}`;
  const newName = `v${to.version_number}`;
  const deadline = Date.now() + DIFF_TIMEOUT_MS;
  const bounded = (cap: number, tokens: number) => {
    const timeout = deadline - Date.now();
    if (timeout <= 0) throw new DiffTooLargeError("timeout");
    return { maxEditLength: editBound(cap, tokens), timeout };
  };
  // jsdiff answers undefined both past maxEditLength and past its timeout: the clock tells which.
  const gaveUp = <T>(result: T | undefined): result is undefined => {
    if (result !== undefined) return false;
    if (Date.now() >= deadline) throw new DiffTooLargeError("timeout");
    return true;
  };
  const lines = lineTokens(from.content) + lineTokens(to.content);
  let approximate = false;

  // The patch first: it alone decides whether the diff is too large, before the word diff runs.
  let structured = structuredPatch(
    oldName,
    newName,
    from.content,
    to.content,
    undefined,
    undefined,
    { context: 3, ...bounded(MAX_EDIT_LENGTH.lines, lines) },
  );
  if (gaveUp(structured)) {
    approximate = true;
    structured = from.content === to.content
      ? {
        oldFileName: oldName,
        newFileName: newName,
        oldHeader: undefined,
        newHeader: undefined,
        hunks: [],
      }
      : wholesalePatch(from.content, to.content, oldName, newName);
  }
  const patch = formatPatch(structured, FILE_HEADERS_ONLY);
  if (patch.length > MAX_PATCH_CHARS) throw new DiffTooLargeError("patch_too_large", patch.length);

  // Past the line bound for the patch, the same bound fails the line parts: skip that work.
  const lineChanges = approximate
    ? undefined
    : diffLines(from.content, to.content, bounded(MAX_EDIT_LENGTH.lines, lines));
  if (!approximate && gaveUp(lineChanges)) approximate = true;
  const words = wordTokens(from.content) + wordTokens(to.content);
  const wordChanges = diffWordsWithSpace(
    from.content,
    to.content,
    bounded(MAX_EDIT_LENGTH.words, words),
  );
  if (gaveUp(wordChanges)) approximate = true;

  // Variables are bounded in number but not in size (an enum's options): the same rule applies.
  const json = (a: unknown, b: unknown): DiffPart[] => {
    const [x, y] = [jsonText(a), jsonText(b)];
    const tokens = (lineTokens(x) + lineTokens(y)) * JSON_STEP_COST;
    const changes = diffJson(x, y, bounded(MAX_EDIT_LENGTH.json, tokens));
    if (!gaveUp(changes)) return parts(changes);
    approximate = true;
    return wholesale(x, y);
  };
  const variables = json(from.variables, to.variables);
  const modelConfig = json(from.model_config, to.model_config);

  const changed: VersionDiff["changed"] = [];
  if (from.content !== to.content) changed.push("content");
  if (canonical(from.variables) !== canonical(to.variables)) changed.push("variables");
  if (canonical(from.model_config) !== canonical(to.model_config)) changed.push("model_config");

  return {
    changed,
    lines: lineChanges ? parts(lineChanges) : wholesale(from.content, to.content),
    words: wordChanges ? parts(wordChanges) : wholesale(from.content, to.content),
    hunks: structured.hunks,
    patch,
    variables,
    model_config: modelConfig,
    approximate,
  };
}

/** What stands in for a diff past the bounds where the diff is not the point (improve). */
export interface OmittedDiff extends ReturnType<DiffTooLargeError["details"]> {
  omitted: true;
  code: "diff_too_large";
  message: string;
}

/** diffVersions, or past its bounds the marker that says why there is no diff. */
export function diffOrOmitted(from: DiffSide, to: DiffSide): VersionDiff | OmittedDiff {
  try {
    return diffVersions(from, to);
  } catch (e) {
    if (!(e instanceof DiffTooLargeError)) throw e;
    return { omitted: true, code: "diff_too_large", message: e.message, ...e.details() };
  }
}

// Caching. Versions are immutable, so the diff of a pair of version ids never changes, except
// when these bounds or the output's shape do: they are part of every ETag, so a deploy that
// changes them never answers 304 for an old body.
const revision = (() => {
  const { lines, words, json } = MAX_EDIT_LENGTH;
  const text = `1|${lines}|${words}|${json}|${DIFF_WORK}|${MAX_PATCH_CHARS}`;
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
})();

/** The strong ETag of the diff from one version to another (the pair is ordered). */
export function diffEtag(fromId: string, toId: string): string {
  return `"diff-${revision}-${fromId}-${toId}"`;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks, or `*`). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === etag;
  });
}

/**
 * A small least-recently-used map of computed diffs, one per worker, keyed by the ordered pair
 * of version ids. Bounded by entries and by the characters its values hold (a diff of two large
 * versions is hundreds of KB). Callers look a pair up only once the caller was shown, under
 * RLS, to read both versions: the cache answers "what is the diff", never "who may see it".
 */
export class DiffCache<V> {
  readonly #entries = new Map<string, { value: V; chars: number }>();
  #chars = 0;

  constructor(readonly maxEntries = 64, readonly maxChars = 4_000_000) {}

  static key(fromId: string, toId: string): string {
    return `${fromId}>${toId}`;
  }

  get size(): number {
    return this.#entries.size;
  }

  get chars(): number {
    return this.#chars;
  }

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key); // re-inserted: the most recently used is last
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` (`chars` its size), evicting the least recently used past either bound. */
  set(key: string, value: V, chars: number): void {
    this.delete(key);
    if (chars > this.maxChars) return;
    this.#entries.set(key, { value, chars });
    this.#chars += chars;
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries && this.#chars <= this.maxChars) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#chars -= entry.chars;
  }
}
