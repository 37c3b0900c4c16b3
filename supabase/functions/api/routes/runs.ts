// POST /prompts/:id/runs: run a prompt version against a model, metered, recorded, validated;
// JSON (201, or 200 for an Idempotency-Key replay) or Server-Sent Events with `stream: true`.
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import type { Deps } from "../deps.ts";
import { countRun, createQuota, meterRun, quotaHeaders, uncount } from "../quota.ts";
import { executeRun, loadRun, prepareRun, type RunRequest, startRun } from "../run/engine.ts";
import { runRecordSchema } from "../run/record.ts";
import { renderPrompt } from "../run/render.ts";
import { conflictResponse, errorResponses, idParam, json, jsonBody, security } from "../schemas.ts";

const runBody = z.object({
  version_id: z.uuid().optional(),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .default({}),
  model: z.string().min(1).max(200).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().max(1_000_000).optional(),
  stream: z.boolean().optional(),
}).strict().openapi("RunRequest");

const headers = z.object({
  "idempotency-key": z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, "printable ASCII")
    .optional().openapi({ param: { name: "idempotency-key", in: "header" } }),
});

const errorContent = {
  "application/json": { schema: z.object({ error: z.object({ code: z.string() }) }) },
};

const create = createRoute({
  method: "post",
  path: "/prompts/{id}/runs",
  tags: ["runs"],
  security,
  request: { params: idParam, headers, ...jsonBody(runBody) },
  responses: {
    201: {
      description: "Run finished (success, error or timeout). With stream: true, an SSE stream " +
        "of `started` {id}, `delta` {text}… and a final `run` event with the record.",
      content: {
        "application/json": { schema: runRecordSchema },
        "text/event-stream": { schema: z.string() },
      },
    },
    200: json(runRecordSchema, "Replay: the run already made with this Idempotency-Key"),
    ...errorResponses,
    ...conflictResponse,
    429: {
      description: "Daily quota, API-key rate or the provider's per-user limit used up " +
        "(quota_exceeded or provider_rate_limited; Retry-After)",
      content: errorContent,
    },
    503: { description: "Quota service unavailable: nothing was run", content: errorContent },
  },
});

// The Edge Runtime ends a worker's background work with the response unless told to wait.
function keepAlive(p: Promise<unknown>): void {
  const rt = (globalThis as { EdgeRuntime?: { waitUntil?: (p: Promise<unknown>) => void } })
    .EdgeRuntime;
  rt?.waitUntil?.(p);
}

const encoder = new TextEncoder();
const sse = (event: string, data: unknown) =>
  encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

function replayStream(run: unknown): Response {
  return new Response(sse("run", run), {
    status: 200,
    headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
  });
}

export const runRoutes: RouteModule = (app, deps: Deps) => {
  const quota = createQuota(deps);
  // A replay waits for its twin at most as long as the twin may take.
  const replayWaitMs = deps.config.llm.timeoutMs + 5_000;

  app.openapi(create, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json") as RunRequest;
    const idempotencyKey = c.req.valid("header")["idempotency-key"] ?? null;
    const caller = c.get("caller");
    const claims = caller.claims;
    const stream = body.stream === true;

    // Server-Timing: where a run's time went (prepare, quota, start, provider+finish).
    const marks: string[] = [];
    let t = performance.now();
    const mark = (name: string) => {
      const now = performance.now();
      marks.push(`${name};dur=${(now - t).toFixed(1)}`);
      t = now;
    };
    // Today's run is counted in Upstash while the run is prepared in Postgres: the two round
    // trips overlap. Whatever stops the run before it starts gives the count back.
    const counted = countRun(quota, caller);
    let prep;
    let rendered;
    try {
      prep = await prepareRun(deps, claims, id, body, idempotencyKey);
      mark("prepare");
      if (!prep.existingRunId) {
        rendered = renderPrompt(prep.content, prep.variables, body.variables);
      }
    } catch (e) {
      await uncount(quota, caller.userId, counted);
      throw e;
    }
    if (!rendered) {
      await uncount(quota, caller.userId, counted);
      const run = await loadRun(deps, claims, prep.existingRunId!, replayWaitMs);
      return stream ? replayStream(run) : c.json(run, 200);
    }
    const temperature = body.temperature ?? prep.modelConfig.temperature ?? null;
    const maxTokens = body.max_tokens ?? prep.modelConfig.max_tokens ?? null;

    const metered = await meterRun(quota, caller.userId, prep.plan, {
      id: prep.target.providerId,
      limits: prep.providerLimits,
    }, counted);
    const daily = metered.daily;
    mark("quota");
    let started;
    try {
      started = await startRun(deps, claims, prep, {
        variables: rendered.values,
        resolvedPrompt: rendered.text,
        temperature,
        maxTokens,
        idempotencyKey,
        stream,
      });
    } catch (e) {
      // No run was made, so the run is not counted.
      await metered.refund();
      throw e;
    }
    mark("start");
    if (started.replayed) {
      await metered.refund();
      const run = await loadRun(deps, claims, started.runId, replayWaitMs);
      return stream ? replayStream(run) : c.json(run, 200);
    }
    const call = { prompt: rendered.text, temperature, maxTokens, stream };
    const rateHeaders = { ...quotaHeaders(daily), "x-run-id": started.runId };

    if (!stream) {
      const run = await executeRun(deps, claims, started.runId, prep, call);
      await metered.spendTokens(run.token_usage?.total_tokens ?? 0);
      mark("run");
      c.header("server-timing", marks.join(", "));
      for (const [k, v] of Object.entries(rateHeaders)) c.header(k, v);
      return c.json(run, 201);
    }

    // The provider stream feeds the run; the response only listens. A caller who hangs up
    // closes the response, never the run: it goes on and is recorded.
    let out: ReadableStreamDefaultController<Uint8Array> | undefined;
    let open = true;
    const send = (event: string, data: unknown) => {
      if (!open || !out) return;
      try {
        out.enqueue(sse(event, data));
      } catch {
        open = false;
      }
    };
    const bodyStream = new ReadableStream<Uint8Array>({
      start(controller) {
        out = controller;
        send("started", {
          id: started.runId,
          model: prep.model.id,
          standin: prep.target.keySource === "standin",
        });
      },
      cancel() {
        open = false;
      },
    });
    const work = executeRun(
      deps,
      claims,
      started.runId,
      prep,
      call,
      (text) => send("delta", { text }),
    )
      .then(async (run) => {
        await metered.spendTokens(run.token_usage?.total_tokens ?? 0);
        send("run", run);
      })
      .catch((e) => {
        const err = e instanceof ApiError ? e : new ApiError(500, "internal", "internal error");
        if (!(e instanceof ApiError)) console.error("streamed run failed", e);
        send("error", { error: { code: err.code, message: err.message, details: err.details } });
      })
      .finally(() => {
        if (open) {
          open = false;
          try {
            out?.close();
          } catch { /* already closed by the caller */ }
        }
      });
    keepAlive(work);
    return new Response(bodyStream, {
      status: 201,
      headers: {
        ...rateHeaders,
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        "x-accel-buffering": "no",
      },
    });
  });
};
