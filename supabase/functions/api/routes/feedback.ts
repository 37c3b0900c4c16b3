// Feedback (seed 004): POST /feedback from any page, GET /feedback (the caller's own, with the
// admins' response), GET /feedback/categories; and the admins' triage under /admin/feedback
// (registered after the admin routes, so their admins-only 404 guards these too). Who answered
// and when, and when it was resolved, are stamped by SQL (a trigger), as is the audit entry.
import { createRoute, z } from "@hono/zod-openapi";
import { one } from "../../_shared/db.ts";
import { notFound } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import {
  feedbackPrioritySchema as priority,
  feedbackStatusSchema as status,
  feedbackTypeSchema as feedbackType,
} from "../contract.ts";
import { asCaller, errorResponses, idParam, json, jsonBody, security } from "../schemas.ts";
import { decodeCursor, newestFirstPage, olderThan, pageOf, pageQuery } from "../pagination.ts";

const info = z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean()]))
  .refine((o) => Object.keys(o).length <= 30, { message: "at most 30 entries" });

const feedbackSchema = z.object({
  id: z.string(),
  feedback_type: feedbackType,
  priority,
  status,
  category_id: z.string().nullable(),
  category: z.string().nullable(),
  message: z.string(),
  rating: z.number().int().nullable(),
  prompt_id: z.string().nullable(),
  run_id: z.string().nullable(),
  page: z.string().nullable(),
  admin_response: z.string().nullable(),
  responded_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Feedback");

const adminFeedbackSchema = feedbackSchema.extend({
  user_id: z.string(),
  email: z.string().nullable(),
  user_agent: z.string().nullable(),
  browser_info: z.record(z.string(), z.unknown()).nullable(),
  device_info: z.record(z.string(), z.unknown()).nullable(),
  responder_id: z.string().nullable(),
  tags: z.array(z.string()),
}).openapi("AdminFeedback");

const categorySchema = z.object({
  id: z.string(),
  parent_id: z.string().nullable(),
  name: z.string(),
  description: z.string().nullable(),
  path: z.string().openapi({ example: "Product / Runs" }),
}).openapi("FeedbackCategory");

const analyticsDaySchema = z.object({
  day: z.string(),
  total_feedback: z.number().int(),
  resolved_feedback: z.number().int(),
  avg_response_time_hours: z.number().nullable(),
  avg_rating: z.number().nullable(),
  feedback_by_type: z.record(z.string(), z.number()),
  feedback_by_priority: z.record(z.string(), z.number()),
}).openapi("FeedbackAnalyticsDay");

const newFeedback = z.object({
  feedback_type: feedbackType.default("general"),
  priority: priority.default("medium"),
  message: z.string().trim().min(1).max(5000),
  rating: z.number().int().min(1).max(5).nullable().optional(),
  category_id: z.uuid().nullable().optional(),
  prompt_id: z.uuid().nullable().optional(),
  run_id: z.uuid().nullable().optional(),
  page: z.string().max(500).nullable().optional(),
  user_agent: z.string().max(1000).nullable().optional()
    .openapi({ description: "Defaults to the request's User-Agent" }),
  browser_info: info.nullable().optional(),
  device_info: info.nullable().optional(),
}).strict().openapi("FeedbackCreate");

const triage = z.object({
  status: status.optional(),
  priority: priority.optional(),
  category_id: z.uuid().nullable().optional(),
  response: z.string().trim().min(1).max(5000).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
}).strict().refine((b) => Object.keys(b).length > 0, {
  message: "give at least one of status, priority, category_id, response, tags",
}).openapi("FeedbackTriage");

const create = createRoute({
  method: "post",
  path: "/feedback",
  tags: ["feedback"],
  security,
  summary: "Send feedback",
  request: jsonBody(newFeedback),
  responses: { 201: json(feedbackSchema, "Sent"), ...errorResponses },
});

const listOwn = createRoute({
  method: "get",
  path: "/feedback",
  tags: ["feedback"],
  security,
  summary: "The caller's feedback and the admins' responses, newest first",
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(50),
      cursor: pageQuery.cursor,
    }),
  },
  responses: {
    200: json(pageOf(feedbackSchema)),
    ...errorResponses,
  },
});

const categories = createRoute({
  method: "get",
  path: "/feedback/categories",
  tags: ["feedback"],
  security,
  summary: "Active feedback categories, parents before children",
  responses: {
    200: json(z.object({ items: z.array(categorySchema) })),
    ...errorResponses,
  },
});

const adminList = createRoute({
  method: "get",
  path: "/admin/feedback",
  tags: ["admin"],
  security,
  summary: "All feedback, newest first, with filters",
  request: {
    query: z.object({
      status: status.optional(),
      feedback_type: feedbackType.optional(),
      priority: priority.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: pageQuery.cursor,
    }),
  },
  responses: {
    200: json(pageOf(adminFeedbackSchema)),
    ...errorResponses,
  },
});

const adminTriage = createRoute({
  method: "patch",
  path: "/admin/feedback/{id}",
  tags: ["admin"],
  security,
  summary: "Triage feedback: status, priority, category, tags, response",
  request: { params: idParam, ...jsonBody(triage) },
  responses: { 200: json(adminFeedbackSchema), ...errorResponses },
});

const adminAnalytics = createRoute({
  method: "get",
  path: "/admin/feedback/analytics",
  tags: ["admin"],
  security,
  summary: "Feedback per day (feedback_analytics, refreshed by pg_cron)",
  request: {
    query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
  },
  responses: {
    200: json(z.object({ days: z.array(analyticsDaySchema) })),
    ...errorResponses,
  },
});

type Row = z.infer<typeof adminFeedbackSchema>;

