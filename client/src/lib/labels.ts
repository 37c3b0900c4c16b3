// Labels point a prompt's name at a version (production, staging, …). Rolling back is moving a
// label back to the version it pointed at before its last move, read from the label history.
import type { LabelMove, PromptLabel } from "./types.ts";

/** The version a label pointed at before its last move, or null when it was new then. */
export function rollbackTarget(history: LabelMove[], label: PromptLabel): number | null {
  // The history is newest first.
  const last = history.find((m) => m.label === label.label);
  if (!last || last.to_version_number !== label.version_number) return null;
  const from = last.from_version_number;
  return from !== null && from !== label.version_number ? from : null;
}

/** One move in words: "v1 → v2", "created at v1", "deleted (was v2)". */
export function moveText(m: LabelMove): string {
  const from = m.from_version_number;
  const to = m.to_version_number;
  if (from === null) return `set to v${to}`;
  if (to === null) return `deleted (was v${from})`;
  return `v${from} → v${to}`;
}
