// The gallery (issue 15): public prompts, read by anyone (signed out too) under RLS, and the
// readers' part: likes, favorites and forks. Lists, search and popular are SQL (search_gallery,
// get_popular_templates); a shared prompt's page is gallery_prompt (by id, public) or
// shared_prompt (by link, public or unlisted). Running a public prompt is the ordinary
// POST /prompts/{id}/runs: charged to the runner, recorded in the runner's runs.
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../_shared/errors.ts";
import { one, type Tx } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import {
  cursorTimestamp,
  cursorUuid,
  decodeCursor,
  page,
  pageOf,
  pageQuery,
} from "../pagination.ts";
import { promptSchema } from "../prompt_schemas.ts";
import {
  categoryIdSchema,
  galleryCardSchema,
  galleryCategorySchema,
  reactionSchema,
  sharedPromptSchema,
  slugParam,
} from "../sharing_schemas.ts";
import {
  asCaller,
  asReader,
  conflictResponse,
  errorResponses,
  idParam,
  json,
  jsonBody,
  security,
} from "../schemas.ts";
import { catalogNotFound, promptDetail } from "./prompts.ts";

type Card = z.infer<typeof galleryCardSchema>;
type SharedPrompt = z.infer<typeof sharedPromptSchema>;

// Signed out or in: `security` lists both (no credentials, or a bearer token).
const readSecurity = [{}, ...security];
const tags = ["gallery"];

const list = createRoute({
  method: "get",
  path: "/gallery",
  tags,
  security: readSecurity,
  summary: "Browse (popular or newest) or search the public prompts",
  request: {
    query: z.object({
      q: z.string().trim().max(200).optional().openapi({ example: "travel guide" }),
      category: categoryIdSchema.optional(),
      sort: z.enum(["popular", "newest"]).default("popular"),
      limit: pageQuery.limit,
      cursor: z.string().max(200).optional(),
    }),
  },
  responses: { 200: json(pageOf(galleryCardSchema), "Public prompts"), ...errorResponses },
});

const categories = createRoute({
  method: "get",
  path: "/gallery/categories",
  tags,
  security: readSecurity,
  responses: {
    200: json(z.object({ items: z.array(galleryCategorySchema) }), "The active categories"),
    ...errorResponses,
  },
});

const popular = createRoute({
  method: "get",
  path: "/gallery/popular",
  tags,
  security: readSecurity,
  summary: "get_popular_templates: most liked, then most used",
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(10),
      category: categoryIdSchema.optional(),
    }),
  },
  responses: { 200: json(z.object({ items: z.array(galleryCardSchema) })), ...errorResponses },
});

const getPublic = createRoute({
  method: "get",
  path: "/gallery/{id}",
  tags,
  security: readSecurity,
  request: { params: idParam },
  responses: { 200: json(sharedPromptSchema), ...errorResponses },
});

const getShared = createRoute({
  method: "get",
  path: "/shared/{slug}",
  tags,
  security: readSecurity,
  summary: "A public or unlisted prompt through its share link",
  request: { params: slugParam },
  responses: { 200: json(sharedPromptSchema), ...errorResponses },
});

const reaction = (method: "post" | "delete", what: "like" | "favorite") =>
  createRoute({
    method,
    path: `/gallery/{id}/${what}`,
    tags,
    security,
    summary: `${method === "post" ? "Add" : "Take back"} your ${what} (idempotent)`,
    request: { params: idParam },
    responses: { 200: json(reactionSchema), ...errorResponses, ...conflictResponse },
  });

const favorites = createRoute({
  method: "get",
  path: "/favorites",
  tags,
  security,
  summary: "Your favorites that are public, most recently added first",
  request: { query: z.object({ ...pageQuery }) },
  responses: { 200: json(pageOf(galleryCardSchema)), ...errorResponses },
});

const forkBody = z.object({
  catalog_id: z.uuid().optional(),
  title: z.string().trim().min(1).max(300).optional(),
}).strict();

