// GET /metrics?days=: the caller's runs per UTC day (count, outcomes, p50/p95 latency, tokens,
// cost) and tokens and cost by model. The numbers come from public.run_metrics (SQL, as the
// caller), so the dashboard and a psql session agree.
import { createRoute, z } from "@hono/zod-openapi";
import { one } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import { asCaller, errorResponses, json, security } from "../schemas.ts";

const daySchema = z.object({
  day: z.string().openapi({ example: "2026-12-01" }),
  runs: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int().openapi({ description: "error or timeout" }),
  p50_latency_ms: z.number().nullable(),
  p95_latency_ms: z.number().nullable(),
  tokens: z.number(),
  cost_usd: z.number(),
}).openapi("MetricsDay");

const modelSchema = z.object({
  model: z.string(),
  runs: z.number().int(),
  input_tokens: z.number(),
  output_tokens: z.number(),
  total_tokens: z.number(),
  cost_usd: z.number(),
}).openapi("MetricsModel");

const metricsSchema = z.object({
  days: z.number().int(),
  from: z.string(),
  to: z.string(),
  totals: z.object({ runs: z.number().int(), tokens: z.number(), cost_usd: z.number() }),
  per_day: z.array(daySchema),
  by_model: z.array(modelSchema),
}).openapi("Metrics");

const metrics = createRoute({
  method: "get",
  path: "/metrics",
  tags: ["runs"],
  security,
  request: {
    query: z.object({
      days: z.coerce.number().int().min(1).max(90).default(30).openapi({ example: 30 }),
    }),
  },
  responses: { 200: json(metricsSchema), ...errorResponses },
});

export const metricsRoutes: RouteModule = (app, deps) => {
  app.openapi(metrics, async (c) => {
    const { days } = c.req.valid("query");
    const rows = await asCaller(deps, c, (tx) =>
      tx<{ metrics: z.infer<typeof metricsSchema> }[]>`
        select public.run_metrics(${days}::int) as metrics`);
    return c.json(one(rows).metrics, 200);
  });
};
