// Server-Sent Events for a run: `started` {id, model, standin}, `delta` {text}… and a final `run`
// event with the record (or `error` in the API's error shape). The provider stream feeds the
// run; the response only listens, so a caller who hangs up closes the response, never the run:
// it goes on and is recorded.
import { ApiError } from "../_shared/errors.ts";
import type { RunRecord } from "./run/record.ts";
import type { Started } from "./run/service.ts";

const encoder = new TextEncoder();
const event = (name: string, data: unknown) =>
  encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

const sseHeaders = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};

// The Edge Runtime ends a worker's background work with the response unless told to wait.
function keepAlive(p: Promise<unknown>): void {
  const rt = (globalThis as { EdgeRuntime?: { waitUntil?: (p: Promise<unknown>) => void } })
    .EdgeRuntime;
  rt?.waitUntil?.(p);
}

/** A run already made (an Idempotency-Key replay), as one `run` event. */
export function replayStream(run: RunRecord): Response {
  return new Response(event("run", run), { status: 200, headers: sseHeaders });
}

/** Executes a started run, streaming its text as it comes. */
export function runStream(started: Started, headers: Record<string, string>): Response {
  let out: ReadableStreamDefaultController<Uint8Array> | undefined;
  let open = true;
  const send = (name: string, data: unknown) => {
    if (!open || !out) return;
    try {
      out.enqueue(event(name, data));
    } catch {
      open = false;
    }
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      out = controller;
      send("started", {
        id: started.runId,
        model: started.model,
        standin: started.keySource === "standin",
      });
    },
    cancel() {
      open = false;
    },
  });
  const work = started.execute((text) => send("delta", { text }))
    .then((run) => send("run", run))
    .catch((e) => {
      const err = e instanceof ApiError ? e : new ApiError(500, "internal", "internal error");
      if (!(e instanceof ApiError)) console.error("streamed run failed", e);
      send("error", { error: { code: err.code, message: err.message, details: err.details } });
    })
    .finally(() => {
      if (!open) return;
      open = false;
      try {
        out?.close();
      } catch { /* already closed by the caller */ }
    });
  keepAlive(work);
  return new Response(body, { status: 201, headers: { ...headers, ...sseHeaders } });
}
