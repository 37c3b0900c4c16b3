// The admin area: /admin/*. Admin rights are SQL's (private.is_admin() reads the caller's own
// profile; no JWT claim counts). A caller who is not an admin, with a session or an API key, gets
// the 404 of a route that does not exist, before any route runs; the admin_* SQL functions check
// again themselves. Changing a user (PATCH /admin/users/:id) also needs a signed-in session.
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { one } from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { AppEnv, RouteModule } from "../context.ts";
import type { Deps } from "../deps.ts";
import { planSchema, runStatusSchema, userRoleSchema } from "../contract.ts";
import { asCaller, errorResponses, idParam, json, jsonBody, security } from "../schemas.ts";
import { auditEntrySchema } from "./activity.ts";
import { requireScope } from "../key_scope.ts";
import {
  cursorOffset,
  cursorSequence,
  cursorTimestamp,
  cursorUuid,
  decodeCursor,
  newestFirstPage,
  page,
  pageOf,
  pageQuery,
} from "../pagination.ts";

const adminUserSchema = z.object({
  user_id: z.string(),
  email: z.string().nullable(),
  display_name: z.string().nullable(),
  role: userRoleSchema,
  plan: planSchema,
  disabled_at: z.string().nullable(),
  disabled_reason: z.string().nullable(),
  created_at: z.string(),
  runs_total: z.number().int(),
  runs_this_month: z.number().int(),
  cost_total_usd: z.number(),
  cost_this_month_usd: z.number(),
  last_run_at: z.string().nullable(),
}).openapi("AdminUser");

const adminRunSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  email: z.string().nullable(),
  prompt_id: z.string().nullable(),
  kind: z.string(),
  model: z.string(),
  provider_id: z.string().nullable(),
  status: runStatusSchema,
  cost_usd: z.number().nullable(),
  latency_ms: z.number().int().nullable(),
  input_tokens: z.number().nullable(),
  output_tokens: z.number().nullable(),
  error_message: z.string().nullable(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
}).openapi("AdminRun");

const dashboardSchema = z.object({
  days: z.number().int(),
  users: z.number().int(),
  disabled_users: z.number().int(),
  cost_by_model: z.array(z.object({
    model: z.string(),
    runs: z.number().int(),
    input_tokens: z.number(),
    output_tokens: z.number(),
    cost_usd: z.number(),
  })).openapi({ description: "This calendar month (UTC)" }),
  per_day: z.array(z.object({
    day: z.string(),
    runs: z.number().int(),
    failed: z.number().int(),
    cost_usd: z.number(),
    users: z.number().int(),
  })),
  top_users: z.array(z.object({
    user_id: z.string(),
    email: z.string().nullable(),
    plan: planSchema,
    runs: z.number().int(),
    cost_usd: z.number(),
  })).openapi({ description: "By cost this month, at most 10" }),
  errors_by_provider: z.array(z.object({
    provider_id: z.string(),
    runs: z.number().int(),
    errors: z.number().int(),
    timeouts: z.number().int(),
    last_error_at: z.string().nullable(),
  })).openapi({ description: "The last 30 days" }),
}).openapi("AdminDashboard");

const forbidden = {
  403: {
    description: "session_required: changing a user needs a signed-in session, not an API key",
    content: {
      "application/json": { schema: z.object({ error: z.object({ code: z.string() }) }) },
    },
  },
} as const;

const adminAuditEntrySchema = auditEntrySchema.extend({
  subject_email: z.string().nullable()
    .openapi({ description: "The email of the user whose data changed; null for shared data" }),
}).openapi("AdminAuditEntry");

const tags = ["admin"];
// The users list pages by offset (see cursorOffset); no admin reads past this many.
const MAX_USERS_OFFSET = 100_000;

const dashboard = createRoute({
  method: "get",
  path: "/admin/dashboard",
  tags,
  security,
  summary: "Cost by model, runs and cost per day, top users, errors by provider",
  request: {
    query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
  },
  responses: { 200: json(dashboardSchema), ...errorResponses },
});

const listUsers = createRoute({
  method: "get",
  path: "/admin/users",
  tags,
  security,
  summary: "Users with plan, role, usage and cost",
  request: {
    query: z.object({
      search: z.string().trim().min(1).max(200).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: pageQuery.cursor,
    }),
  },
  responses: { 200: json(pageOf(adminUserSchema)), ...errorResponses },
});

