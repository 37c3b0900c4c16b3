// Plans for admins: /admin/plans shows each plan's limits (how large a rendered prompt may be,
// how many tokens a run may ask for, which model tiers it runs) and the runs a day it allows;
// admins change the limits here instead of in Studio. They apply from the
// next run (prepare_run reads them on every run). The runs a day are the deployment's
// (QUOTA_DAILY_* in the functions' environment, metered in Upstash), shown here, not changed.
// Every change is in the audit log (plan_limits is audited); the table's checks bound them too.
import { createRoute, z } from "@hono/zod-openapi";
import { one, type Tx } from "../../_shared/db.ts";
import { notFound } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import { modelTierSchema, type Plan, planSchema } from "../contract.ts";
import { asCaller, errorResponses, json, jsonBody, security } from "../schemas.ts";

const planLimitsSchema = z.object({
  plan: planSchema,
  max_prompt_chars: z.number().int()
    .openapi({ description: "The most characters a rendered prompt may have" }),
  max_output_tokens: z.number().int()
    .openapi({ description: "The most output tokens a run may ask for" }),
  model_tiers: z.array(modelTierSchema).openapi({ description: "The model tiers it runs" }),
  runs_per_day: z.number().int()
    .openapi({ description: "Runs per user per UTC day: the deployment's (QUOTA_DAILY_*)" }),
  updated_at: z.string(),
}).openapi("AdminPlan");
type PlanLimits = z.infer<typeof planLimitsSchema>;

const planUpdate = z.object({
  max_prompt_chars: z.number().int().min(1).max(10_000_000).optional(),
  max_output_tokens: z.number().int().min(1).max(1_000_000).optional(),
  model_tiers: z.array(modelTierSchema).min(1).max(3)
    .refine((t) => new Set(t).size === t.length, "each tier once").optional(),
}).strict().refine((b) => Object.keys(b).length > 0, {
  message: "give at least one of max_prompt_chars, max_output_tokens, model_tiers",
}).openapi("PlanUpdate");

const tags = ["admin"];

const list = createRoute({
  method: "get",
  path: "/admin/plans",
  tags,
  security,
  summary: "Each plan's limits and its runs a day",
  responses: { 200: json(z.object({ items: z.array(planLimitsSchema) })), ...errorResponses },
});

const update = createRoute({
  method: "patch",
  path: "/admin/plans/{plan}",
  tags,
  security,
  summary: "Change a plan's limits (audited; from the next run)",
  request: {
    params: z.object({ plan: planSchema.openapi({ param: { name: "plan", in: "path" } }) }),
    ...jsonBody(planUpdate),
  },
  responses: { 200: json(planLimitsSchema), ...errorResponses },
});

/** Every plan's limits, or one plan's, as admins see them (runs a day added by the caller). */
function readPlans(tx: Tx, plan: Plan | null) {
  return tx<Omit<PlanLimits, "runs_per_day">[]>`
    select l.plan, l.max_prompt_chars, l.max_output_tokens, l.model_tiers::text[] as model_tiers,
      to_jsonb(l.updated_at) #>> '{}' as updated_at
    from public.plan_limits l
    where ${plan === null ? tx`true` : tx`l.plan = ${plan}::public.plan`}
    order by l.plan`;
}

export const adminPlanRoutes: RouteModule = (app, deps) => {
  const withRunsPerDay = (rows: Omit<PlanLimits, "runs_per_day">[]): PlanLimits[] =>
    rows.map((r) => ({ ...r, runs_per_day: deps.config.quota.daily[r.plan] }));

  app.openapi(list, async (c) => {
    const rows = await asCaller(deps, c, (tx) => readPlans(tx, null));
    return c.json({ items: withRunsPerDay(rows) }, 200);
  });

  app.openapi(update, async (c) => {
    const { plan } = c.req.valid("param");
    const b = c.req.valid("json");
    const rows = await asCaller(deps, c, async (tx) => {
      const [row] = await tx`
        update public.plan_limits set
          max_prompt_chars = coalesce(${b.max_prompt_chars ?? null}::int, max_prompt_chars),
          max_output_tokens = coalesce(${b.max_output_tokens ?? null}::int, max_output_tokens),
          model_tiers = coalesce(
            ${b.model_tiers ? tx.array(b.model_tiers) : null}::text[]::public.model_tier[],
            model_tiers)
        where plan = ${plan}::public.plan
        returning plan`;
      if (!row) throw notFound("plan");
      return await readPlans(tx, plan);
    });
    return c.json(one(withRunsPerDay(rows)), 200);
  });
};
