// A workflow run's live progress as Server-Sent Events: a `run` event with the run and its gate
// timeline whenever it changes, then `end` {status} once it has ended, or `reconnect` when the
// stream has been open for its longest (hosted functions answer within 150 s: the client opens a
// new one). Changes are found by a light query (the run's updated_at and its gates' states) every
// `intervalMs`; the full detail is read only when that changed. A caller who hangs up stops it.

const encoder = new TextEncoder();
const frame = (name: string, data: unknown) =>
  encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

export interface ProgressSource<T extends { status: string }> {
  /** Something that changes whenever the run or one of its gates does. */
  fingerprint(): Promise<string>;
  /** The run as the caller reads it. */
  detail(): Promise<T>;
}

const ended = new Set(["completed", "failed", "cancelled"]);

export function progressStream<T extends { status: string }>(
  source: ProgressSource<T>,
  opts: { intervalMs?: number; maxMs?: number } = {},
): Response {
  const intervalMs = opts.intervalMs ?? 500;
  const maxMs = opts.maxMs ?? 120_000;
  let open = true;
  const body = new ReadableStream<Uint8Array>({
    async start(out) {
      const until = performance.now() + maxMs;
      let last = "";
      try {
        while (open) {
          const now = await source.fingerprint();
          if (now !== last) {
            last = now;
            const run = await source.detail();
            if (!open) return;
            out.enqueue(frame("run", run));
            if (ended.has(run.status)) {
              out.enqueue(frame("end", { status: run.status }));
              break;
            }
          }
          if (performance.now() >= until) {
            out.enqueue(frame("reconnect", { after_ms: 0 }));
            break;
          }
          await new Promise((r) => setTimeout(r, intervalMs));
        }
      } catch (e) {
        if (open) {
          out.enqueue(frame("error", {
            error: { code: "internal", message: e instanceof Error ? e.message : "error" },
          }));
        }
      }
      if (open) out.close();
      open = false;
    },
    cancel() {
      open = false;
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-accel-buffering": "no",
    },
  });
}