const updateUser = createRoute({
  method: "patch",
  path: "/admin/users/{id}",
  tags,
  security,
  summary: "Change a user's plan or role, or disable them (audited)",
  request: {
    params: idParam,
    ...jsonBody(
      z.object({
        plan: planSchema.optional(),
        role: userRoleSchema.optional(),
        disabled: z.boolean().optional(),
        reason: z.string().trim().min(1).max(500).optional(),
      }).strict().refine((b) => Object.keys(b).length > 0, {
        message: "give at least one of plan, role, disabled",
      }).openapi("AdminUserUpdate"),
    ),
  },
  responses: { 200: json(adminUserSchema), ...errorResponses, ...forbidden },
});

const listRuns = createRoute({
  method: "get",
  path: "/admin/runs",
  tags,
  security,
  summary: "Every user's runs, newest first, with filters",
  request: {
    query: z.object({
      user_id: z.uuid().optional(),
      status: runStatusSchema.optional(),
      model: z.string().min(1).max(200).optional(),
      provider_id: z.string().min(1).max(100).optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: pageQuery.cursor,
    }),
  },
  responses: {
    200: json(pageOf(adminRunSchema)),
    ...errorResponses,
  },
});

const listAudit = createRoute({
  method: "get",
  path: "/admin/audit",
  tags,
  security,
  summary: "Every user's audit log entries, newest first",
  request: {
    query: z.object({
      user_id: z.uuid().optional(),
      table: z.string().min(1).max(100).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: pageQuery.cursor,
    }),
  },
  responses: {
    200: json(pageOf(adminAuditEntrySchema)),
    ...errorResponses,
  },
});

const healthSchema = z.object({
  health: z.object({
    status: z.enum(["ok", "degraded"]),
    checked_at: z.string(),
    postgres_version: z.string(),
    database_bytes: z.number(),
    integrity_issues: z.number().int(),
    security_errors: z.number().int(),
    stuck_runs: z.number().int(),
    runs_last_hour: z.number().int(),
    jobs: z.array(z.object({
      job: z.string(),
      schedule: z.string(),
      active: z.boolean(),
      last_status: z.string().nullable(),
      last_run_at: z.string().nullable(),
    })),
    failed_jobs: z.array(z.record(z.string(), z.unknown())),
  }),
  integrity: z.array(z.object({
    check_name: z.string(),
    description: z.string(),
    issues: z.number().int(),
    sample: z.array(z.string()),
  })),
  security: z.array(z.object({
    check_name: z.string(),
    severity: z.enum(["error", "warning"]),
    object_name: z.string(),
    detail: z.string(),
  })),
  stats: z.object({
    database_bytes: z.number(),
    connections: z.number().int(),
    tables: z.array(z.record(z.string(), z.unknown())),
    indexes: z.array(z.record(z.string(), z.unknown())),
  }),
}).openapi("AdminHealth");

const health = createRoute({
  method: "get",
  path: "/admin/health",
  tags,
  security,
  summary: "health_check, integrity_check, security_audit and get_database_stats",
  responses: { 200: json(healthSchema), ...errorResponses },
});

/**
 * Non-admins (by session or API key) are answered as if /admin/* did not exist; an admin's key
 * needs the admin scope.
 */
function adminsOnly(deps: Deps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const rows = await asCaller(
      deps,
      c,
      (tx) => tx<{ admin: boolean }[]>`select private.is_admin() as admin`,
    );
    if (!one(rows).admin) throw new ApiError(404, "not_found", "no such route");
    // An admin's API key reaches the admin area only with the admin scope (key_scope.ts).
    requireScope(c.get("caller"), "admin");
    await next();
  };
}

const num = (v: unknown) => (v === null || v === undefined ? v : Number(v));

