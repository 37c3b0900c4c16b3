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

/**
 * A response whose body only listens: `first` goes out at once, then whatever `work` sends.
 * Bytes sent after the caller hung up are dropped (the work goes on: a run is still recorded),
 * and the body ends when the work does. The Edge Runtime is told to wait for the work.
 */
function listeningResponse(
  status: number,
  headers: Record<string, string>,
  first: Uint8Array,
  work: (send: (bytes: Uint8Array) => void) => Promise<void>,
): Response {
  let out: ReadableStreamDefaultController<Uint8Array> | undefined;
  let open = true;
  const send = (bytes: Uint8Array) => {
    if (!open || !out) return;
    try {
      out.enqueue(bytes);
    } catch {
      open = false;
    }
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      out = controller;
      send(first);
    },
    cancel() {
      open = false;
    },
  });
  const done = work(send).finally(() => {
    if (!open) return;
    open = false;
    try {
      out?.close();
    } catch { /* already closed by the caller */ }
  });
  keepAlive(done);
  return new Response(body, { status, headers: { ...headers, ...sseHeaders } });
}

/** Executes a started run, streaming its text as it comes. */
export function runStream(started: Started, headers: Record<string, string>): Response {
  const first = event("started", {
    id: started.runId,
    model: started.model,
    standin: started.keySource === "standin",
  });
  return listeningResponse(
    201,
    headers,
    first,
    (send) =>
      started.execute((text) => send(event("delta", { text })))
        .then((run) => send(event("run", run)))
        .catch((e) => {
          const err = e instanceof ApiError ? e : new ApiError(500, "internal", "internal error");
          if (!(e instanceof ApiError)) console.error("streamed run failed", e);
          send(
            event("error", {
              error: { code: err.code, message: err.message, details: err.details },
            }),
          );
        }),
  );
}

/** What a chat.completion (or chunk) says about itself. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

const data = (payload: unknown) => encoder.encode(`data: ${JSON.stringify(payload)}\n\n`);

/**
 * A started run as OpenAI's chat.completion.chunk stream (the OpenAI-compatible endpoint): a
 * first chunk with the assistant role, a chunk per delta, a last chunk with the finish reason,
 * the usage chunk when asked for (stream_options.include_usage), then `data: [DONE]`. A run that
 * fails mid-way ends the stream with an error object in OpenAI's shape, as OpenAI does.
 */
export function chatCompletionStream(
  started: Started,
  meta: CompletionMeta,
  includeUsage: boolean,
  headers: Record<string, string>,
): Response {
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    data({
      id: meta.id,
      object: "chat.completion.chunk",
      created: meta.created,
      model: meta.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
  const first = chunk({ role: "assistant", content: "" }, null);
  return listeningResponse(
    200,
    headers,
    first,
    (send) =>
      started.execute((text) => send(chunk({ content: text }, null)))
        .then((run) => {
          if (run.status !== "success") {
            send(data({
              error: {
                message: run.error_message ?? `the run ended ${run.status}`,
                type: "api_error",
                param: null,
                code: run.status === "timeout" ? "timeout" : "provider_error",
              },
            }));
            return;
          }
          send(chunk({}, String(run.model_metadata?.finish_reason ?? "stop")));
          if (includeUsage) {
            send(data({
              id: meta.id,
              object: "chat.completion.chunk",
              created: meta.created,
              model: meta.model,
              choices: [],
              usage: openAiUsage(run),
            }));
          }
          send(encoder.encode("data: [DONE]\n\n"));
        })
        .catch((e) => {
          if (!(e instanceof ApiError)) console.error("streamed completion failed", e);
          const error = { message: "internal error", type: "api_error", param: null, code: null };
          send(data({ error }));
        }),
  );
}

/** A run's usage as OpenAI reports it. */
export function openAiUsage(run: RunRecord) {
  const u = run.token_usage;
  return {
    prompt_tokens: u?.prompt_tokens ?? 0,
    completion_tokens: u?.completion_tokens ?? 0,
    total_tokens: u?.total_tokens ?? 0,
    prompt_tokens_details: { cached_tokens: u?.cached_tokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: u?.reasoning_tokens ?? 0 },
  };
}
