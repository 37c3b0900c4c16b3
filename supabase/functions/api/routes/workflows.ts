// Workflows (issue 17, seed 003): templates and specs (public read, anon too), runs of them
// with their gate timeline, the owner's actions, artifacts, and the engine's tick. Reads run as
// the caller under RLS; starting a run and the actions are SQL functions of service_role called
// with the caller's claims (each checks the run is theirs); the tick is the service role's.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { ApiError, notFound } from "../../_shared/errors.ts";
import { one, serviceCallerSettings, type Tx } from "../../_shared/db.ts";
import type { AppEnv, RouteModule } from "../context.ts";
import { validatorTypeSchema, workflowRunStatusSchema } from "../contract.ts";
import type { Deps } from "../deps.ts";
import {
  decodeCursor,
  newestFirstPage,
  olderThan,
  page,
  pageOf,
  pageQuery,
} from "../pagination.ts";
import {
  asCaller,
  asReader,
  conflictResponse,
  errorResponses,
  idParam,
  json,
  jsonBody,
  security,
} from "../schemas.ts";
import { createEngine, tickInBackground } from "../workflows/engine.ts";
import { progressStream } from "../workflows/progress.ts";
import { requestCancel } from "../run/cancel.ts";
import { configProblem } from "../run/validate.ts";
import {
  artifactDetailSchema,
  artifactListItemSchema,
  artifactSchema,
  gateSchema,
  modelCostSchema,
  newSpecBody,
  newTemplateBody,
  runDetailSchema,
  runSchema,
  specSchema,
  startRunBody,
  templateDetailSchema,
  templateSchema,
  tickBody,
  tickResultSchema,
} from "../workflows/schemas.ts";

const tags = ["workflows"];
const readSecurity = [{}, ...security];
const errorContent = { "application/json": { schema: z.object({ error: z.object({}).loose() }) } };

const slugParam = z.object({
  slug: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, "a template slug")
    .openapi({ param: { name: "slug", in: "path" } }),
});

const listTemplates = createRoute({
  method: "get",
  path: "/workflows/templates",
  tags,
  security: readSecurity,
  summary: "The active workflow templates, featured first",
  responses: { 200: json(z.object({ items: z.array(templateSchema) })), ...errorResponses },
});

const getTemplate = createRoute({
  method: "get",
  path: "/workflows/templates/{slug}",
  tags,
  security: readSecurity,
  summary: "A template with its current spec",
  request: { params: slugParam },
  responses: { 200: json(templateDetailSchema), ...errorResponses },
});

const getSpec = createRoute({
  method: "get",
  path: "/workflows/specs/{id}",
  tags,
  security: readSecurity,
  summary: "A spec version: intent schema, stages, QA config, cost profile",
  request: { params: idParam },
  responses: { 200: json(specSchema), ...errorResponses },
});

const startRun = createRoute({
  method: "post",
  path: "/workflows/runs",
  tags,
  security,
  summary: "Start a run; the intent is checked against the spec's intent_schema (422 per field)",
  request: jsonBody(startRunBody),
  responses: { 201: json(runDetailSchema, "The run, its first gate pending"), ...errorResponses },
});

const listRuns = createRoute({
  method: "get",
  path: "/workflows/runs",
  tags,
  security,
  summary: "Your workflow runs, newest first",
  request: { query: z.object({ status: workflowRunStatusSchema.optional(), ...pageQuery }) },
  responses: { 200: json(pageOf(runSchema)), ...errorResponses },
});

const activeRuns = createRoute({
  method: "get",
  path: "/workflows/active",
  tags,
  security,
  summary: "Active runs (running or paused), most recently started first: yours, or everyone's " +
    "for an admin",
  request: { query: z.object({ limit: pageQuery.limit }) },
  responses: { 200: json(z.object({ items: z.array(runSchema) })), ...errorResponses },
});

const modelCosts = createRoute({
  method: "get",
  path: "/admin/workflows/costs",
  tags: ["admin"],
  security,
  summary: "Cost by model and provider this UTC month (or since a time): gate executions and " +
    "single runs",
  request: { query: z.object({ since: z.iso.datetime({ offset: true }).optional() }) },
  responses: { 200: json(z.object({ items: z.array(modelCostSchema) })), ...errorResponses },
});

