// GET /activity: the caller's own audit log entries (what changed in their account, by whom),
// newest first. The entries are written by triggers (audit_log); this only reads them as the
// caller, and asks for the caller's own even when the caller is an admin (who may read all of
// them under RLS, at /admin/audit).
import { createRoute, z } from "@hono/zod-openapi";
import type { RouteModule } from "../context.ts";
import { asCaller, errorResponses, json, security } from "../schemas.ts";
import { cursorSequence, page, pageOf, pageQuery } from "../pagination.ts";

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
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: pageQuery.cursor,
    }),
  },
  responses: {
    200: json(pageOf(auditEntrySchema).openapi("Activity")),
    ...errorResponses,
  },
});

export const activityRoutes: RouteModule = (app, deps) => {
  app.openapi(activity, async (c) => {
    const q = c.req.valid("query");
    const after = cursorSequence(q.cursor);
    const rows = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof auditEntrySchema>[]>`
        select id::int, occurred_at, actor_id, actor_role, api_key_id, subject_user_id,
          table_name, record_id, action, before, after, changed_columns
        from public.audit_log
        where subject_user_id = (select auth.uid())
          -- After the cursor's entry in this very order (a smaller id alone is not: an entry can
          -- be written after another yet stamped earlier, by a longer transaction).
          and (${after}::bigint is null or (occurred_at, id) < (
            select b.occurred_at, b.id from public.audit_log b where b.id = ${after}::bigint))
        order by subject_user_id, occurred_at desc, id desc
        limit ${q.limit + 1}`);
    return c.json(page(rows, q.limit, (r) => [String(r.id)]), 200);
  });
};
