// A deterministic OpenAI-compatible LLM stand-in for local runs and tests (there is no network
// and no provider key here). It is never a model: every response is labelled as a stand-in by
// the `x-promptline-standin: 1` header, `system_fingerprint: "promptline-standin"` and ids that
// start with `chatcmpl-standin-`. Faults are scriptable; see dev/llm_standin/faults.ts.
//
//   POST /v1/chat/completions        chat completions, streaming too, real token counts
//   GET  /v1/models, /v1/models/<id> a list of common ids; any id is answered
//   GET  /_standin/calls?key=<k>     { calls, api_key_last4 } of that key (tests assert them)
//   POST /_standin/reset[?key=<k>]   forget calls and spent fault uses (all, or for one key)
//   GET  /_standin/health            readiness probe for the stack orchestrator
import { localEnv, need, port } from "./env.ts";
import { CallLedger } from "./llm_standin/faults.ts";
import { handleChatCompletion } from "./llm_standin/completions.ts";
import { ApiError, errorResponse } from "./llm_standin/errors.ts";
import { countTextTokens } from "./llm_standin/tokens.ts";

export interface LlmStandinOptions {
  // Pause before each stream chunk, so streaming looks like streaming in the UI.
  chunkDelayMs?: number;
  // Ids listed by GET /v1/models (any id is accepted by chat completions anyway).
  models?: string[];
}

export const DEFAULT_MODELS = [
  "standin/echo",
  "gpt-4o-mini",
  "gpt-4o",
  "gpt-4.1-mini",
  "openai/gpt-4o-mini",
  "openai/gpt-4o",
  "anthropic/claude-3.5-sonnet",
  "anthropic/claude-3-haiku",
  "google/gemini-flash-1.5",
  "meta-llama/llama-3.1-8b-instruct",
];

export const STANDIN_LABELS: Record<string, string> = { "x-promptline-standin": "1" };

export function createLlmStandin(
  opts: LlmStandinOptions = {},
): (req: Request) => Promise<Response> {
  const ledger = new CallLedger();
  const models = opts.models ?? DEFAULT_MODELS;
  const ctx = { ledger, chunkDelayMs: opts.chunkDelayMs ?? 0, labels: STANDIN_LABELS };
  const json = (body: unknown, status = 200) =>
    Response.json(body, { status, headers: STANDIN_LABELS });
  const fail = (status: number, message: string, code: string | null = null) =>
    errorResponse(
      new ApiError(status, { message, type: "invalid_request_error", param: null, code }),
      STANDIN_LABELS,
    );
  const model = (id: string) => ({
    id,
    object: "model",
    created: 1_700_000_000,
    owned_by: "promptline-standin",
  });

  return async (req) => {
    const url = new URL(req.url);
    const path = url.pathname.replace(/\/+$/, "");
    const route = `${req.method} ${path}`;
    if (route === "POST /v1/chat/completions") return await handleChatCompletion(req, ctx);
    if (route === "GET /v1/models") return json({ object: "list", data: models.map(model) });
    if (req.method === "GET" && path.startsWith("/v1/models/")) {
      return json(model(decodeURIComponent(path.slice("/v1/models/".length))));
    }
    if (route === "GET /_standin/calls") {
      const key = url.searchParams.get("key");
      if (!key) return fail(400, "Missing query parameter: key", "missing_required_parameter");
      return json({ key, calls: ledger.calls(key), api_key_last4: ledger.apiKeyLast4(key) });
    }
    if (route === "POST /_standin/reset") {
      ledger.reset(url.searchParams.get("key") ?? undefined);
      return json({ reset: true });
    }
    if (route === "GET /_standin/health") return json({ ok: true, standin: true });
    const known = ["/v1/chat/completions", "/v1/models", "/_standin/calls", "/_standin/reset"];
    if (known.includes(path)) return fail(405, `Method ${req.method} not allowed on ${path}`);
    return fail(404, `Unknown stand-in route ${req.method} ${path}`, "unknown_url");
  };
}

if (import.meta.main) {
  // The tokenizer loads its tables on first use, which holds the only thread for seconds: done
  // before listening, so the first caller (or a health check) never waits behind it.
  countTextTokens("warm up");
  const base = need("LLM_STANDIN_URL");
  const handler = createLlmStandin({
    chunkDelayMs: Number(localEnv.LLM_STANDIN_CHUNK_DELAY_MS ?? "10"),
  });
  Deno.serve({
    hostname: "127.0.0.1",
    port: port(base),
    onListen: () =>
      console.log(`LLM stand-in (deterministic, not a real model) listening on ${base}`),
  }, handler);
}
