// Versions of a prompt: list (newest first), add, read one, restore an old one (a new version
// copying it, via restore_prompt_version), and diff two (by id or number). Versions are
// immutable; numbering and the current-version pointer are kept by SQL triggers.
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../_shared/errors.ts";
import { one, type Tx } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import { decodeCursor, page, pageOf, pageQuery } from "../pagination.ts";
import { createVersionBody, versionSchema } from "../prompt_schemas.ts";
import {
  asCaller,
  errorResponses,
  idParam,
  json,
  jsonBody,
  security,
  tooLargeResponse,
} from "../schemas.ts";
import { type DiffSide, diffVersions } from "../version_diff.ts";
import { promptNotFound } from "./prompts.ts";

const versionParams = idParam.extend({
  vid: z.uuid().openapi({ param: { name: "vid", in: "path" } }),
});

const versionListItemSchema = versionSchema.omit({ content: true }).extend({
  content_preview: z.string().openapi({ description: "The first 200 characters" }),
  content_chars: z.number().int(),
  is_current: z.boolean(),
}).openapi("PromptVersionListItem");

// A version named by its id or by its number within the prompt.
const versionRef = z.union([
  z.uuid(),
  z.string().regex(/^[1-9][0-9]{0,8}$/, "a version id or number"),
]);

const diffPartSchema = z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() });
const diffSchema = z.object({
  from: versionSchema.pick({ id: true, version_number: true }),
  to: versionSchema.pick({ id: true, version_number: true }),
  changed: z.array(z.enum(["content", "variables", "model_config"])),
  lines: z.array(diffPartSchema),
  words: z.array(diffPartSchema),
  hunks: z.array(z.object({
    oldStart: z.number(),
    oldLines: z.number(),
    newStart: z.number(),
    newLines: z.number(),
    lines: z.array(z.string()),
  })),
  patch: z.string().openapi({ description: "Unified diff of the content" }),
  variables: z.array(diffPartSchema),
  model_config: z.array(diffPartSchema),
  approximate: z.boolean().openapi({
    description: "True when the versions differ too much for a minimal diff",
  }),
}).openapi("PromptVersionDiff");

const list = createRoute({
  method: "get",
  path: "/prompts/{id}/versions",
  tags: ["versions"],
  security,
  request: { params: idParam, query: z.object(pageQuery) },
  responses: {
    200: json(
      pageOf(versionListItemSchema),
    ),
    ...errorResponses,
  },
});

const create = createRoute({
  method: "post",
  path: "/prompts/{id}/versions",
  tags: ["versions"],
  security,
  request: { params: idParam, ...jsonBody(createVersionBody) },
  responses: {
    201: json(
      versionSchema,
      "Created; now the prompt's current version (omitted variables and model_config are kept from the previous one)",
    ),
    ...errorResponses,
    ...tooLargeResponse,
  },
});

const get = createRoute({
  method: "get",
  path: "/prompts/{id}/versions/{vid}",
  tags: ["versions"],
  security,
  request: { params: versionParams },
  responses: { 200: json(versionSchema), ...errorResponses },
});

const restore = createRoute({
  method: "post",
  path: "/prompts/{id}/versions/{vid}/restore",
  tags: ["versions"],
  security,
  request: { params: versionParams },
  responses: {
    201: json(versionSchema, "The new version copying the restored one"),
    ...errorResponses,
  },
});

const diff = createRoute({
  method: "get",
  path: "/prompts/{id}/diff",
  tags: ["versions"],
  security,
  request: { params: idParam, query: z.object({ from: versionRef, to: versionRef }) },
  responses: { 200: json(diffSchema), ...errorResponses },
});

const versionNotFound = (field?: string) =>
  notFound(
    "version",
    undefined,
    field ? { fields: [{ field, message: "no such version of this prompt" }] } : undefined,
  );

async function promptExists(tx: Tx, id: string): Promise<boolean> {
  return (await tx`select 1 from public.prompts where id = ${id}`).length > 0;
}

type Version = z.infer<typeof versionSchema>;