const columns = (admin: boolean) =>
  `f.id, f.feedback_type, f.priority, f.status, f.category_id, c.name as category, f.message,
   f.rating, f.prompt_id, f.run_id, f.page, f.admin_response, f.responded_at, f.resolved_at,
   f.created_at, f.updated_at` + (admin
    ? `, f.user_id, e.email, f.user_agent, f.browser_info, f.device_info,
       f.responder_id, coalesce((select array_agg(t.name order by t.name)
         from public.feedback_tag_links l join public.feedback_tags t on t.id = l.tag_id
         where l.feedback_id = f.id), '{}') as tags`
    : "");

export const feedbackRoutes: RouteModule = (app, deps) => {
  app.openapi(create, async (c) => {
    const b = c.req.valid("json");
    const rows = await asCaller(deps, c, async (tx) => {
      const made = one(
        await tx<{ id: string }[]>`
        insert into public.feedback (feedback_type, priority, message, rating, category_id,
          prompt_id, run_id, page, user_agent, browser_info, device_info)
        values (${b.feedback_type}, ${b.priority}, ${b.message}, ${b.rating ?? null},
          ${b.category_id ?? null}, ${b.prompt_id ?? null}, ${b.run_id ?? null},
          ${b.page ?? null}, ${b.user_agent ?? c.req.header("user-agent")?.slice(0, 1000) ?? null},
          ${b.browser_info ? tx.json(b.browser_info) : null},
          ${b.device_info ? tx.json(b.device_info) : null})
        returning id`,
      );
      return await tx.unsafe<Row[]>(
        `select ${columns(false)} from public.feedback f
         left join public.feedback_categories c on c.id = f.category_id where f.id = $1`,
        [made.id],
      );
    });
    return c.json(one(rows), 201);
  });

  app.openapi(listOwn, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 2);
    const rows = await asCaller(deps, c, (tx) =>
      tx<(Row & { created_at_text: string })[]>`
        select ${tx.unsafe(columns(false))}, f.created_at::text as created_at_text
        from public.feedback f
        left join public.feedback_categories c on c.id = f.category_id
        where f.user_id = (select auth.uid()) and ${olderThan(tx, "f", after)}
        order by f.created_at desc, f.id desc limit ${limit + 1}`);
    const { items, next_cursor } = newestFirstPage(rows, limit);
    return c.json({ items, next_cursor }, 200);
  });

  app.openapi(categories, async (c) => {
    const rows = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof categorySchema>[]>`
        with recursive tree as (
          select id, parent_id, name, description, name as path, array[sort_order] as ord
          from public.feedback_categories where parent_id is null and is_active
          union all
          select k.id, k.parent_id, k.name, k.description, tree.path || ' / ' || k.name,
            tree.ord || k.sort_order
          from public.feedback_categories k join tree on k.parent_id = tree.id
          where k.is_active and cardinality(tree.ord) < 10
        )
        select id, parent_id, name, description, path from tree order by ord, path`);
    return c.json({ items: rows }, 200);
  });
};

export const adminFeedbackRoutes: RouteModule = (app, deps) => {
  app.openapi(adminList, async (c) => {
    const q = c.req.valid("query");
    const after = decodeCursor(q.cursor, 2);
    const rows = await asCaller(deps, c, (tx) =>
      tx<(Row & { created_at_text: string })[]>`
        select ${tx.unsafe(columns(true))}, f.created_at::text as created_at_text
        from public.feedback f
        left join public.feedback_categories c on c.id = f.category_id
        left join public.admin_user_emails(array[f.user_id]) e on true
        where (${q.status ?? null}::public.feedback_status is null or f.status = ${
        q.status ?? null
      })
          and (${q.feedback_type ?? null}::public.feedback_type is null
            or f.feedback_type = ${q.feedback_type ?? null})
          and (${q.priority ?? null}::public.feedback_priority is null
            or f.priority = ${q.priority ?? null})
          and ${olderThan(tx, "f", after)}
        order by f.created_at desc, f.id desc limit ${q.limit + 1}`);
    const { items, next_cursor } = newestFirstPage(rows, q.limit);
    return c.json({ items, next_cursor }, 200);
  });

  app.openapi(adminTriage, async (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    const rows = await asCaller(deps, c, async (tx) => {
      const set: Record<string, string | null> = {};
      if (b.status !== undefined) set.status = b.status;
      if (b.priority !== undefined) set.priority = b.priority;
      if (b.category_id !== undefined) set.category_id = b.category_id;
      if (b.response !== undefined) set.admin_response = b.response;
      const keys = Object.keys(set) as (keyof typeof set)[];
      const found = keys.length
        ? await tx`update public.feedback set ${tx(set, ...keys)} where id = ${id} returning id`
        : await tx`select id from public.feedback where id = ${id}`;
      if (!found.length) throw notFound("feedback");
      if (b.tags) await tx`select public.admin_set_feedback_tags(${id}::uuid, ${b.tags}::text[])`;
      return await tx.unsafe<Row[]>(
        `select ${columns(true)} from public.feedback f
         left join public.feedback_categories c on c.id = f.category_id
         left join public.admin_user_emails(array[f.user_id]) e on true where f.id = $1`,
        [id],
      );
    });
    return c.json(one(rows), 200);
  });

  app.openapi(adminAnalytics, async (c) => {
    const { days } = c.req.valid("query");
    const rows = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof analyticsDaySchema>[]>`
        select to_char(day, 'YYYY-MM-DD') as day, total_feedback, resolved_feedback,
          avg_response_time_hours::float8 as avg_response_time_hours,
          avg_rating::float8 as avg_rating, feedback_by_type, feedback_by_priority
        from public.feedback_analytics
        where day > (now() at time zone 'utc')::date - ${days}::int
        order by day`);
    return c.json({ days: rows }, 200);
  });
};
