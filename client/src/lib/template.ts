// Splits prompt content into text and {{variable}} segments, for highlighting in the editor
// and for listing the placeholders a version uses. The server renders; this only displays.
export type Segment = { kind: "text"; text: string } | { kind: "var"; name: string; text: string };

const placeholder = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

export function segments(content: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of content.matchAll(placeholder)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: "text", text: content.slice(last, at) });
    out.push({ kind: "var", name: m[1] ?? "", text: m[0] });
    last = at + m[0].length;
  }
  if (last < content.length) out.push({ kind: "text", text: content.slice(last) });
  return out;
}

/** Placeholder names in order of first appearance, without duplicates. */
export function placeholders(content: string): string[] {
  return [...new Set(segments(content).flatMap((s) => (s.kind === "var" ? [s.name] : [])))];
}
