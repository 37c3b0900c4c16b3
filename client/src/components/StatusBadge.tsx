import type { PromptStatus, RunStatus } from "../lib/types.ts";

export function StatusBadge({ status }: { status: PromptStatus | RunStatus }) {
  return <span class={`badge badge-${status}`}>{status}</span>;
}
