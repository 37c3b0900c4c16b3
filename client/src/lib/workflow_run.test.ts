import { describe, expect, it } from "vitest";
import type { ApiClient } from "./api.ts";
import { followRun, type Gate, runActions, type WorkflowRun } from "./workflow_run.ts";

const gate = (g: Partial<Gate>): Gate => ({
  gate_id: "G1",
  gate_order: 1,
  attempt: 1,
  status: "passed",
  is_required: true,
  is_approval: false,
  ...g,
} as Gate);
const run = (r: Partial<WorkflowRun>): WorkflowRun =>
  ({ status: "running", gates: [], ...r }) as WorkflowRun;

describe("runActions", () => {
  it("offers what the SQL functions allow in each state", () => {
    expect(runActions(run({ status: "completed" }))).toEqual([]);
    expect(runActions(run({ status: "running" }))).toEqual(["cancel"]);
    const failed = [
      gate({}),
      gate({ gate_id: "G2", gate_order: 2, status: "failed", attempt: 3 }),
      gate({ gate_id: "G2", gate_order: 2, status: "failed", attempt: 2 }),
    ];
    expect(runActions(run({ status: "paused", gates: failed }))).toEqual(["retry", "cancel"]);
    failed[1]!.is_required = false;
    expect(runActions(run({ status: "paused", gates: failed }))).toEqual([
      "retry",
      "skip",
      "cancel",
    ]);
    const approval = [gate({}), gate({ gate_order: 2, status: "pending", is_approval: true })];
    expect(runActions(run({ status: "paused", gates: approval }))).toEqual([
      "approve",
      "reject",
      "cancel",
    ]);
  });
});

const stream = (text: string) =>
  new Response(new TextEncoder().encode(text), {
    headers: { "content-type": "text/event-stream" },
  });

describe("followRun", () => {
  it("reports each state, opens a new stream on reconnect, and stops at end", async () => {
    const bodies = [
      'event: run\ndata: {"status":"running"}\n\nevent: reconnect\ndata: {}\n\n',
      'event: run\ndata: {"status":"completed"}\n\nevent: end\ndata: {"status":"completed"}\n\n',
    ];
    let calls = 0;
    const api = { send: () => Promise.resolve(stream(bodies[calls++]!)) } as unknown as ApiClient;
    const seen: string[] = [];
    await followRun(api, "r1", (r) => seen.push(r.status), new AbortController().signal, 1);
    expect(seen).toEqual(["running", "completed"]);
    expect(calls).toBe(2);
  });

  it("tries again after a dropped connection, and gives up on a 404", async () => {
    let calls = 0;
    const api = {
      send: () => {
        calls++;
        return calls === 1
          ? Promise.reject(new Error("network"))
          : Promise.reject(Object.assign(new Error("not found"), { status: 404 }));
      },
    } as unknown as ApiClient;
    await expect(followRun(api, "r1", () => {}, new AbortController().signal, 1)).rejects
      .toThrow("not found");
    expect(calls).toBe(2);
  });
});
