// GET /search: ranked full-text search over the caller's prompts, with <mark> snippets and a
// typo fallback, all in SQL (search_prompts). Its cursor ("score:id") passes through as is.
import { createRoute, z } from "@hono/zod-openapi";
import type { RouteModule } from "../context.ts";
import { tagNameSchema } from "../prompt_schemas.ts";
import { asCaller, errorResponses, json, security } from "../schemas.ts";
import { pageOf } from "../pagination.ts";

const searchResultSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  catalog_id: z.uuid().nullable(),
  rank: z.number(),
  snippet: z.string().nullable().openapi({
    description: "HTML-escaped text in which the only markup is <mark>…</mark>",
  }),
  updated_at: z.string(),
}).openapi("SearchResult");

const search = createRoute({
  method: "get",
  path: "/search",
  tags: ["search"],
  security,
  request: {
    query: z.object({
      q: z.string().trim().min(1).max(500).openapi({ example: "ethereum developer" }),
      catalog_id: z.uuid().optional(),
      tag: tagNameSchema.optional(),
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(200).optional(),
    }),
  },
  responses: {
    200: json(
      pageOf(searchResultSchema),
      "Best matches first",
    ),
    ...errorResponses,
  },
});

type Row = z.infer<typeof searchResultSchema> & { next_cursor: string | null };

export const searchRoutes: RouteModule = (app, deps) => {
  app.openapi(search, async (c) => {
    const { q, catalog_id, tag, limit, cursor } = c.req.valid("query");
    const rows = await asCaller(deps, c, (tx) =>
      tx<Row[]>`
        select id, title, catalog_id, rank, snippet, updated_at, next_cursor
        from public.search_prompts(
          query => ${q}, catalog_id => ${catalog_id ?? null}, tag => ${tag ?? null},
          result_limit => ${limit}, cursor => ${cursor ?? null})`);
    const next = rows.at(-1)?.next_cursor ?? null;
    return c.json({ items: rows.map(({ next_cursor: _, ...r }) => r), next_cursor: next }, 200);
  });
};
