// GET /usage: today's (UTC) runs and cost from SQL, and what is left of the plan's daily quota
// from the quota counters the run engine spends (Upstash). When the quota service does not
// answer this is a 503 like a run would be, rather than a guess at the remaining count.
import { createRoute, z } from "@hono/zod-openapi";
import { one } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import { type Plan, planSchema } from "../contract.ts";
import { createQuota } from "../quota.ts";
import { asCaller, errorResponses, json, security } from "../schemas.ts";

const usageSchema = z.object({
  day: z.string().openapi({ example: "2026-12-01", description: "The UTC day counted" }),
  plan: planSchema,
  daily_limit: z.number().int(),
  remaining: z.number().int(),
  resets_at: z.string(),
  runs_today: z.number().int().openapi({
    description: "Runs of your prompts today (improvements count in cost and quota, not here)",
  }),
  cost_usd_today: z.number().openapi({ description: "Every model call today, improvements too" }),
}).openapi("Usage");

const usage = createRoute({
  method: "get",
  path: "/usage",
  tags: ["runs"],
  security,
  responses: { 200: json(usageSchema), ...errorResponses },
});

export const usageRoutes: RouteModule = (app, deps) => {
  const quota = createQuota(deps);
  app.openapi(usage, async (c) => {
    const caller = c.get("caller");
    const rows = await asCaller(
      deps,
      c,
      (tx) =>
        tx<{ day: string; plan: Plan | null; runs: number; cost: string }[]>`
        with bounds as (
          select (now() at time zone 'utc')::date as day,
                 date_trunc('day', now() at time zone 'utc') at time zone 'utc' as since)
        select b.day::text as day,
               (select p.plan from public.profiles p where p.id = ${caller.userId}) as plan,
               (select count(*)::int from public.runs r
                 where r.created_at >= b.since and r.kind = 'prompt') as runs,
               (select coalesce(sum(r.cost_usd), 0)::text from public.runs r
                 where r.created_at >= b.since) as cost
        from bounds b`,
    );
    const today = one(rows); // from bounds: always one row
    const plan: Plan = today.plan ?? "free";
    const left = await quota.remaining(caller.userId, plan);
    return c.json({
      day: today.day,
      plan,
      daily_limit: deps.config.quota.daily[plan],
      remaining: Math.max(0, left.remaining),
      resets_at: new Date(left.reset).toISOString(),
      runs_today: today.runs,
      cost_usd_today: Number(today.cost),
    }, 200);
  });
};
