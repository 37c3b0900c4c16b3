// GET /activity: the caller's own audit log entries (what changed in their account, by whom),
// newest first. The entries are written by triggers (audit_log); this only reads them as the
// caller, and asks for the caller's own even when the caller is an admin (who may read all of
// them under RLS, at /admin/audit).
import { createRoute, z } from "@hono/zod-openapi";
import type { RouteModule } from "../context.ts";
import { asCaller, errorResponses, json, security } from "../schemas.ts";
import {
  cursorInteger,
  cursorTimestamp,
  decodeCursor,
  page,
  pageOf,
  pageQuery,
} from "../pagination.ts";

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
    // The cursor holds the last entry's (occurred_at, id), the list's own order, not just its id:
    // an id alone is not a place in it (an entry can be written after another yet stamped
    // earlier, by a longer transaction), and looking the entry up would end the list early once
    // retention has pruned it between two pages.
    const after = decodeCursor(q.cursor, 2);
    const rows = await asCaller(
      deps,
      c,
      (tx) =>
        tx<(z.infer<typeof auditEntrySchema> & { occurred_at_text: string })[]>`
        select id::int, occurred_at, occurred_at::text as occurred_at_text, actor_id, actor_role,
          api_key_id, subject_user_id, table_name, record_id, action, before, after,
          changed_columns
        from public.audit_log
        where subject_user_id = (select auth.uid())
          and ${
          after
            ? tx`(occurred_at, id) < (${cursorTimestamp(tx, after[0])}, ${
              cursorInteger(after[1])
            }::bigint)`
            : tx`true`
        }
        order by subject_user_id, occurred_at desc, id desc
        limit ${q.limit + 1}`,
    );
    const { items, next_cursor } = page(rows, q.limit, (r) => [r.occurred_at_text, String(r.id)]);
    return c.json({ items: items.map(({ occurred_at_text: _, ...e }) => e), next_cursor }, 200);
  });
};
