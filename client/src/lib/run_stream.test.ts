import { describe, expect, it } from "vitest";
import { ApiFailure, createApiClient } from "./api.ts";
import { streamRun } from "./run_stream.ts";
import { outputText, tokens, validationResults } from "./run_view.ts";

// A run record as the local stack sent it (stand-in model) in the final `run` event of
// POST /prompts/:id/runs with stream: true, and the same record is the JSON answer without it.
const record =
  `{"id":"d9d62509-23a4-4f80-8e80-db859cbe55e1","prompt_id":"d432515f-5529-44fd-8420-f54bcd154845","version_id":"b43d1d9c-b65d-48bf-a7d7-e905d299fab5","kind":"prompt","status":"success","model":"standin/echo","provider_id":"standin","key_source":"standin","standin":true,"variables":{"name":"Ada"},"resolved_prompt":"Say hello to Ada","output":"Stand-in reply from standin/echo: I read 4 words (digest 273c53c2a594). You wrote: \\"Say hello to Ada\\".","token_usage":{"total_tokens":45,"cached_tokens":0,"prompt_tokens":11,"reasoning_tokens":0,"completion_tokens":34},"latency_ms":423,"cost_usd":"0.00007900","price_snapshot":{"model_id":"standin/echo","price_per_1k_input":0.001,"price_per_1k_output":0.002,"price_per_1k_cached_input":0.0005},"temperature":null,"max_tokens":null,"validation_status":"skipped","validation_results":[],"attempts":1,"streamed":true,"model_metadata":{"standin":true,"key_source":"standin","provider_id":"standin","response_id":"chatcmpl-standin-2f918acb61644a80836ba524","finish_reason":"stop","response_model":"standin/echo","requested_model":"standin/echo","system_fingerprint":"promptline-standin"},"error_message":null,"started_at":"2026-12-04T22:02:24.952Z","completed_at":"2026-12-04T22:02:25.380Z","created_at":"2026-12-04T22:02:24.952Z"}`;

const frame = (event: string, data: string) => `event: ${event}\ndata: ${data}\n\n`;
const deltas = ["Stand-in reply from standin/echo: ", "I read 4 words (digest 273c53c2a594). "];
const stream = [
  frame(
    "started",
    '{"id":"d9d62509-23a4-4f80-8e80-db859cbe55e1","model":"standin/echo","standin":true}',
  ),
  ...deltas.map((t) => frame("delta", JSON.stringify({ text: t }))),
  frame("delta", '{"text":"You wrote: \\"Say hello to Ada\\"."}'),
  frame("run", record),
].join("");

/** The bytes in chunks that cut frames anywhere, as a network may deliver them. */
function body(text: string, size = 37): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(c) {
      for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
      c.close();
    },
  });
}

function client(res: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const api = createApiClient({
    baseUrl: "http://api.test",
    token: () => Promise.resolve("tok"),
    onUnauthorized: () => {},
    fetch: (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return Promise.resolve(res());
    },
  });
  return { api, calls };
}

const sse = (text: string) =>
  new Response(body(text), { status: 201, headers: { "content-type": "text/event-stream" } });

describe("streamRun", () => {
  it("reads a real run stream: the deltas as they come, then the recorded run", async () => {
    const { api, calls } = client(() => sse(stream));
    const seen: string[] = [];
    const run = await streamRun(
      api,
      "d432515f-5529-44fd-8420-f54bcd154845",
      { variables: { name: "Ada" } },
      (t) => seen.push(t),
    );
    expect(calls[0]?.url).toBe("http://api.test/prompts/d432515f-5529-44fd-8420-f54bcd154845/runs");
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
      variables: { name: "Ada" },
      stream: true,
    });
    expect(seen.join("")).toBe(run.output);
    expect(run.status).toBe("success");
    expect(outputText(run)).toBe(
      'Stand-in reply from standin/echo: I read 4 words (digest 273c53c2a594). You wrote: "Say hello to Ada".',
    );
    expect(tokens(run)).toEqual({ input: 11, output: 34, estimated: false });
    expect(validationResults(run)).toEqual([]);
    expect(run.cost_usd).toBe("0.00007900");
  });

  it("turns the stream's error event into an ApiFailure with the API's code", async () => {
    const { api } = client(() =>
      sse(
        frame("started", '{"id":"r1","model":"standin/echo","standin":true}') +
          frame("error", '{"error":{"code":"internal","message":"internal error"}}'),
      )
    );
    const started: string[] = [];
    const e = await streamRun(api, "p1", { variables: {} }, () => {}, (id) => started.push(id))
      .catch((x) => x);
    expect(started).toEqual(["r1"]);
    expect(e).toBeInstanceOf(ApiFailure);
    expect([e.code, e.message]).toEqual(["internal", "internal error"]);
  });

  it("returns the JSON record of a replay (200, application/json)", async () => {
    const { api } = client(() =>
      new Response(record, { status: 200, headers: { "content-type": "application/json" } })
    );
    const run = await streamRun(api, "p1", { variables: {} }, () => {});
    expect(run.id).toBe("d9d62509-23a4-4f80-8e80-db859cbe55e1");
  });
});