const createTemplate = createRoute({
  method: "post",
  path: "/admin/workflows/templates",
  tags: ["admin"],
  security,
  summary: "Create a workflow template (it has no spec until one is added)",
  request: jsonBody(newTemplateBody),
  responses: { 201: json(templateSchema), ...errorResponses, ...conflictResponse },
});

const createSpec = createRoute({
  method: "post",
  path: "/admin/workflows/templates/{slug}/specs",
  tags: ["admin"],
  security,
  summary: "Add a spec version to a template: checked (a 422 per problem), numbered and hashed; " +
    "runs start from the latest active version",
  request: { params: slugParam, ...jsonBody(newSpecBody) },
  responses: { 201: json(specSchema), ...errorResponses },
});

const getRun = createRoute({
  method: "get",
  path: "/workflows/runs/{id}",
  tags,
  security,
  summary: "A run with its gate timeline (every attempt, in gate order)",
  request: { params: idParam },
  responses: { 200: json(runDetailSchema), ...errorResponses },
});

const runEvents = createRoute({
  method: "get",
  path: "/workflows/runs/{id}/events",
  tags,
  security,
  summary: "Live progress (SSE): a `run` event with the run and its gates whenever it changes, " +
    "then `end` {status}, or `reconnect` after two minutes",
  request: { params: idParam },
  responses: {
    200: {
      description: "text/event-stream of `run` (a WorkflowRunDetail), `end` and `reconnect`",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...errorResponses,
  },
});

const actions = {
  retry:
    "Retry the failed gate of a paused run (one more attempt), or resume past the cost ceiling",
  skip: "Skip the gate a paused run waits on, if it is not required",
  cancel: "Cancel a run that has not ended",
  approve: "Approve the approval gate a paused run waits on",
  reject: "Reject the approval gate a paused run waits on: the run fails",
} as const;
type Action = keyof typeof actions;

const actionRoute = (action: Action) =>
  createRoute({
    method: "post",
    path: `/workflows/runs/{id}/${action}`,
    tags,
    security,
    summary: actions[action],
    request: { params: idParam },
    responses: { 200: json(runDetailSchema), ...errorResponses, ...conflictResponse },
  });

const listArtifacts = createRoute({
  method: "get",
  path: "/workflows/runs/{id}/artifacts",
  tags,
  security,
  summary: "The artifacts a run produced (every attempt's), without their content",
  request: { params: idParam },
  responses: { 200: json(z.object({ items: z.array(artifactSchema) })), ...errorResponses },
});

const listMyArtifacts = createRoute({
  method: "get",
  path: "/workflows/artifacts",
  tags,
  security,
  summary: "Every artifact of the caller's own runs, newest first, a page at a time (no content)",
  request: { query: z.object(pageQuery) },
  responses: {
    200: json(pageOf(artifactListItemSchema).openapi("WorkflowArtifactPage")),
    ...errorResponses,
  },
});

const getArtifact = createRoute({
  method: "get",
  path: "/workflows/artifacts/{id}",
  tags,
  security,
  request: { params: idParam },
  responses: { 200: json(artifactDetailSchema), ...errorResponses },
});

const downloadArtifact = createRoute({
  method: "get",
  path: "/workflows/artifacts/{id}/download",
  tags,
  security,
  summary: "The artifact's file, with its content type; ETag is its SHA-256 (304 on If-None-Match)",
  request: {
    params: idParam,
    headers: z.object({
      "if-none-match": z.string().max(500).optional()
        .openapi({ param: { name: "if-none-match", in: "header" } }),
    }),
  },
  responses: {
    200: {
      description: "The file",
      content: { "application/octet-stream": { schema: z.string() } },
    },
    304: { description: "Not modified" },
    ...errorResponses,
  },
});

const tick = createRoute({
  method: "post",
  path: "/workflows/tick",
  tags,
  security,
  summary: "Advance workflow work (service role only: pg_cron, the dev stack)",
  request: { body: { required: false, content: { "application/json": { schema: tickBody } } } },
  responses: {
    200: json(tickResultSchema, "The gates this tick ran"),
    ...errorResponses,
    403: { description: "Not the service role", content: errorContent },
  },
});

const templateColumns = (tx: Tx) =>
  tx`t.id, t.slug, t.name, t.description, t.type, t.depth, t.tags, t.what_you_get,
    t.estimated_minutes, t.step_count, t.is_featured, t.sort_order, s.id as spec_id,
    s.version as spec_version, coalesce(s.cost_profile, '{}') as cost_profile`;

const currentSpec = (tx: Tx) =>
  tx`left join lateral (select * from public.workflow_specs ws where ws.template_id = t.id
    and ws.is_active order by ws.version desc limit 1) s on true`;

const specColumns = (tx: Tx) =>
  tx`s.id, s.template_id, t.slug as template_slug, s.version, s.content_hash, s.intent_schema,
    s.stages, s.qa_config, s.output_guarantees, s.cost_profile, s.artifact_type, s.output_formats,
    s.is_active, s.created_at`;

const runColumns = (tx: Tx) =>
  tx`r.id, r.spec_id, s.version as spec_version, r.template_id, t.slug as template_slug,
    t.name as template_name, r.user_id, r.intent, r.project_slug, r.display_name, r.status,
    r.current_gate, r.pause_reason, r.pinned_prompts, r.total_gates, r.gates_passed, r.gates_failed, r.gates_skipped,
    r.total_tokens_in::integer as total_tokens_in, r.total_tokens_out::integer as total_tokens_out,
    r.total_cost_usd::text as total_cost_usd, r.started_at, r.completed_at, r.created_at,
    r.updated_at`;

const runFrom = (tx: Tx) =>
  tx`public.workflow_runs r join public.workflow_specs s on s.id = r.spec_id
    join public.workflow_templates t on t.id = r.template_id`;

const artifactColumns = (tx: Tx) =>
  tx`a.id, a.run_id, a.gate_execution_id, a.gate_id,
    (select e.attempt from public.gate_executions e where e.id = a.gate_execution_id) as attempt,
    a.file_name, a.file_path, a.content_type, a.content_hash, a.size_bytes, a.artifact_type,
    a.created_at`;

const runNotFound = () => notFound("workflow_run", "workflow run not found");

/** A run and its gate timeline, as the caller may read them (RLS: owner or admin). */
async function runDetail(tx: Tx, id: string) {
  const [run] = await tx<z.infer<typeof runSchema>[]>`
    select ${runColumns(tx)} from ${runFrom(tx)} where r.id = ${id}`;
  if (!run) throw runNotFound();
  const gates = await tx<z.infer<typeof gateSchema>[]>`
    select g.id, g.stage_id, g.gate_id, g.gate_name, g.phase, g.gate_order, g.agent, g.model,
      g.provider, g.is_required, g.is_approval, g.status, g.attempt, g.max_attempts,
      g.prompt_packet, g.raw_output, g.validation_results, g.fail_codes, g.error_message,
      g.tokens_in, g.tokens_out, g.cost_usd::text as cost_usd, g.duration_ms, g.model_run_id,
      g.started_at, g.completed_at, g.created_at
    from public.gate_executions g where g.run_id = ${id}
    order by g.gate_order, g.attempt`;
  return { ...run, gates };
}

/**
 * A transaction as service_role with the caller's claims, for the SQL functions that write runs
 * and gates (each checks the run is the caller's); with the pool's statement timeout again, as
 * asUser sets it (a transaction pooler's connections may lack the startup parameter).
 */
function asServiceCaller<T>(deps: Deps, c: Context<AppEnv>, fn: (tx: Tx) => Promise<T>) {
  return deps.sql.begin(async (tx) => {
    await tx`select ${serviceCallerSettings(tx, c.get("caller").claims)},
      set_config('statement_timeout', ${String(deps.config.dbStatementTimeoutMs)}, true)`;
    return await fn(tx);
  }) as Promise<T>;
}

export const workflowRoutes: RouteModule = (app, deps) => {
  const engine = createEngine(deps);

  app.openapi(listTemplates, async (c) => {
    const items = await asReader(deps, c, (tx) =>
      tx<z.infer<typeof templateSchema>[]>`
        select ${templateColumns(tx)} from public.workflow_templates t ${currentSpec(tx)}
        where t.is_active order by t.is_featured desc, t.sort_order, t.name`);
    return c.json({ items }, 200);
  });

  app.openapi(getTemplate, async (c) => {
    const { slug } = c.req.valid("param");
    const found = await asReader(deps, c, async (tx) => {
      const [t] = await tx<z.infer<typeof templateSchema>[]>`
        select ${templateColumns(tx)} from public.workflow_templates t ${currentSpec(tx)}
        where t.slug = ${slug}`;
      if (!t) return null;
      const [spec] = t.spec_id
        ? await tx<z.infer<typeof specSchema>[]>`
          select ${specColumns(tx)} from public.workflow_specs s
          join public.workflow_templates t on t.id = s.template_id where s.id = ${t.spec_id}`
        : [];
      return { ...t, spec: spec ?? null };
    });
    if (!found) throw notFound("workflow_template", "no such workflow template");
    return c.json(found, 200);
  });

  app.openapi(getSpec, async (c) => {
    const { id } = c.req.valid("param");
    const [spec] = await asReader(deps, c, (tx) =>
      tx<z.infer<typeof specSchema>[]>`
        select ${specColumns(tx)} from public.workflow_specs s
        join public.workflow_templates t on t.id = s.template_id where s.id = ${id}`);
    if (!spec) throw notFound("workflow_spec", "no such workflow spec");
    return c.json(spec, 200);
  });

  app.openapi(startRun, async (c) => {
    const body = c.req.valid("json");
    const runId = await asServiceCaller(deps, c, async (tx) =>
      one(
        await tx<{ id: string }[]>`select public.start_workflow_run(${body.template},
          ${tx.json(body.intent as never)}, ${body.display_name ?? null}, ${
          body.spec_id ?? null
        }) as id`,
        "start_workflow_run",
      ).id);
    tickInBackground(engine);
    const run = await asCaller(deps, c, (tx) => runDetail(tx, runId));
    return c.json(run, 201, { location: `/workflows/runs/${runId}` });
  });

  app.openapi(listRuns, async (c) => {
    const { status, limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 2);
    const rows = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof runSchema>[]>`
        select ${runColumns(tx)} from ${runFrom(tx)}
        where r.user_id = (select auth.uid())
          ${status ? tx`and r.status = ${status}` : tx``}
          and ${olderThan(tx, "r", after)}
        order by r.created_at desc, r.id desc limit ${limit + 1}`);
    return c.json(
      page(rows, limit, (r) => [new Date(r.created_at).toISOString(), r.id]),
      200,
    );
  });

  app.openapi(activeRuns, async (c) => {
    const { limit } = c.req.valid("query");
    // RLS decides whose: the caller's own, or every user's for an admin (seed 003's dashboard).
    const items = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof runSchema>[]>`
        select ${runColumns(tx)} from ${runFrom(tx)}
        where r.status in ('running', 'paused')
        order by r.started_at desc nulls last, r.id desc limit ${limit}`);
    return c.json({ items }, 200);
  });

  // /admin/*: adminRoutes' guard answers non-admins as if it did not exist.
  app.openapi(modelCosts, async (c) => {
    const { since } = c.req.valid("query");
    const items = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof modelCostSchema>[]>`
        select model, provider, gate_executions::integer, single_runs::integer,
          tokens_in::integer, tokens_out::integer, cost_usd::text,
          avg_gate_duration_ms::float8, avg_run_latency_ms::float8
        from public.admin_workflow_costs(${since ?? null})`);
    return c.json({ items }, 200);
  });

  app.openapi(createTemplate, async (c) => {
    const b = c.req.valid("json");
    const t = await asCaller(deps, c, async (tx) => {
      const [row] = await tx<{ slug: string }[]>`
        insert into public.workflow_templates (slug, name, description, type, depth, tags,
          what_you_get, estimated_minutes, is_featured, is_active, sort_order, created_by)
        values (${b.slug}, ${b.name}, ${b.description ?? ""}, ${b.type}, ${b.depth ?? "standard"},
          ${b.tags ?? []}, ${tx.json(b.what_you_get ?? [])}, ${b.estimated_minutes ?? null},
          ${b.is_featured ?? false}, ${b.is_active ?? true}, ${b.sort_order ?? 0},
          (select auth.uid()))
        returning slug`;
      const [t] = await tx<z.infer<typeof templateSchema>[]>`
        select ${templateColumns(tx)} from public.workflow_templates t ${currentSpec(tx)}
        where t.slug = ${row!.slug}`;
      return t!;
    });
    return c.json(t, 201);
  });

  app.openapi(createSpec, async (c) => {
    const { slug } = c.req.valid("param");
    const b = c.req.valid("json");
    // Checks run on the validators' engines: a pattern RE2 cannot run or a schema Ajv refuses is
    // named now, not at a gate.
    const fields = b.qa_config.checks.flatMap((check, i) => {
      // a model-graded check's answer schema is compiled like a json_schema check's
      const [type, config] = check.type === "model_graded"
        ? ["json_schema", { schema: check.config?.schema }]
        : [check.type, check.config ?? {}];
      const known = validatorTypeSchema.safeParse(type);
      if (!known.success) return [];
      const problem = configProblem(known.data, config);
      return problem
        ? [{ field: `qa_config.checks[${i}].${problem.field}`, message: problem.message }]
        : [];
    });
    if (fields.length) {
      throw new ApiError(422, "validation_failed", "a check cannot run", { fields });
    }
    const spec = await asCaller(deps, c, async (tx) => {
      const [t] = await tx<{ id: string }[]>`
        select id from public.workflow_templates where slug = ${slug}`;
      if (!t) throw notFound("workflow_template", "no such workflow template");
      const [row] = await tx<{ id: string }[]>`
        insert into public.workflow_specs (template_id, version, content_hash, intent_schema,
          stages, qa_config, output_guarantees, cost_profile, artifact_type, output_formats,
          created_by)
        values (${t.id}, 1, '', ${tx.json(b.intent_schema as never)}, ${tx.json(b.stages as never)},
          ${tx.json(b.qa_config as never)}, ${tx.json((b.output_guarantees ?? []) as never)},
          ${tx.json((b.cost_profile ?? {}) as never)}, ${b.artifact_type ?? null},
          ${b.output_formats ?? []}, (select auth.uid()))
        returning id`;
      await tx`update public.workflow_templates set step_count = ${b.stages.length}
        where id = ${t.id}`;
      const [spec] = await tx<z.infer<typeof specSchema>[]>`
        select ${specColumns(tx)} from public.workflow_specs s
        join public.workflow_templates t on t.id = s.template_id where s.id = ${row!.id}`;
      return spec!;
    });
    return c.json(spec, 201);
  });

  app.openapi(getRun, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await asCaller(deps, c, (tx) => runDetail(tx, id)), 200);
  });

  app.openapi(runEvents, async (c) => {
    const { id } = c.req.valid("param");
    const fingerprint = () =>
      asCaller(deps, c, async (tx) => {
        const [row] = await tx<{ f: string | null }[]>`
          select r.updated_at::text || '|' || coalesce((select string_agg(g.id::text || g.status,
            ',' order by g.created_at, g.id) from public.gate_executions g where g.run_id = r.id),
            '') as f
          from public.workflow_runs r where r.id = ${id}`;
        if (!row) throw runNotFound();
        return row.f ?? "";
      });
    await fingerprint(); // a run the caller cannot read is a 404, not an empty stream
    return progressStream({
      fingerprint,
      detail: () => asCaller(deps, c, (tx) => runDetail(tx, id)),
    }) as never;
  });

  for (const action of Object.keys(actions) as Action[]) {
    app.openapi(actionRoute(action), async (c) => {
      const { id } = c.req.valid("param");
      await asServiceCaller(deps, c, (tx) => {
        switch (action) {
          case "retry":
            return tx`select public.retry_workflow_gate(${id})`;
          case "skip":
            return tx`select public.skip_workflow_gate(${id})`;
          case "cancel":
            return tx`select public.cancel_workflow_run(${id})`;
          case "approve":
          case "reject":
            return tx`select public.decide_workflow_approval(${id}, ${action === "approve"})`;
        }
      });
      // A gate's model call in flight stops too: the worker running it, wherever it runs,
      // watches the workflow run's cancel flag with its own (run/cancel.ts); its gate ends
      // CANCELLED.
      if (action === "cancel") await requestCancel(deps.redis, id);
      if (action !== "cancel" && action !== "reject") tickInBackground(engine);
      return c.json(await asCaller(deps, c, (tx) => runDetail(tx, id)), 200);
    });
  }

  app.openapi(listArtifacts, async (c) => {
    const { id } = c.req.valid("param");
    const items = await asCaller(deps, c, async (tx) => {
      const [run] = await tx`select 1 from public.workflow_runs r where r.id = ${id}`;
      if (!run) throw runNotFound();
      return await tx<z.infer<typeof artifactSchema>[]>`
        select ${artifactColumns(tx)} from public.artifacts a where a.run_id = ${id}
        order by a.created_at, a.file_path`;
    });
    return c.json({ items }, 200);
  });

  app.openapi(listMyArtifacts, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 2);
    // The caller's own, also for an admin (who may read every run's under RLS).
    const rows = await asCaller(
      deps,
      c,
      (tx) =>
        tx<(z.infer<typeof artifactListItemSchema> & { created_at_text: string })[]>`
        select ${artifactColumns(tx)}, r.display_name as run_name, r.project_slug,
          a.created_at::text as created_at_text
        from public.artifacts a join public.workflow_runs r on r.id = a.run_id
        where r.user_id = (select auth.uid()) and ${olderThan(tx, "a", after)}
        order by a.created_at desc, a.id desc
        limit ${limit + 1}`,
    );
    return c.json(newestFirstPage(rows, limit), 200);
  });

  app.openapi(getArtifact, async (c) => {
    const { id } = c.req.valid("param");
    const [a] = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof artifactDetailSchema>[]>`
        select ${artifactColumns(tx)}, a.content from public.artifacts a where a.id = ${id}`);
    if (!a) throw notFound("artifact", "artifact not found");
    return c.json(a, 200);
  });

  app.openapi(downloadArtifact, async (c) => {
    const { id } = c.req.valid("param");
    const [a] = await asCaller(
      deps,
      c,
      (tx) =>
        tx<{ file_name: string; content_type: string; content_hash: string; content: string }[]>`
        select a.file_name, a.content_type, a.content_hash, a.content
        from public.artifacts a where a.id = ${id}`,
    );
    if (!a) throw notFound("artifact", "artifact not found");
    const etag = `"${a.content_hash}"`;
    const headers = {
      etag,
      "cache-control": "private, no-cache",
      "content-disposition": `attachment; filename="${a.file_name}"`,
    };
    const seen = c.req.valid("header")["if-none-match"];
    if (seen && seen.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
      return c.body(null, 304, headers);
    }
    const type = a.content_type.startsWith("text/") || a.content_type === "application/json"
      ? `${a.content_type}; charset=utf-8`
      : a.content_type;
    return c.body(a.content, 200, { ...headers, "content-type": type }) as never;
  });

  app.openapi(tick, async (c) => {
    // authenticate.ts lets this path through only with the service role's key.
    const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
    // The engine's default budget: claiming stops well within the hosted 150 s per request; a
    // gate in flight past it finishes or leaves a lease that expires.
    const done = await engine.tick({ maxGates: body.max_gates, concurrency: body.concurrency });
    return c.json({
      gates: done.map((d) => ({
        gate_execution_id: d.gateExecutionId,
        run_id: d.runId,
        gate_id: d.gateId,
        attempt: d.attempt,
        ...d.outcome,
      })),
    }, 200);
  });
};
