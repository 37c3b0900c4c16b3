// Tags: GET/POST /tags, PATCH/DELETE /tags/:id, and PUT /prompts/:id/tags to replace a prompt's
// tags by names (set_prompt_tags creates the missing ones). Names are unique per user ignoring
// case (a unique index), so a clash is a 409 naming the field.
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import { cursorUuid, decodeCursor, page, pageOf, pageQuery } from "../pagination.ts";
import { tagNameSchema, tagNamesSchema, tagSchema } from "../prompt_schemas.ts";
import {
  asCaller,
  conflictResponse,
  errorResponses,
  idParam,
  json,
  jsonBody,
  security,
} from "../schemas.ts";
import { promptNotFound } from "./prompts.ts";

const tagWithCountSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prompt_count: z.number().int(),
  created_at: z.string(),
}).openapi("Tag");

const nameBody = z.object({ name: tagNameSchema }).strict();

const list = createRoute({
  method: "get",
  path: "/tags",
  tags: ["tags"],
  security,
  request: { query: z.object(pageQuery) },
  responses: {
    200: json(pageOf(tagWithCountSchema)),
    ...errorResponses,
  },
});

const create = createRoute({
  method: "post",
  path: "/tags",
  tags: ["tags"],
  security,
  request: jsonBody(nameBody),
  responses: { 201: json(tagWithCountSchema, "Created"), ...errorResponses, ...conflictResponse },
});

const rename = createRoute({
  method: "patch",
  path: "/tags/{id}",
  tags: ["tags"],
  security,
  request: { params: idParam, ...jsonBody(nameBody) },
  responses: { 200: json(tagWithCountSchema), ...errorResponses, ...conflictResponse },
});

const remove = createRoute({
  method: "delete",
  path: "/tags/{id}",
  tags: ["tags"],
  security,
  request: { params: idParam },
  responses: { 204: { description: "Deleted and removed from every prompt" }, ...errorResponses },
});

const setPromptTags = createRoute({
  method: "put",
  path: "/prompts/{id}/tags",
  tags: ["tags"],
  security,
  request: { params: idParam, ...jsonBody(z.object({ tags: tagNamesSchema }).strict()) },
  responses: {
    200: json(z.object({ tags: z.array(tagSchema) }), "The prompt's tags now"),
    ...errorResponses,
  },
});

type TagRow = z.infer<typeof tagWithCountSchema>;

const duplicate = (e: unknown) => {
  if ((e as { code?: string }).code === "23505") {
    throw new ApiError(409, "conflict", "you already have a tag with that name", {
      fields: [{ field: "name", message: "already used (names are case-insensitive)" }],
    });
  }
  throw e;
};

const tagNotFound = () => notFound("tag");

export const tagRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 2);
    const rows = await asCaller(deps, c, (tx) =>
      tx<TagRow[]>`
        select t.id, t.name, t.created_at,
               (select count(*)::int from public.prompt_tags pt where pt.tag_id = t.id) as prompt_count
        from public.tags t
        where ${
        after ? tx`(lower(t.name), t.id) > (${after[0]}, ${cursorUuid(tx, after[1])})` : tx`true`
      }
        order by lower(t.name), t.id
        limit ${limit + 1}`);
    return c.json(page(rows, limit, (r) => [r.name.toLowerCase(), r.id]), 200);
  });

  app.openapi(create, async (c) => {
    const { name } = c.req.valid("json");
    const [row] = await asCaller(deps, c, (tx) =>
      tx<TagRow[]>`
        insert into public.tags (name) values (${name})
        returning id, name, created_at, 0 as prompt_count`).catch(duplicate);
    return c.json(row, 201);
  });

  app.openapi(rename, async (c) => {
    const { id } = c.req.valid("param");
    const { name } = c.req.valid("json");
    const [row] = await asCaller(deps, c, (tx) =>
      tx<TagRow[]>`
        update public.tags t set name = ${name} where t.id = ${id}
        returning t.id, t.name, t.created_at,
          (select count(*)::int from public.prompt_tags pt where pt.tag_id = t.id) as prompt_count`)
      .catch(duplicate);
    if (!row) throw tagNotFound();
    return c.json(row, 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const deleted = await asCaller(
      deps,
      c,
      (tx) => tx`delete from public.tags where id = ${id} returning id`,
    );
    if (!deleted.length) throw tagNotFound();
    return c.body(null, 204);
  });

  app.openapi(setPromptTags, async (c) => {
    const { id } = c.req.valid("param");
    const { tags } = c.req.valid("json");
    const rows = await asCaller(deps, c, (tx) =>
      tx<{ id: string; name: string }[]>`
        select t.id, t.name from public.set_prompt_tags(${id}, ${tags}::text[]) t`)
      .catch((e) => {
        if ((e as { hint?: string }).hint === "prompt_not_found") throw promptNotFound();
        throw e;
      });
    return c.json({ tags: rows }, 200);
  });
};
