// Diff parts as the diff view draws them. The API's diffs (GET /prompts/:id/diff and an improve
// suggestion's) are jsdiff parts, {value, added, removed}; normalizeDiff gives each a kind and
// merges neighbours of one kind, so the view has one input shape.
import type { VersionDiffPart } from "./types.ts";

export type DiffKind = "same" | "added" | "removed";
export interface DiffPart {
  kind: DiffKind;
  text: string;
}

export function normalizeDiff(list: VersionDiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (const p of list) {
    if (p.value === "") continue;
    const kind: DiffKind = p.added ? "added" : p.removed ? "removed" : "same";
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += p.value;
    else out.push({ kind, text: p.value });
  }
  return out;
}

/** The two columns of a side-by-side view: the old text and the new one. */
export function sides(parts: DiffPart[]): { left: DiffPart[]; right: DiffPart[] } {
  return {
    left: parts.filter((p) => p.kind !== "added"),
    right: parts.filter((p) => p.kind !== "removed"),
  };
}

const lineCount = (text: string) =>
  text.split("\n").filter((l, i, a) => l !== "" || i < a.length - 1).length;

export function diffStats(parts: DiffPart[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    if (p.kind === "added") added += lineCount(p.text);
    if (p.kind === "removed") removed += lineCount(p.text);
  }
  return { added, removed };
}
