// Run history (seed 000 runs, 002 executions and logs, 004 prompt_history): a prompt's runs,
// all of the caller's runs filtered by status / model / prompt, and one run with its logs.
// Lists are newest first with keyset pagination; RLS keeps every query to the caller's runs.
import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../../_shared/errors.ts";
import type { Tx } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import { runKindSchema, runStatusSchema } from "../contract.ts";
import { decodeCursor, olderThan, page, pageOf, pageQuery } from "../pagination.ts";
import { runColumns, runRecordSchema } from "../run/record.ts";
import { asCaller, errorResponses, idParam, json, security } from "../schemas.ts";

const runStatus = runStatusSchema;

// What a run list or page says about the run's prompt (promptOfRun).
const promptOfRunFields = {
  prompt_title: z.string().nullable().openapi({
    description: "The run's prompt's title: the caller's own, or a public one they ran; null " +
      "for a run with no prompt, or whose prompt is someone else's and no longer public",
  }),
  prompt_is_own: z.boolean().openapi({
    description: "Whether the prompt is the caller's (false: someone's public prompt, or none)",
  }),
};

// The columns a list shows; the heavy ones (resolved prompt, full output, variables, model
// metadata, validation details) only come with GET /runs/:id, which has the run engine's shape.
const runSummarySchema = runRecordSchema.pick({
  id: true,
  prompt_id: true,
  version_id: true,
  label: true,
  kind: true,
  status: true,
  model: true,
  provider_id: true,
  key_source: true,
  standin: true,
  token_usage: true,
  latency_ms: true,
  cost_usd: true,
  validation_status: true,
  attempts: true,
  error_message: true,
  started_at: true,
  completed_at: true,
  created_at: true,
}).extend({
  output_preview: z.string().nullable().openapi({ description: "First 200 characters" }),
  ...promptOfRunFields,
}).openapi("RunSummary");

const runLogSchema = z.object({
  id: z.number().int(),
  level: z.enum(["debug", "info", "warn", "error"]),
  message: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  created_at: z.string(),
}).openapi("RunLog");

const runDetailSchema = runRecordSchema.extend({
  ...promptOfRunFields,
  version_number: z.number().int().nullable()
    .openapi({ description: "The version's number, when the version is the caller's to read" }),
  logs: z.array(runLogSchema),
}).openapi("RunDetail");

const runPage = pageOf(runSummarySchema)
  .openapi("RunPage");

type RunSummary = z.infer<typeof runSummarySchema>;

const promptRuns = createRoute({
  method: "get",
  path: "/prompts/{id}/runs",
  tags: ["runs"],
  security,
  request: { params: idParam, query: z.object(pageQuery) },
  responses: { 200: json(runPage), ...errorResponses },
});

const listRuns = createRoute({
  method: "get",
  path: "/runs",
  tags: ["runs"],
  security,
  request: {
    query: z.object({
      ...pageQuery,
      status: runStatus.optional(),
      model: z.string().min(1).max(200).optional(),
      prompt_id: z.uuid().optional(),
      kind: runKindSchema.optional()
        .openapi({ description: "What the call was for: prompt, gateway (/v1), builder_*, …" }),
    }),
  },
  responses: { 200: json(runPage), ...errorResponses },
});

const getRun = createRoute({
  method: "get",
  path: "/runs/{id}",
  tags: ["runs"],
  security,
  request: { params: idParam },
  responses: { 200: json(runDetailSchema), ...errorResponses },
});

// Timestamps go out as Postgres renders them in JSON (microseconds), so a cursor made of them
// sorts exactly like the rows, and they come back the same way (cursorTimestamp).
const summary = (tx: Tx) =>
  tx`jsonb_build_object(
      'id', r.id, 'prompt_id', r.prompt_id, 'version_id', r.version_id, 'label', r.label,
      'kind', r.kind, 'model', r.model,
      'provider_id', r.provider_id, 'key_source', r.key_source,
      'standin', coalesce(r.key_source = 'standin', false), 'status', r.status,
      'latency_ms', r.latency_ms, 'token_usage', r.token_usage, 'cost_usd', r.cost_usd::text,
      'validation_status', r.validation_status, 'attempts', r.attempts,
      'error_message', r.error_message, 'output_preview', left(r.output #>> '{}', 200),
      'created_at', r.created_at, 'started_at', r.started_at, 'completed_at', r.completed_at,
      'prompt_title', coalesce(mine.title, shared.title), 'prompt_is_own', mine.id is not null)`;

// The title of the run's prompt, as the caller may read it: theirs (RLS), or public (runs of
// someone's public prompt are the runner's).
const promptOfRun = (tx: Tx) =>
  tx`left join public.prompts mine on mine.id = r.prompt_id
    left join public.shared_prompts shared
      on mine.id is null and shared.prompt_id = r.prompt_id and shared.visibility = 'public'`;

interface Filters {
  promptId?: string;
  status?: string;
  model?: string;
  kind?: string;
}

async function runsPage(
  tx: Tx,
  filters: Filters,
  limit: number,
  cursor: string | undefined,
): Promise<{ items: RunSummary[]; next_cursor: string | null }> {
  const after = decodeCursor(cursor, 2);
  const rows = await tx<{ run: RunSummary }[]>`
    select ${summary(tx)} as run
    from public.runs r
    ${promptOfRun(tx)}
    where ${filters.promptId ? tx`r.prompt_id = ${filters.promptId}` : tx`true`}
      and ${filters.status ? tx`r.status = ${filters.status}` : tx`true`}
      and ${filters.model ? tx`r.model = ${filters.model}` : tx`true`}
      and ${filters.kind ? tx`r.kind = ${filters.kind}::public.run_kind` : tx`true`}
      and ${olderThan(tx, "r", after)}
    order by r.created_at desc, r.id desc
    limit ${limit + 1}`;
  return page(rows.map((r) => r.run), limit, (r) => [r.created_at, r.id]);
}

export const historyRoutes: RouteModule = (app, deps) => {
  app.openapi(promptRuns, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const result = await asCaller(deps, c, async (tx) => {
      const [prompt] = await tx`select 1 from public.prompts where id = ${id}`;
      return prompt ? await runsPage(tx, { promptId: id }, limit, cursor) : null;
    });
    if (!result) throw notFound("prompt");
    return c.json(result, 200);
  });

  app.openapi(listRuns, async (c) => {
    const { limit, cursor, status, model, prompt_id, kind } = c.req.valid("query");
    const result = await asCaller(
      deps,
      c,
      (tx) => runsPage(tx, { status, model, kind, promptId: prompt_id }, limit, cursor),
    );
    return c.json(result, 200);
  });

  app.openapi(getRun, async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof runDetailSchema>[]>`
        select ${tx.unsafe(runColumns)}, coalesce(mine.title, shared.title) as prompt_title,
          mine.id is not null as prompt_is_own, v.version_number, coalesce((
          select jsonb_agg(jsonb_build_object('id', l.id, 'level', l.level, 'message', l.message,
            'data', l.data, 'created_at', l.created_at) order by l.id)
          from public.run_logs l where l.run_id = r.id), '[]'::jsonb) as logs
        from public.runs r
        ${promptOfRun(tx)}
        left join public.prompt_versions v on v.id = r.version_id and mine.id is not null
        where r.id = ${id}`);
    if (!row) throw notFound("run");
    return c.json(row, 200);
  });
};
