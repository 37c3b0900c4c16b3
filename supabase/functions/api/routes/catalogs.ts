// Catalogs: GET/POST /catalogs, PATCH/DELETE /catalogs/:id. Deleting a catalog cascades to its
// prompts, versions, tag links and runs (seed 000 §5), so it needs ?confirm=true.
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import { cursorUuid, decodeCursor, page, pageOf, pageQuery } from "../pagination.ts";
import {
  asCaller,
  conflictResponse,
  errorResponses,
  idParam,
  json,
  jsonBody,
  security,
} from "../schemas.ts";

const catalogSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  prompt_count: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Catalog");

const name = z.string().trim().min(1).max(200);
const description = z.string().max(2000).nullable();
const createBody = z.object({ name, description: description.optional() }).strict();
const updateBody = z.object({ name: name.optional(), description: description.optional() }).strict()
  .refine((b) => Object.keys(b).length > 0, { message: "give at least one of name, description" });

const columns = "c.id, c.name, c.description, c.created_at, c.updated_at";
type CatalogRow = z.infer<typeof catalogSchema>;

const list = createRoute({
  method: "get",
  path: "/catalogs",
  tags: ["catalogs"],
  security,
  request: { query: z.object(pageQuery) },
  responses: {
    200: json(pageOf(catalogSchema)),
    ...errorResponses,
  },
});

const create = createRoute({
  method: "post",
  path: "/catalogs",
  tags: ["catalogs"],
  security,
  request: jsonBody(createBody),
  responses: { 201: json(catalogSchema, "Created"), ...errorResponses, ...conflictResponse },
});

const update = createRoute({
  method: "patch",
  path: "/catalogs/{id}",
  tags: ["catalogs"],
  security,
  request: { params: idParam, ...jsonBody(updateBody) },
  responses: { 200: json(catalogSchema), ...errorResponses, ...conflictResponse },
});

const remove = createRoute({
  method: "delete",
  path: "/catalogs/{id}",
  tags: ["catalogs"],
  security,
  request: {
    params: idParam,
    query: z.object({ confirm: z.enum(["true", "false"]).optional() }),
  },
  responses: {
    204: { description: "Deleted, with everything in it" },
    ...errorResponses,
    409: {
      description: "Not confirmed: details.prompt_count says how many prompts would be deleted",
      content: {
        "application/json": {
          schema: z.object({
            error: z.object({
              code: z.string(),
              message: z.string(),
              details: z.object({ prompt_count: z.number() }),
            }),
          }),
        },
      },
    },
  },
});

const duplicate = (e: unknown) => {
  if ((e as { code?: string }).code === "23505") {
    throw new ApiError(409, "conflict", "you already have a catalog with that name", {
      fields: [{ field: "name", message: "already used (names are case-insensitive)" }],
    });
  }
  throw e;
};

export const catalogRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 2);
    const rows = await asCaller(deps, c, (tx) =>
      tx<CatalogRow[]>`
        select ${tx.unsafe(columns)},
               (select count(*)::int from public.prompts p where p.catalog_id = c.id) as prompt_count
        from public.catalogs c
        where ${
        after ? tx`(lower(c.name), c.id) > (${after[0]}, ${cursorUuid(tx, after[1])})` : tx`true`
      }
        order by lower(c.name), c.id
        limit ${limit + 1}`);
    return c.json(page(rows, limit, (r) => [r.name.toLowerCase(), r.id]), 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    const [row] = await asCaller(deps, c, (tx) =>
      tx<CatalogRow[]>`
        insert into public.catalogs (name, description)
        values (${body.name}, ${body.description ?? null})
        returning ${tx.unsafe(columns.replaceAll("c.", ""))}, 0 as prompt_count`).catch(duplicate);
    return c.json(row, 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const [row] = await asCaller(deps, c, (tx) =>
      tx<CatalogRow[]>`
        update public.catalogs c set ${tx(body, ...Object.keys(body) as (keyof typeof body)[])}
        where c.id = ${id}
        returning ${tx.unsafe(columns)},
          (select count(*)::int from public.prompts p where p.catalog_id = c.id) as prompt_count`)
      .catch(duplicate);
    if (!row) throw notFound("catalog");
    return c.json(row, 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const confirmed = c.req.valid("query").confirm === "true";
    const outcome = await asCaller(deps, c, async (tx) => {
      const [found] = await tx<{ prompt_count: number }[]>`
        select (select count(*)::int from public.prompts p where p.catalog_id = c.id) as prompt_count
        from public.catalogs c where c.id = ${id} for update`;
      if (!found) return null;
      if (!confirmed) return found;
      await tx`delete from public.catalogs where id = ${id}`;
      return "deleted" as const;
    });
    if (!outcome) throw notFound("catalog");
    if (outcome !== "deleted") {
      throw new ApiError(
        409,
        "confirmation_required",
        `deleting this catalog also deletes its ${outcome.prompt_count} prompt(s) with their versions and runs; repeat with ?confirm=true`,
        { prompt_count: outcome.prompt_count },
      );
    }
    return c.body(null, 204);
  });
};