const forkPublic = createRoute({
  method: "post",
  path: "/gallery/{id}/fork",
  tags,
  security,
  summary: "Copy a public prompt into your library (no quota)",
  request: { params: idParam, ...jsonBody(forkBody) },
  responses: { 201: json(promptSchema, "Your new prompt"), ...errorResponses },
});

const forkShared = createRoute({
  method: "post",
  path: "/shared/{slug}/fork",
  tags,
  security,
  summary: "Copy a public or unlisted prompt, through its link, into your library",
  request: { params: slugParam, ...jsonBody(forkBody) },
  responses: { 201: json(promptSchema, "Your new prompt"), ...errorResponses },
});

const sharedNotFound = () => notFound("prompt", "no such shared prompt");

/**
 * The public prompt a like or favorite is about, as the caller sees it. Not public: 409 when it
 * is the caller's own (they can see it is not public), else 404 (nothing is revealed).
 */
async function publicPrompt(tx: Tx, id: string, what: string) {
  const [row] = await tx<{ visibility: string | null; mine: boolean }[]>`
    select (select s.visibility from public.shared_prompts s where s.prompt_id = ${id})::text
        as visibility,
      exists (select 1 from public.prompts p where p.id = ${id}) as mine`;
  if (row?.visibility === "public") return;
  if (row?.mine) {
    throw new ApiError(409, "prompt_not_public", `only a public prompt can get a ${what}`, {
      fields: [{ field: "id", message: "this prompt of yours is not public" }],
    });
  }
  throw sharedNotFound();
}

const cardColumns = (tx: Tx) =>
  tx`s.prompt_id as id, s.title, s.description, s.category_id, s.tags, s.author_name,
    s.likes_count, s.uses_count, s.forks_count, s.version_number, left(s.content, 240) as excerpt,
    s.published_at, null::real as rank`;

