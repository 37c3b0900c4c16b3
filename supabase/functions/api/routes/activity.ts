// GET /activity: the caller's own audit log entries (what changed in their account, by whom),
// newest first. The entries are written by triggers (audit_log); this only reads them as the
// caller, and asks for the caller's own even when the caller is an admin (who may read all of
// them under RLS, at /admin/audit).
import { createRoute, z } from "@hono/zod-openapi";
import type { RouteModule } from "../context.ts";
import { asCaller, errorResponses, json, security } from "../schemas.ts";

export const auditEntrySchema = z.object({
  id: z.number().int(),
  occurred_at: z.string(),
  actor_id: z.string().nullable()
    .openapi({ description: "Who made the change; null from Studio, psql or a job" }),
  actor_role: z.string().openapi({ description: "authenticated, service_role or postgres" }),
  api_key_id: z.string().nullable(),
  subject_user_id: z.string().nullable(),
  table_name: z.string(),
  record_id: z.string().nullable(),
  action: z.enum(["insert", "update", "delete"]),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  changed_columns: z.array(z.string()).nullable(),
}).openapi("AuditEntry");

const activity = createRoute({
  method: "get",
  path: "/activity",
  tags: ["activity"],
  security,
  summary: "The caller's audit log entries, newest first",
  request: {
    query: z.object({
      before: z.coerce.number().int().positive().optional()
        .openapi({ description: "An entry's id: the entries after it, newest first" }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: json(z.object({ entries: z.array(auditEntrySchema) }).openapi("Activity")),
    ...errorResponses,
  },
});

export const activityRoutes: RouteModule = (app, deps) => {
  app.openapi(activity, async (c) => {
    const q = c.req.valid("query");
    const rows = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof auditEntrySchema>[]>`
        select id::int, occurred_at, actor_id, actor_role, api_key_id, subject_user_id,
          table_name, record_id, action, before, after, changed_columns
        from public.audit_log
        where subject_user_id = (select auth.uid())
          -- After the entry named by before in this very order (a smaller id alone is not: an
          -- entry can be written after another yet stamped earlier, by a longer transaction).
          and (${q.before ?? null}::bigint is null or (occurred_at, id) < (
            select b.occurred_at, b.id from public.audit_log b
            where b.id = ${q.before ?? null}::bigint))
        order by subject_user_id, occurred_at desc, id desc
        limit ${q.limit}`);
    return c.json({ entries: rows }, 200);
  });
};
