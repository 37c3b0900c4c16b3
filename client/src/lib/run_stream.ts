// Starts a streamed run and reports the output as it arrives; resolves with the run record
// from the final `run` event.
import { type ApiClient, ApiFailure, fieldErrors } from "./api.ts";
import { deltaText } from "./run_view.ts";
import { readSse } from "./sse.ts";
import type { Run } from "./types.ts";

export interface RunRequest {
  variables: Record<string, string | number | boolean>;
  model?: string;
  temperature?: number;
  version_id?: string;
}

export async function streamRun(
  api: ApiClient,
  promptId: string,
  body: RunRequest,
  onDelta: (text: string) => void,
): Promise<Run> {
  const res = await api.send("POST", `/prompts/${promptId}/runs`, {
    body: { ...body, stream: true },
  });
  if (!res.body) throw new ApiFailure(res.status, "bad_response", "The run sent no stream.");
  if (!(res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    return await res.json() as Run;
  }
  for await (const msg of readSse(res.body)) {
    if (msg.event === "delta") onDelta(deltaText(msg.data));
    else if (msg.event === "run") return JSON.parse(msg.data) as Run;
    else if (msg.event === "error") {
      const err =
        (JSON.parse(msg.data) as { error?: { code?: string; message?: string; details?: unknown } })
          .error ?? {};
      throw new ApiFailure(
        500,
        err.code ?? "run_failed",
        err.message ?? "The run failed.",
        fieldErrors(err.details),
      );
    }
  }
  throw new ApiFailure(0, "stream_ended", "The stream ended before the run was recorded.");
}
