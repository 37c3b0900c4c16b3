// An improve answer (POST /prompts/:id/improve) as the improve panel shows it.
import { type DiffPart, normalizeDiff } from "./diff_parts.ts";
import type { ImproveSuggestion } from "./types.ts";

export interface Suggestion {
  content: string;
  summary: string;
  notes: string[];
  /** The server's diff from the base version to the suggestion, word by word and line by line. */
  parts: DiffPart[];
  lines: DiffPart[];
  /** Why there is no diff, when the suggestion is too different to diff within bounds. */
  omitted: string | null;
}

/** The suggested text, what it does to the variables, and its word diff. */
export function readSuggestion(body: ImproveSuggestion): Suggestion {
  const { missing_variables, added_variables } = body.warnings;
  const notes: string[] = [];
  if (missing_variables.length) {
    notes.push(`Drops variables: ${missing_variables.join(", ")}`);
  }
  if (added_variables.length) {
    notes.push(`Adds variables: ${added_variables.join(", ")}`);
  }
  const diff = body.diff;
  const omitted = "omitted" in diff ? diff.message : null;
  return {
    content: body.suggestion.content,
    summary: body.suggestion.summary,
    notes,
    parts: "omitted" in diff ? [] : normalizeDiff(diff.words),
    lines: "omitted" in diff ? [] : normalizeDiff(diff.lines),
    omitted,
  };
}
