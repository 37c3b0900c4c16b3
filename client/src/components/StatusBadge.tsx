import type { FeedbackStatus, PromptStatus, RunStatus } from "../lib/types.ts";

/** A prompt's, run's or feedback's status as a badge ("in_progress" reads "in progress"). */
export function StatusBadge({ status }: { status: PromptStatus | RunStatus | FeedbackStatus }) {
  return <span class={`badge badge-${status}`}>{status.replace("_", " ")}</span>;
}
