// Sharing one of your prompts (issue 15): its visibility (private, unlisted: by link only,
// public: in the gallery), its gallery category, whether readers see its history, its share link
// and counters. All of it is SQL (set_prompt_sharing, rotate_share_link, prompt_sharing), which
// checks the prompt is the caller's.
import { createRoute, z } from "@hono/zod-openapi";
import type { Tx } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import { promptVisibilitySchema } from "../contract.ts";
import { categoryIdSchema, sharingSchema } from "../sharing_schemas.ts";
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

type Sharing = z.infer<typeof sharingSchema>;
const tags = ["sharing"];

const get = createRoute({
  method: "get",
  path: "/prompts/{id}/sharing",
  tags,
  security,
  request: { params: idParam },
  responses: { 200: json(sharingSchema), ...errorResponses },
});

const updateBody = z.object({
  visibility: promptVisibilitySchema.optional(),
  category_id: categoryIdSchema.optional(),
  show_history: z.boolean().optional(),
}).strict().refine((b) => Object.keys(b).length > 0, {
  message: "give at least one of visibility, category_id, show_history",
});

const update = createRoute({
  method: "patch",
  path: "/prompts/{id}/sharing",
  tags,
  security,
  request: { params: idParam, ...jsonBody(updateBody) },
  responses: { 200: json(sharingSchema), ...errorResponses },
});

const publish = createRoute({
  method: "post",
  path: "/prompts/{id}/publish",
  tags,
  security,
  summary: "Make the prompt public in the gallery, in a category",
  request: {
    params: idParam,
    ...jsonBody(z.object({ category_id: categoryIdSchema.optional() }).strict()),
  },
  responses: { 200: json(sharingSchema), ...errorResponses },
});

const unpublish = createRoute({
  method: "post",
  path: "/prompts/{id}/unpublish",
  tags,
  security,
  summary: "Make the prompt private: it leaves the gallery and its link stops working at once",
  request: { params: idParam },
  responses: { 200: json(sharingSchema), ...errorResponses },
});

const rotate = createRoute({
  method: "post",
  path: "/prompts/{id}/sharing/rotate",
  tags,
  security,
  summary: "A new share link; the old one becomes a 404",
  request: { params: idParam },
  responses: { 200: json(sharingSchema), ...errorResponses, ...conflictResponse },
});

async function setSharing(
  tx: Tx,
  id: string,
  change: { visibility?: string; category_id?: string; show_history?: boolean },
): Promise<Sharing> {
  const [row] = await tx<{ sharing: Sharing }[]>`
    select public.set_prompt_sharing(${id}, ${change.visibility ?? null}::public.prompt_visibility,
      ${change.category_id ?? null}, ${change.show_history ?? null}) as sharing`;
  return row!.sharing;
}

export const sharingRoutes: RouteModule = (app, deps) => {
  app.openapi(get, async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asCaller(
      deps,
      c,
      (tx) => tx<{ sharing: Sharing | null }[]>`select public.prompt_sharing(${id}) as sharing`,
    );
    if (!row?.sharing) throw promptNotFound();
    return c.json(row.sharing, 200);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    return c.json(await asCaller(deps, c, (tx) => setSharing(tx, id, body)), 200);
  });

  app.openapi(publish, async (c) => {
    const { id } = c.req.valid("param");
    const { category_id } = c.req.valid("json");
    return c.json(
      await asCaller(deps, c, (tx) => setSharing(tx, id, { visibility: "public", category_id })),
      200,
    );
  });

  app.openapi(unpublish, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(
      await asCaller(deps, c, (tx) => setSharing(tx, id, { visibility: "private" })),
      200,
    );
  });

  app.openapi(rotate, async (c) => {
    const { id } = c.req.valid("param");
    const [row] = await asCaller(
      deps,
      c,
      (tx) => tx<{ sharing: Sharing }[]>`select public.rotate_share_link(${id}) as sharing`,
    );
    return c.json(row!.sharing, 200);
  });
};
