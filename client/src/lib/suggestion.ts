// An improve answer (POST /prompts/:id/improve) as the improve panel shows it.
import { type DiffPart, normalizeDiff } from "./diff_parts.ts";
import type { ImproveSuggestion, VersionDiff } from "./types.ts";

export interface Suggestion {
  content: string;
  summary: string;
  notes: string[];
  /** The server's diff from the base version to the suggestion. */
  parts: DiffPart[];
}

/** The suggested text, what it does to the variables, and its word diff. */
export function readSuggestion(body: ImproveSuggestion): Suggestion {
  const { missing_variables, added_variables } = body.warnings;
  const notes: string[] = [];
  if (missing_variables.length) notes.push(`Drops variables: ${missing_variables.join(", ")}`);
  if (added_variables.length) notes.push(`Adds variables: ${added_variables.join(", ")}`);
  // The route documents `diff` only as an object (z.object({}).loose() in routes/improve.ts);
  // it is the server's diffVersions() result, the PromptVersionDiff of GET /prompts/:id/diff.
  const diff = body.diff as Partial<VersionDiff>;
  return {
    content: body.suggestion.content,
    summary: body.suggestion.summary,
    notes,
    parts: normalizeDiff(diff.words ?? []),
  };
}
