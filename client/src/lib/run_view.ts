// Reading a run record for display: its output text, token counts and validation results, and
// the text of one streamed delta, each in the shape the API documents.
import type { ApiError, Run } from "./types.ts";

export function outputText(run: Pick<Run, "output">): string {
  return run.output ?? "";
}

export function tokens(
  run: Pick<Run, "token_usage">,
): { input: number | null; output: number | null; estimated: boolean } {
  const u = run.token_usage;
  // A run that never reached the provider (or failed before it answered) has no usage; one
  // the provider reported none for (a stream cut off or cancelled) is counted from the text.
  return {
    input: u?.prompt_tokens ?? null,
    output: u?.completion_tokens ?? null,
    estimated: !!u?.estimated,
  };
}

export interface CheckResult {
  name: string;
  passed: boolean;
  message: string;
}

export function validationResults(run: Pick<Run, "validation_results">): CheckResult[] {
  return (run.validation_results ?? []).map(({ name, passed, message }) => ({
    name,
    passed,
    message,
  }));
}

/** The payload of each event of a streamed run (see POST /prompts/:id/runs, stream: true). */
export interface RunStreamEvents {
  started: { id: string; model: string; standin: boolean };
  delta: { text: string };
  run: Run;
  error: ApiError;
}

/** The text of one streamed `delta` event. */
export function deltaText(data: string): string {
  return (JSON.parse(data) as RunStreamEvents["delta"]).text;
}
