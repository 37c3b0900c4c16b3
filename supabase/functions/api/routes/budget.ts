// Budgets (issue 19): GET/PUT /budget, the caller's monthly spend limit in USD, alert threshold
// and this month's recorded spend (the usage page's spend bar); PUT /admin/users/{id}/budget,
// an admin setting anyone's (RLS: user_budgets lets admins). The limit is enforced by the run
// service in Upstash (run/spend_limit.ts).
import { createRoute, z } from "@hono/zod-openapi";
import type { Tx } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import { asCaller, errorResponses, idParam, json, jsonBody, security } from "../schemas.ts";
import { notFound } from "../../_shared/errors.ts";

const budgetSchema = z.object({
  monthly_limit_usd: z.number().nullable().openapi({ description: "null: no limit" }),
  alert_ratio: z.number(),
  month: z.string().openapi({ example: "2026-12" }),
  spend_usd: z.string().openapi({ description: "Recorded spend this month (UTC), exact decimal" }),
  alerted: z.boolean().openapi({ description: "The alert threshold was crossed this month" }),
}).openapi("Budget");

const budgetBody = z.object({
  monthly_limit_usd: z.number().positive().max(1_000_000).multipleOf(0.0001).nullable(),
  alert_ratio: z.number().min(0.05).max(1).multipleOf(0.01).optional(),
}).strict().openapi("BudgetUpdate");

const get = createRoute({
  method: "get",
  path: "/budget",
  tags: ["usage"],
  security,
  responses: { 200: json(budgetSchema), ...errorResponses },
});

const put = createRoute({
  method: "put",
  path: "/budget",
  tags: ["usage"],
  security,
  request: jsonBody(budgetBody),
  responses: { 200: json(budgetSchema), ...errorResponses },
});

const adminPut = createRoute({
  method: "put",
  path: "/admin/users/{id}/budget",
  tags: ["admin"],
  security,
  request: { params: idParam, ...jsonBody(budgetBody) },
  responses: {
    200: json(budgetSchema.omit({ spend_usd: true, alerted: true })),
    ...errorResponses,
  },
});

async function setBudget(tx: Tx, userId: string, body: z.infer<typeof budgetBody>) {
  await tx`
    insert into public.user_budgets as b (user_id, monthly_limit_usd, alert_ratio)
    values (${userId}, ${body.monthly_limit_usd}, ${body.alert_ratio ?? 0.8})
    on conflict (user_id) do update set
      monthly_limit_usd = excluded.monthly_limit_usd,
      alert_ratio = coalesce(${body.alert_ratio ?? null}::numeric, b.alert_ratio),
      updated_by = (select auth.uid())`;
}

export const budgetRoutes: RouteModule = (app, deps) => {
  const read = (tx: Tx) =>
    tx<z.infer<typeof budgetSchema>[]>`
      select b.monthly_limit_usd::float8 as monthly_limit_usd,
        coalesce(b.alert_ratio, 0.80)::float8 as alert_ratio,
        to_char(now() at time zone 'UTC', 'YYYY-MM') as month,
        public.month_spend()::text as spend_usd,
        exists (select 1 from public.budget_alerts a where a.user_id = (select auth.uid())
          and a.month = date_trunc('month', now() at time zone 'UTC')::date) as alerted
      from (select 1) one
      left join public.user_budgets b on b.user_id = (select auth.uid())`;

  app.openapi(get, async (c) => {
    const [row] = await asCaller(deps, c, read);
    return c.json(row!, 200);
  });

  app.openapi(put, async (c) => {
    const body = c.req.valid("json");
    const [row] = await asCaller(deps, c, async (tx) => {
      await setBudget(tx, c.get("caller").userId, body);
      return await read(tx);
    });
    return c.json(row!, 200);
  });

  app.openapi(adminPut, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const [row] = await asCaller(deps, c, async (tx) => {
      await setBudget(tx, id, body);
      return await tx<{ monthly_limit_usd: number | null; alert_ratio: number; month: string }[]>`
        select monthly_limit_usd::float8 as monthly_limit_usd, alert_ratio::float8 as alert_ratio,
          to_char(now() at time zone 'UTC', 'YYYY-MM') as month
        from public.user_budgets where user_id = ${id}`;
    }).catch((e) => {
      // The foreign key to auth.users: no such user.
      if ((e as { code?: string }).code === "23503") throw notFound("user");
      throw e;
    });
    return c.json(row!, 200);
  });
};
