// POST /prompts/:id/runs: run a prompt version against a model through the run service;
// JSON (201, or 200 for an Idempotency-Key replay) or Server-Sent Events with `stream: true`.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv, RouteModule } from "../context.ts";
import type { Deps } from "../deps.ts";
import { quotaHeaders } from "../quota.ts";
import { runRecordSchema } from "../run/record.ts";
import { runServiceOf } from "../run/service.ts";
import { finishRun, loadRun } from "../run/store.ts";
import { requestCancel } from "../run/cancel.ts";
import { isFinal } from "../contract.ts";
import { ApiError } from "../../_shared/errors.ts";
import { replayStream, runStream } from "../sse.ts";
import { conflictResponse, errorResponses, idParam, json, jsonBody, security } from "../schemas.ts";
import { labelNameSchema, promptNameSchema } from "../prompt_schemas.ts";

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

const createByName = createRoute({
  method: "post",
  path: "/prompts/by-name/{name}/runs",
  tags: ["runs"],
  security,
  summary: "Run your prompt by name at a label (production, staging, …; latest by default)",
  request: {
    params: z.object({ name: promptNameSchema.openapi({ param: { name: "name", in: "path" } }) }),
    query: z.object({ label: labelNameSchema.default("latest") }),
    headers,
    ...jsonBody(runBody.omit({ version_id: true })),
  },
  responses: create.responses,
});

const cancel = createRoute({
  method: "post",
  path: "/runs/{id}/cancel",
  tags: ["runs"],
  security,
  summary: "Stop a running run: its provider call is aborted and it ends cancelled",
  request: { params: idParam },
  responses: {
    200: json(runRecordSchema, "The run, cancelled (tokens and cost recorded if known)"),
    ...errorResponses,
    409: { description: "The run has already ended (run_already_final)", content: errorContent },
  },
});

/** How long the cancel route waits for the run's worker to stop the call and record it. */
const CANCEL_WAIT_MS = 3_000;

export const runRoutes: RouteModule = (app, deps: Deps) => {
  const runs = runServiceOf(deps);

  app.openapi(cancel, async (c) => {
    const { id } = c.req.valid("param");
    const claims = c.get("caller").claims;
    const current = await loadRun(deps, claims, id, 0);
    if (isFinal(current.status)) {
      throw new ApiError(409, "run_already_final", `the run has already ended: ${current.status}`, {
        status: current.status,
      });
    }
    await requestCancel(deps.redis, id);
    let run = await loadRun(deps, claims, id, CANCEL_WAIT_MS);
    if (!isFinal(run.status)) {
      // Its worker is gone (or cannot reach Upstash): the run ends here. finish_run is once
      // only, so if the worker records an outcome later, this one stands.
      run = await finishRun(deps.sql, claims, id, {
        status: "cancelled",
        output: null,
        usage: null,
        latencyMs: Date.now() - Date.parse(run.started_at ?? run.created_at),
        attempts: run.attempts,
        metadata: {},
        error: "cancelled by its owner",
        logs: [{ level: "warn", message: "cancelled: the worker running it did not answer" }],
      }, { status: "skipped", results: [] });
    }
    return c.json(run, 200);
  });

  app.openapi(create, (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"] ?? null;
    return run(c, { promptId: id, versionId: body.version_id }, body, key);
  });

  app.openapi(createByName, (c) => {
    const { name } = c.req.valid("param");
    const { label } = c.req.valid("query");
    const key = c.req.valid("header")["idempotency-key"] ?? null;
    return run(c, { promptId: null, promptName: name, label }, c.req.valid("json"), key);
  });

  async function run(
    c: Context<AppEnv>,
    prompt: PromptRef,
    body: z.infer<typeof runBody>,
    idempotencyKey: string | null,
  ) {
    const stream = body.stream === true;
    const begun = await runs.begin(c.get("caller"), {
      kind: "prompt",
      ...prompt,
      model: body.model,
      temperature: body.temperature,
      maxTokens: body.max_tokens,
      variables: body.variables,
      idempotencyKey,
      stream,
    });
    if (begun.replayed) return stream ? replayStream(begun.run) : c.json(begun.run, 200);

    const headers = { ...quotaHeaders(begun.daily), "x-run-id": begun.runId };
    if (stream) return runStream(begun, headers);
    const record = await begun.execute();
    return c.json(record, 201, { ...headers, "server-timing": begun.timing() });
  }
};

/** Which prompt a run is of: by id (and version), or by the caller's name and a label. */
type PromptRef =
  | { promptId: string; versionId?: string }
  | { promptId: null; promptName: string; label: string };
