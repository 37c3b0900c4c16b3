// The diff between two prompt versions: line and word changes of the content (the `diff` npm
// package), the unified patch with its hunks, and which fields changed. Edit lengths are capped
// so two very different 100 000-character versions cannot pin the worker's CPU: past the cap
// the diff degrades to "all removed, all added", and `approximate` says so.
import {
  type Change,
  diffJson,
  diffLines,
  diffWordsWithSpace,
  FILE_HEADERS_ONLY,
  formatPatch,
  structuredPatch,
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

// Tokens (lines or words) of edit distance before giving up on a minimal diff.
export const MAX_EDIT_LENGTH = { lines: 1_000, words: 2_000 };

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

export function diffVersions(from: DiffSide, to: DiffSide): VersionDiff {
  const oldName = `v${from.version_number}`;
  const newName = `v${to.version_number}`;
  let approximate = false;

  const lineChanges = diffLines(from.content, to.content, {
    maxEditLength: MAX_EDIT_LENGTH.lines,
  });
  const wordChanges = diffWordsWithSpace(from.content, to.content, {
    maxEditLength: MAX_EDIT_LENGTH.words,
  });
  let structured = structuredPatch(
    oldName,
    newName,
    from.content,
    to.content,
    undefined,
    undefined,
    {
      context: 3,
      maxEditLength: MAX_EDIT_LENGTH.lines,
    },
  );
  if (!lineChanges || !wordChanges || !structured) approximate = true;
  if (!structured) {
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

  const changed: VersionDiff["changed"] = [];
  if (from.content !== to.content) changed.push("content");
  if (canonical(from.variables) !== canonical(to.variables)) changed.push("variables");
  if (canonical(from.model_config) !== canonical(to.model_config)) changed.push("model_config");

  return {
    changed,
    lines: lineChanges ? parts(lineChanges) : wholesale(from.content, to.content),
    words: wordChanges ? parts(wordChanges) : wholesale(from.content, to.content),
    hunks: structured.hunks,
    patch: formatPatch(structured, FILE_HEADERS_ONLY),
    variables: parts(diffJson(from.variables as object, to.variables as object)),
    model_config: parts(diffJson(from.model_config as object, to.model_config as object)),
    approximate,
  };
}