export const adminRoutes: RouteModule = (app, deps) => {
  app.use("/admin/*", adminsOnly(deps));

  app.openapi(dashboard, async (c) => {
    const { days } = c.req.valid("query");
    const rows = await asCaller(deps, c, (tx) =>
      tx<{ d: z.infer<typeof dashboardSchema> }[]>`
        select public.admin_dashboard(${days}::int) as d`);
    return c.json(one(rows).d, 200);
  });

  app.openapi(health, async (c) => {
    const out = await asCaller(deps, c, async (tx) => {
      const hs = await tx<{ h: z.infer<typeof healthSchema>["health"] }[]>`
        select public.health_check() as h`;
      const integrity = await tx<z.infer<typeof healthSchema>["integrity"]>`
        select check_name, description, issues::int as issues, sample
        from public.integrity_check()`;
      const security = await tx<z.infer<typeof healthSchema>["security"]>`
        select * from public.security_audit()`;
      const ss = await tx<{ s: z.infer<typeof healthSchema>["stats"] }[]>`
        select public.get_database_stats() as s`;
      return { health: one(hs).h, integrity, security, stats: one(ss).s };
    });
    return c.json(out, 200);
  });

  app.openapi(listUsers, async (c) => {
    const q = c.req.valid("query");
    const offset = cursorOffset(q.cursor, MAX_USERS_OFFSET);
    const withNext = q.limit + 1; // one row more: is there a next page?
    const rows = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof adminUserSchema>[]>`
        select * from public.admin_users(${q.search ?? null}, ${withNext}::int, ${offset}::int)`);
    const { items, next_cursor } = page(rows, q.limit, () => [String(offset + q.limit)]);
    return c.json({ items: items.map(userOut), next_cursor }, 200);
  });

  app.openapi(updateUser, async (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    const rows = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof adminUserSchema>[]>`
        select * from public.admin_set_user(${id}::uuid, ${b.plan ?? null}::public.plan,
          ${b.role ?? null}::public.user_role, ${b.disabled ?? null}::boolean,
          ${b.reason ?? null}::text)`);
    return c.json(userOut(one(rows)), 200);
  });

  app.openapi(listRuns, async (c) => {
    const q = c.req.valid("query");
    const after = decodeCursor(q.cursor, 2);
    const rows = await asCaller(deps, c, (tx) => {
      const afterAt = after ? cursorTimestamp(tx, after[0]) : tx`null::timestamptz`;
      const afterId = after ? cursorUuid(tx, after[1]) : tx`null::uuid`;
      return tx<(z.infer<typeof adminRunSchema> & { created_at_text: string })[]>`
        select a.*, a.created_at::text as created_at_text
        from public.admin_runs(${q.user_id ?? null}::uuid,
          ${q.status ?? null}::public.run_status, ${q.model ?? null}::text,
          ${q.provider_id ?? null}::text, ${q.since ?? null}::timestamptz,
          ${q.until ?? null}::timestamptz, ${q.limit + 1}::int, ${afterAt}, ${afterId}) a`;
    });
    const { items, next_cursor } = newestFirstPage(rows, q.limit);
    return c.json({
      next_cursor,
      items: items.map((r) => ({
        ...r,
        cost_usd: num(r.cost_usd) as number | null,
        input_tokens: num(r.input_tokens) as number | null,
        output_tokens: num(r.output_tokens) as number | null,
      })),
    }, 200);
  });

  app.openapi(listAudit, async (c) => {
    const q = c.req.valid("query");
    const before = cursorSequence(q.cursor);
    const rows = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof adminAuditEntrySchema>[]>`
        with entries as (
          select id::int, occurred_at, actor_id, actor_role, api_key_id, subject_user_id,
            table_name, record_id, action, before, after, changed_columns
          from public.audit_log
          where (${q.user_id ?? null}::uuid is null or subject_user_id = ${q.user_id ?? null}::uuid)
            and (${q.table ?? null}::text is null or table_name = ${q.table ?? null}::text)
            and (${before}::bigint is null or id < ${before}::bigint)
          order by id desc
          limit ${q.limit + 1}
        )
        -- The page's users' emails in one call, not one per entry.
        select entries.*, e.email as subject_email
        from entries
        left join public.admin_user_emails(
          array(select distinct subject_user_id from entries where subject_user_id is not null)
        ) e on e.user_id = entries.subject_user_id
        order by entries.id desc`);
    return c.json(page(rows, q.limit, (r) => [String(r.id)]), 200);
  });
};

function userOut(u: z.infer<typeof adminUserSchema>): z.infer<typeof adminUserSchema> {
  return {
    ...u,
    cost_total_usd: Number(u.cost_total_usd),
    cost_this_month_usd: Number(u.cost_this_month_usd),
  };
}