export const versionRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const { id } = c.req.valid("param");
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 1);
    if (after && !/^[0-9]{1,9}$/.test(after[0])) {
      throw new ApiError(422, "validation_failed", "invalid cursor", {
        fields: [{ field: "cursor", message: "not a cursor returned by this API" }],
      });
    }
    const rows = await asCaller(deps, c, async (tx) => {
      if (!await promptExists(tx, id)) return null;
      return await tx<{ item: z.infer<typeof versionListItemSchema> }[]>`
        select public.prompt_version_json(v) - 'content' || jsonb_build_object(
                 'content_preview', left(v.content, 200),
                 'content_chars', char_length(v.content),
                 'is_current', v.id = p.current_version_id) as item
        from public.prompt_versions v
        join public.prompts p on p.id = v.prompt_id
        where v.prompt_id = ${id}
          and ${after ? tx`v.version_number < ${Number(after[0])}` : tx`true`}
        order by v.version_number desc
        limit ${limit + 1}`;
    });
    if (!rows) throw promptNotFound();
    const items = rows.map((r) => r.item);
    return c.json(page(items, limit, (v) => [String(v.version_number)]), 200);
  });

  app.openapi(create, async (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    // Omitted variables and model settings carry over from the current version. A prompt the
    // caller cannot see yields nulls here, and the numbering trigger refuses it (PL404).
    const rows = await asCaller(deps, c, (tx) =>
      tx<{ version: Version }[]>`
        insert into public.prompt_versions as v (prompt_id, content, variables, model_config, summary, source)
        select ${id}, ${b.content},
               coalesce(${b.variables ? tx.json(b.variables) : null}::jsonb, cur.variables, '[]'),
               coalesce(${
        b.model_config ? tx.json(b.model_config) : null
      }::jsonb, cur.model_config, '{}'),
               ${b.summary ?? null}, ${b.source ?? "manual"}
        from (select 1) as one
        left join public.prompts p on p.id = ${id}
        left join public.prompt_versions cur on cur.id = p.current_version_id
        returning public.prompt_version_json(v) as version`);
    return c.json(one(rows).version, 201);
  });

  app.openapi(get, async (c) => {
    const { id, vid } = c.req.valid("param");
    const [row] = await asCaller(deps, c, (tx) =>
      tx<{ version: Version }[]>`
        select public.prompt_version_json(v) as version from public.prompt_versions v
        where v.id = ${vid} and v.prompt_id = ${id}`);
    if (!row) throw versionNotFound();
    return c.json(row.version, 200);
  });

  app.openapi(restore, async (c) => {
    const { id, vid } = c.req.valid("param");
    const restored = await asCaller(deps, c, async (tx) => {
      const [found] = await tx`
        select 1 from public.prompt_versions v where v.id = ${vid} and v.prompt_id = ${id}`;
      if (!found) return null;
      const rows = await tx<{ version: Version }[]>`
        select public.prompt_version_json(r) as version
        from public.restore_prompt_version(${vid}) r`;
      return one(rows).version;
    });
    if (!restored) throw versionNotFound();
    return c.json(restored, 201);
  });

  app.openapi(diff, async (c) => {
    const { id } = c.req.valid("param");
    const { from, to } = c.req.valid("query");
    const sides = await asCaller(deps, c, async (tx) => {
      if (!await promptExists(tx, id)) return null;
      const pick = async (ref: string) => {
        const [row] = await tx<DiffSide[]>`
          select v.id, v.version_number, v.content, v.variables, v.model_config
          from public.prompt_versions v
          where v.prompt_id = ${id}
            and ${
          /^[0-9]+$/.test(ref) ? tx`v.version_number = ${Number(ref)}` : tx`v.id = ${ref}`
        }`;
        return row ?? null;
      };
      return { from: await pick(from), to: await pick(to) };
    });
    if (!sides) throw promptNotFound();
    if (!sides.from) throw versionNotFound("from");
    if (!sides.to) throw versionNotFound("to");
    const d = diffVersions(sides.from, sides.to);
    const ref = (s: DiffSide) => ({ id: s.id, version_number: s.version_number });
    return c.json({ from: ref(sides.from), to: ref(sides.to), ...d }, 200);
  });
};
