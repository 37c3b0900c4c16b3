// A workflow run as its page shows it: which actions apply (as the SQL functions allow them),
// and its live progress from the SSE endpoint (`run` events until `end`; a `reconnect`, or a
// stream that drops, opens a new one).
import type { ApiClient } from "./api.ts";
import type { components } from "./api_schema.ts";
import { readSse } from "./sse.ts";

type S = components["schemas"];
export type WorkflowRun = S["WorkflowRunDetail"];
export type Gate = S["GateExecution"];
export type RunAction = "retry" | "skip" | "approve" | "reject" | "cancel";

export const ended = (status: string) => ["completed", "failed", "cancelled"].includes(status);

/** The latest attempt of the furthest gate: what a paused run waits on. */
export const waitingGate = (run: WorkflowRun): Gate | undefined =>
  [...run.gates].sort((a, b) => a.gate_order - b.gate_order || a.attempt - b.attempt).at(-1);

export function runActions(run: WorkflowRun): RunAction[] {
  if (ended(run.status)) return [];
  if (run.status !== "paused") return ["cancel"];
  const g = waitingGate(run);
  if (g?.is_approval && g.status === "pending") return ["approve", "reject", "cancel"];
  return [...(g && !g.is_required ? ["retry", "skip"] : ["retry"]) as RunAction[], "cancel"];
}

/** Calls onRun with each state of the run until it ends (or the signal aborts). */
export async function followRun(
  api: ApiClient,
  id: string,
  onRun: (run: WorkflowRun) => void,
  signal: AbortSignal,
  retryMs = 1000,
): Promise<void> {
  while (!signal.aborted) {
    try {
      const res = await api.send("get", "/workflows/runs/{id}/events", { path: { id }, signal });
      if (!res.body) throw new Error("no stream");
      for await (const m of readSse(res.body)) {
        if (m.event === "run") onRun(JSON.parse(m.data) as WorkflowRun);
        else if (m.event === "end") return;
        else if (m.event === "reconnect") break;
      }
      continue; // `reconnect`: a new stream at once
    } catch (e) {
      if (signal.aborted) return;
      if ((e as { status?: number }).status === 404) throw e;
    }
    await new Promise((r) => setTimeout(r, retryMs));
  }
}
