// Diff parts as the diff view draws them. The API's diff route and the local diff of an
// "improve" suggestion both come through normalizeDiff, so the view has one input shape.
export type DiffKind = "same" | "added" | "removed";
export interface DiffPart {
  kind: DiffKind;
  text: string;
}

const kindOf = (p: Record<string, unknown>): DiffKind | null => {
  if (p.added === true) return "added";
  if (p.removed === true) return "removed";
  const tag = p.kind ?? p.op ?? p.type ?? p.operation;
  if (typeof tag === "string") {
    if (["added", "add", "insert", "inserted", "+"].includes(tag)) return "added";
    if (["removed", "remove", "delete", "deleted", "del", "-"].includes(tag)) return "removed";
    if (["same", "equal", "unchanged", "context", "common", " ", "="].includes(tag)) return "same";
    return null;
  }
  return "same";
};

/** Accepts a list of parts ({value, added, removed} as jsdiff makes, or {kind|op, text}). */
export function normalizeDiff(body: unknown): DiffPart[] {
  const list = Array.isArray(body)
    ? body
    : ["parts", "changes", "lines"].map((k) => (body as Record<string, unknown>)?.[k])
      .find(Array.isArray);
  if (!Array.isArray(list)) return [];
  const out: DiffPart[] = [];
  for (const raw of list) {
    if (!raw || typeof raw !== "object") continue;
    const p = raw as Record<string, unknown>;
    const kind = kindOf(p);
    const text = p.value ?? p.text ?? p.content ?? p.line;
    if (!kind || typeof text !== "string" || text === "") continue;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
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
