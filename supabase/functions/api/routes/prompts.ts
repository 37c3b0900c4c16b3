// Prompts: GET/POST /prompts, GET/PATCH/DELETE /prompts/:id. Creating a prompt (with its first
// version and tags) is one SQL call, create_prompt; reading one is prompt_detail. A catalog that
// is not the caller's is "catalog not found" (404 naming catalog_id), never a 403.
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../_shared/errors.ts";
import { asJson, one, type Tx } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import { promptStatusSchema } from "../contract.ts";
import {
  cursorTimestamp,
  cursorUuid,
  decodeCursor,
  page,
  pageOf,
  pageQuery,
} from "../pagination.ts";
import {
  createPromptBody,
  promptListItemSchema,
  promptSchema,
  tagNameSchema,
  updatePromptBody,
} from "../prompt_schemas.ts";
import {
  asCaller,
  conflictResponse,
  errorResponses,
  idParam,
  json,
  jsonBody,
  security,
  tooLargeResponse,
} from "../schemas.ts";

const list = createRoute({
  method: "get",
  path: "/prompts",
  tags: ["prompts"],
  security,
  request: {
    query: z.object({
      catalog_id: z.uuid().optional(),
      tag: tagNameSchema.optional(),
      status: promptStatusSchema.optional(),
      ...pageQuery,
    }),
  },
  responses: {
    200: json(
      pageOf(promptListItemSchema),
      "Prompts, most recently updated first",
    ),
    ...errorResponses,
  },
});

const create = createRoute({
  method: "post",
  path: "/prompts",
  tags: ["prompts"],
  security,
  request: jsonBody(createPromptBody),
  responses: {
    201: json(promptSchema, "Created with version 1"),
    ...errorResponses,
    ...conflictResponse,
    ...tooLargeResponse,
  },
});

const get = createRoute({
  method: "get",
  path: "/prompts/{id}",
  tags: ["prompts"],
  security,
  request: { params: idParam },
  responses: { 200: json(promptSchema), ...errorResponses },
});

const update = createRoute({
  method: "patch",
  path: "/prompts/{id}",
  tags: ["prompts"],
  security,
  request: { params: idParam, ...jsonBody(updatePromptBody) },
  responses: { 200: json(promptSchema), ...errorResponses, ...conflictResponse },
});

const remove = createRoute({
  method: "delete",
  path: "/prompts/{id}",
  tags: ["prompts"],
  security,
  request: { params: idParam },
  responses: {
    204: { description: "Deleted with its versions, tags links and runs" },
    ...errorResponses,
  },
});

type ListRow = z.infer<typeof promptListItemSchema> & { sort_at: string };

export const catalogNotFound = () =>
  notFound("catalog", undefined, {
    fields: [{ field: "catalog_id", message: "no such catalog of yours" }],
  });

export async function promptDetail(tx: Tx, id: string) {
  const [row] = await tx<{ detail: z.infer<typeof promptSchema> | null }[]>`
    select public.prompt_detail(${id}) as detail`;
  return row?.detail ?? null;
}

export const promptNotFound = () => notFound("prompt");

/** A name the caller already gave another of their prompts (prompts_user_name_idx). */
function nameTaken(e: unknown): ApiError | null {
  const err = e as { code?: string; constraint_name?: string };
  if (err.code !== "23505" || err.constraint_name !== "prompts_user_name_idx") return null;
  return new ApiError(409, "prompt_name_taken", "another prompt of yours has this name", {
    fields: [{ field: "name", message: "taken by another prompt of yours" }],
  });
}

