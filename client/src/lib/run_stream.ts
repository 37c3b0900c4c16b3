// Starts a streamed run and reports the output as it arrives; resolves with the run record
// from the final `run` event.
import { type ApiClient, ApiFailure, fieldErrors, type ResponseOf } from "./api.ts";
import { deltaText, type RunStreamEvents } from "./run_view.ts";
import { readSse } from "./sse.ts";
import type { Run, RunRequest } from "./types.ts";

export async function streamRun(
  api: ApiClient,
  promptId: string,
  body: Omit<RunRequest, "stream">,
  onDelta: (text: string) => void,
  /** With the run's id as soon as it is recorded (to cancel it). */
  onStarted?: (runId: string) => void,
): Promise<Run> {
  const res = await api.send("post", "/prompts/{id}/runs", {
    path: { id: promptId },
    body: { ...body, stream: true },
  });
  if (!res.body) throw new ApiFailure(res.status, "bad_response", "The run sent no stream.");
  // A replay of an Idempotency-Key is documented as the JSON record (200).
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    return await res.json() as ResponseOf<"/prompts/{id}/runs", "post">;
  }
  for await (const msg of readSse(res.body)) {
    if (msg.event === "delta") onDelta(deltaText(msg.data));
    else if (msg.event === "started") {
      onStarted?.((JSON.parse(msg.data) as RunStreamEvents["started"]).id);
    } else if (msg.event === "run") return JSON.parse(msg.data) as RunStreamEvents["run"];
    else if (msg.event === "error") {
      const { error } = JSON.parse(msg.data) as RunStreamEvents["error"];
      const details = error.details && typeof error.details === "object"
        ? error.details as Record<string, unknown>
        : {};
      throw new ApiFailure(500, error.code, error.message, fieldErrors(details), details);
    }
  }
  throw new ApiFailure(0, "stream_ended", "The stream ended before the run was recorded.");
}