export const galleryRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const { q, category, sort, limit, cursor } = c.req.valid("query");
    const rows = await asReader(deps, c, (tx) =>
      tx<(Card & { next_cursor: string | null })[]>`
        select * from public.search_gallery(query => ${q ?? null}, category => ${category ?? null},
          sort => ${sort}, result_limit => ${limit}, cursor => ${cursor ?? null})`);
    const next = rows.at(-1)?.next_cursor ?? null;
    return c.json({ items: rows.map(({ next_cursor: _, ...r }) => r), next_cursor: next }, 200);
  });

  app.openapi(categories, async (c) => {
    const items = await asReader(deps, c, (tx) =>
      tx<z.infer<typeof galleryCategorySchema>[]>`
        select id, name, description from public.gallery_categories
        where is_active order by sort_order, name`);
    return c.json({ items }, 200);
  });

  app.openapi(popular, async (c) => {
    const { limit, category } = c.req.valid("query");
    const items = await asReader(deps, c, async (tx) => {
      if (category) await knownCategory(tx, category);
      return await tx<(Card & { next_cursor: null })[]>`
        select * from public.get_popular_templates(${limit}, ${category ?? null})`;
    });
    return c.json({ items: items.map(({ next_cursor: _, ...r }) => r) }, 200);
  });

  app.openapi(getPublic, async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asReader(
      deps,
      c,
      (tx) => tx<{ prompt: SharedPrompt | null }[]>`select public.gallery_prompt(${id}) as prompt`,
    );
    if (!row?.prompt) throw sharedNotFound();
    return c.json(row.prompt, 200);
  });

  app.openapi(getShared, async (c) => {
    const { slug } = c.req.valid("param");
    const [row] = await asReader(
      deps,
      c,
      (tx) => tx<{ prompt: SharedPrompt | null }[]>`select public.shared_prompt(${slug}) as prompt`,
    );
    if (!row?.prompt) throw sharedNotFound();
    return c.json(row.prompt, 200);
  });

  app.openapi(reaction("post", "like"), async (c) => {
    const { id } = c.req.valid("param");
    const likes = await asCaller(deps, c, async (tx) => {
      await publicPrompt(tx, id, "like");
      await tx`insert into public.prompt_likes (prompt_id) values (${id}) on conflict do nothing`;
      return await likesCount(tx, id);
    });
    return c.json({ liked: true, likes_count: likes }, 200);
  });

  app.openapi(reaction("delete", "like"), async (c) => {
    const { id } = c.req.valid("param");
    const likes = await asCaller(deps, c, async (tx) => {
      await publicPrompt(tx, id, "like");
      // RLS: only the caller's own like can go.
      await tx`delete from public.prompt_likes where prompt_id = ${id}`;
      return await likesCount(tx, id);
    });
    return c.json({ liked: false, likes_count: likes }, 200);
  });

  app.openapi(reaction("post", "favorite"), async (c) => {
    const { id } = c.req.valid("param");
    const likes = await asCaller(deps, c, async (tx) => {
      await publicPrompt(tx, id, "favorite");
      await tx`insert into public.prompt_favorites (prompt_id) values (${id}) on conflict do nothing`;
      return await likesCount(tx, id);
    });
    return c.json({ favorited: true, likes_count: likes }, 200);
  });

  app.openapi(reaction("delete", "favorite"), async (c) => {
    const { id } = c.req.valid("param");
    const likes = await asCaller(deps, c, async (tx) => {
      await publicPrompt(tx, id, "favorite");
      await tx`delete from public.prompt_favorites where prompt_id = ${id}`;
      return await likesCount(tx, id);
    });
    return c.json({ favorited: false, likes_count: likes }, 200);
  });

  app.openapi(favorites, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 2);
    const rows = await asCaller(deps, c, (tx) =>
      tx<(Card & { sort_at: string })[]>`
        select ${cardColumns(tx)},
          to_char(f.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_at
        from public.prompt_favorites f
        join public.shared_prompts s on s.prompt_id = f.prompt_id and s.visibility = 'public'
        where ${
        after
          ? tx`(f.created_at < ${cursorTimestamp(tx, after[0])}
                or (f.created_at = ${cursorTimestamp(tx, after[0])}
                    and f.prompt_id > ${cursorUuid(tx, after[1])}))`
          : tx`true`
      }
        order by f.created_at desc, f.prompt_id
        limit ${limit + 1}`);
    const result = page(rows, limit, (r) => [r.sort_at, r.id]);
    return c.json({
      items: result.items.map(({ sort_at: _, ...item }) => item),
      next_cursor: result.next_cursor,
    }, 200);
  });

  const fork = async (
    c: Parameters<Parameters<typeof app.openapi>[1]>[0],
    source: { id?: string; slug?: string },
    body: z.infer<typeof forkBody>,
  ) => {
    const detail = await asCaller(deps, c, async (tx) => {
      const forked = await tx<{ id: string }[]>`
        select public.fork_prompt(p_prompt_id => ${source.id ?? null},
          p_slug => ${source.slug ?? null}, p_catalog_id => ${body.catalog_id ?? null},
          p_title => ${body.title ?? null}) as id`;
      return await promptDetail(tx, one(forked).id);
    }).catch((e) => {
      if ((e as { hint?: string }).hint === "catalog_not_found") throw catalogNotFound();
      if ((e as { hint?: string }).hint === "prompt_not_found") throw sharedNotFound();
      throw e;
    });
    return detail!;
  };

  app.openapi(forkPublic, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await fork(c, { id }, c.req.valid("json")), 201);
  });

  app.openapi(forkShared, async (c) => {
    const { slug } = c.req.valid("param");
    return c.json(await fork(c, { slug }, c.req.valid("json")), 201);
  });
};

async function likesCount(tx: Tx, id: string): Promise<number> {
  const [row] = await tx<{ likes_count: number }[]>`
    select likes_count from public.shared_prompts where prompt_id = ${id}`;
  return row?.likes_count ?? 0;
}

async function knownCategory(tx: Tx, id: string) {
  const [row] = await tx`select 1 from public.gallery_categories where id = ${id}`;
  if (!row) {
    throw new ApiError(422, "unknown_category", `unknown category ${id}`, {
      fields: [{ field: "category", message: "no such category" }],
    });
  }
}
