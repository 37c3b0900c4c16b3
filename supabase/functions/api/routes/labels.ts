// Labels (issue 19): per-prompt pointers to a version (production, staging, any other), moved
// in one call (move_label) and recorded by SQL in a history nobody can edit. Rolling back is
// moving the label back. latest is not a label: it always means the current version.
import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../../_shared/errors.ts";
import type { Tx } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import { cursorInteger, decodeCursor, page, pageOf, pageQuery } from "../pagination.ts";
import { labelNameSchema, labelSchema } from "../prompt_schemas.ts";
import { asCaller, errorResponses, idParam, json, jsonBody, security } from "../schemas.ts";
import { promptNotFound } from "./prompts.ts";

type Label = z.infer<typeof labelSchema>;
const tags = ["labels"];
const labelParams = idParam.extend({
  label: labelNameSchema.openapi({ param: { name: "label", in: "path" } }),
});

const moveSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  from_version_id: z.uuid().nullable(),
  from_version_number: z.number().int().nullable(),
  to_version_id: z.uuid().nullable(),
  to_version_number: z.number().int().nullable(),
  moved_by: z.uuid().nullable(),
  moved_at: z.string(),
}).openapi("LabelMove");

const list = createRoute({
  method: "get",
  path: "/prompts/{id}/labels",
  tags,
  security,
  request: { params: idParam },
  responses: { 200: json(z.object({ items: z.array(labelSchema) })), ...errorResponses },
});

const move = createRoute({
  method: "put",
  path: "/prompts/{id}/labels/{label}",
  tags,
  security,
  summary: "Point a label at a version (creating the label if new); recorded in its history",
  request: {
    params: labelParams,
    ...jsonBody(
      z.object({
        version_id: z.uuid().optional(),
        version_number: z.number().int().positive().optional(),
      }).strict().refine((b) => (b.version_id === undefined) !== (b.version_number === undefined), {
        message: "give version_id or version_number",
        path: ["version_id"],
      }),
    ),
  },
  responses: { 200: json(labelSchema), ...errorResponses },
});

const remove = createRoute({
  method: "delete",
  path: "/prompts/{id}/labels/{label}",
  tags,
  security,
  request: { params: labelParams },
  responses: { 204: { description: "Deleted (recorded in the history)" }, ...errorResponses },
});

const history = createRoute({
  method: "get",
  path: "/prompts/{id}/labels/history",
  tags,
  security,
  summary: "Every move of the prompt's labels, newest first",
  request: {
    params: idParam,
    query: z.object({ label: labelNameSchema.optional(), ...pageQuery }),
  },
  responses: { 200: json(pageOf(moveSchema)), ...errorResponses },
});

async function ownPrompt(tx: Tx, id: string) {
  const [row] = await tx`select 1 from public.prompts where id = ${id}`;
  if (!row) throw promptNotFound();
}

export const labelRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const { id } = c.req.valid("param");
    const items = await asCaller(deps, c, async (tx) => {
      await ownPrompt(tx, id);
      return await tx<Label[]>`
        select l.label, l.version_id, v.version_number, l.updated_at
        from public.prompt_labels l join public.prompt_versions v on v.id = l.version_id
        where l.prompt_id = ${id} order by l.label`;
    });
    return c.json({ items }, 200);
  });

  app.openapi(move, async (c) => {
    const { id, label } = c.req.valid("param");
    const body = c.req.valid("json");
    const [row] = await asCaller(deps, c, (tx) =>
      tx<{ label: Label }[]>`
        select public.move_label(${id}, ${label}, ${body.version_id ?? null},
          ${body.version_number ?? null}) as label`);
    return c.json(row!.label, 200);
  });

  app.openapi(remove, async (c) => {
    const { id, label } = c.req.valid("param");
    const deleted = await asCaller(deps, c, async (tx) => {
      await ownPrompt(tx, id);
      return await tx`delete from public.prompt_labels where prompt_id = ${id} and label = ${label}
        returning 1`;
    });
    if (!deleted.length) throw notFound("label");
    return c.body(null, 204);
  });

  app.openapi(history, async (c) => {
    const { id } = c.req.valid("param");
    const { label, limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 1);
    const rows = await asCaller(deps, c, async (tx) => {
      await ownPrompt(tx, id);
      return await tx<z.infer<typeof moveSchema>[]>`
        select h.id::int as id, h.label, h.from_version_id, h.from_version_number, h.to_version_id,
          h.to_version_number, h.moved_by, h.moved_at
        from public.prompt_label_history h
        where h.prompt_id = ${id}
          and ${label ? tx`h.label = ${label}` : tx`true`}
          and ${after ? tx`h.id < ${cursorInteger(after[0])}` : tx`true`}
        order by h.id desc
        limit ${limit + 1}`;
    });
    return c.json(page(rows, limit, (r) => [String(r.id)]), 200);
  });
};