export const promptRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const { catalog_id, tag, status, limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 2);
    const rows = await asCaller(deps, c, (tx) =>
      tx<ListRow[]>`
        select p.id, p.title, p.description, p.catalog_id, p.status, p.visibility,
               v.version_number as current_version_number,
               coalesce((select array_agg(t.name order by lower(t.name))
                         from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
                         where pt.prompt_id = p.id), '{}') as tags,
               -- In the select list, not a join: found for the page's rows only, after the sort; and
               -- (select …) so the run is then read by its key (see prompt_detail).
               (select r.status from public.runs r where r.id = (select public.last_run_id(p)))
                 as last_run_status,
               p.created_at, p.updated_at,
               -- The cursor keeps microseconds (a JS Date would round them away).
               to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_at
        from public.prompts p
        left join public.prompt_versions v on v.id = p.current_version_id
        where ${catalog_id ? tx`p.catalog_id = ${catalog_id}` : tx`true`}
          and ${status ? tx`p.status = ${status}` : tx`true`}
          and ${
        tag
          ? tx`exists (select 1 from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
                       where pt.prompt_id = p.id and lower(t.name) = lower(${tag}))`
          : tx`true`
      }
          and ${
        after
          ? tx`(p.updated_at < ${cursorTimestamp(tx, after[0])}
                or (p.updated_at = ${cursorTimestamp(tx, after[0])} and p.id > ${
            cursorUuid(tx, after[1])
          }))`
          : tx`true`
      }
        order by p.updated_at desc, p.id
        limit ${limit + 1}`);
    const result = page(rows, limit, (r) => [r.sort_at, r.id]);
    return c.json({
      items: result.items.map(({ sort_at: _, ...item }) => item),
      next_cursor: result.next_cursor,
    }, 200);
  });

  app.openapi(create, async (c) => {
    const b = c.req.valid("json");
    const detail = await asCaller(deps, c, async (tx) => {
      const created = await tx<{ id: string }[]>`
        select public.create_prompt(
          title => ${b.title},
          content => ${b.content ?? null},
          messages => ${b.messages ? tx.json(b.messages) : null}::jsonb,
          response_format => ${
        b.response_format ? tx.json(asJson(b.response_format)) : null
      }::jsonb,
          description => ${b.description ?? null},
          catalog_id => ${b.catalog_id ?? null},
          status => ${b.status ?? "draft"},
          visibility => ${b.visibility ?? "private"},
          variables => ${tx.json(b.variables ?? [])},
          model_config => ${tx.json(b.model_config ?? {})},
          summary => ${b.summary ?? null},
          tags => ${b.tags ?? []}::text[]
        ) as id`;
      if (b.name) {
        await tx`update public.prompts set name = ${b.name} where id = ${one(created).id}`;
      }
      return await promptDetail(tx, one(created).id);
    }).catch((e) => {
      if ((e as { hint?: string }).hint === "catalog_not_found") throw catalogNotFound();
      throw nameTaken(e) ?? e;
    });
    return c.json(detail!, 201);
  });

  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const detail = await asCaller(deps, c, (tx) => promptDetail(tx, id));
    if (!detail) throw promptNotFound();
    return c.json(detail, 200);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const keys = Object.keys(body) as (keyof typeof body)[];
    const detail = await asCaller(deps, c, async (tx) => {
      // The SET expressions see the old row: publishing stamps published_at once, the first time.
      const updated = await tx`
        update public.prompts p
        set ${tx(body, ...keys)},
            published_at = case when ${body.status ?? null}::public.prompt_status = 'published'
                                then coalesce(p.published_at, now()) else p.published_at end
        where p.id = ${id}
        returning p.id`;
      return updated.length ? await promptDetail(tx, id) : null;
    }).catch((e) => {
      // RLS refuses a move into a catalog that is not the caller's (or does not exist).
      if ((e as { code?: string }).code === "42501" && body.catalog_id) throw catalogNotFound();
      throw nameTaken(e) ?? e;
    });
    if (!detail) throw promptNotFound();
    return c.json(detail, 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const deleted = await asCaller(
      deps,
      c,
      (tx) => tx`delete from public.prompts where id = ${id} returning id`,
    );
    if (!deleted.length) throw promptNotFound();
    return c.body(null, 204);
  });
};
