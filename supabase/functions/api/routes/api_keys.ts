// API keys: GET/POST /api-keys, DELETE /api-keys/:id. The plain key exists only in the 201 of
// POST (public.create_api_key stores its sha-256); lists never select the hash (the column is
// not even readable by users). DELETE revokes: the row stays, with revoked_at, so the owner
// can still see when a key was used and when it stopped working. Only a signed-in session
// manages keys (sessionOnly), and only a live one makes them (create_api_key checks it).
import { createRoute, z } from "@hono/zod-openapi";
import { one } from "../../_shared/db.ts";
import { notFound } from "../../_shared/errors.ts";
import { sessionOnly } from "../authenticate.ts";
import type { RouteModule } from "../context.ts";
import { scopeSchema } from "../key_scope.ts";
import { decodeCursor, olderThan, page, pageOf, pageQuery } from "../pagination.ts";
import {
  asCaller,
  errorResponses,
  idParam,
  json,
  jsonBody,
  security,
  sessionOnlyResponse,
} from "../schemas.ts";

const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().openapi({ example: "pl_1a2b3c4d5" }),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  created_at: z.string(),
  scopes: z.array(scopeSchema),
  prompt_ids: z.array(z.uuid()).nullable().openapi({
    description: "The only prompts the key reaches; null for all of yours",
  }),
}).openapi("ApiKey");

const createdSchema = apiKeySchema.extend({
  key: z.string().openapi({ description: "The key itself: shown this once, store it now" }),
}).openapi("CreatedApiKey");

const createBody = z.object({
  name: z.string().trim().min(1).max(100),
  expires_at: z.iso.datetime({ offset: true }).nullable().optional()
    .openapi({ description: "When the key stops working (in the future); none by default" }),
  scopes: z.array(scopeSchema).min(1).max(4)
    .default(["read", "run", "write"]).openapi({
      description: "read: library, runs, usage; run: run and render; write: edit the library; " +
        "admin: the admin area (admins only)",
    }),
  prompt_ids: z.array(z.uuid()).min(1).max(100).optional().openapi({
    description: "Restrict the key to these prompts of yours",
  }),
}).strict();

// Explicit columns: never `*`, the hash must not be selected (and cannot be).
const columns =
  "k.id, k.name, k.prefix, k.last_used_at, k.revoked_at, k.expires_at, k.created_at, k.scopes, k.prompt_ids";
type ApiKeyRow = z.infer<typeof apiKeySchema>;

const list = createRoute({
  method: "get",
  path: "/api-keys",
  tags: ["api-keys"],
  security,
  middleware: [sessionOnly],
  request: { query: z.object(pageQuery) },
  responses: {
    200: json(pageOf(apiKeySchema)),
    ...errorResponses,
    ...sessionOnlyResponse,
  },
});

const create = createRoute({
  method: "post",
  path: "/api-keys",
  tags: ["api-keys"],
  security,
  middleware: [sessionOnly],
  request: jsonBody(createBody),
  responses: {
    201: json(createdSchema, "Created; `key` is shown only in this response"),
    ...errorResponses,
    ...sessionOnlyResponse,
  },
});

const revoke = createRoute({
  method: "delete",
  path: "/api-keys/{id}",
  tags: ["api-keys"],
  security,
  middleware: [sessionOnly],
  request: { params: idParam },
  responses: {
    200: json(apiKeySchema, "Revoked (again: unchanged)"),
    ...errorResponses,
    ...sessionOnlyResponse,
  },
});

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));
const toJson = (r: Record<string, unknown>): ApiKeyRow => ({
  id: r.id as string,
  name: r.name as string,
  prefix: r.prefix as string,
  last_used_at: iso(r.last_used_at),
  revoked_at: iso(r.revoked_at),
  expires_at: iso(r.expires_at),
  created_at: iso(r.created_at) as string,
  scopes: r.scopes as ApiKeyRow["scopes"],
  prompt_ids: r.prompt_ids as string[] | null,
});

export const apiKeyRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const after = decodeCursor(cursor, 2);
    // The cursor keeps created_at as Postgres prints it (see cursorTimestamp).
    const rows = await asCaller(deps, c, (tx) =>
      tx`
        select ${tx.unsafe(columns)}, k.created_at::text as sort_key
        from public.api_keys k
        where ${olderThan(tx, "k", after)}
        order by k.created_at desc, k.id desc
        limit ${limit + 1}`);
    const { items, next_cursor } = page(rows, limit, (r) => [r.sort_key, r.id]);
    return c.json({ items: items.map(toJson), next_cursor }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    const row = await asCaller(deps, c, async (tx) => {
      const made = one(
        await tx<{ id: string; key: string }[]>`
        select id, key from public.create_api_key(${body.name}, ${body.expires_at ?? null},
          ${body.scopes}::text[], ${body.prompt_ids ?? null}::uuid[])`,
      );
      const key = one(
        await tx`select ${tx.unsafe(columns)} from public.api_keys k
                               where k.id = ${made.id}`,
      );
      return { ...toJson(key), key: made.key };
    });
    return c.json(row, 201);
  });

  app.openapi(revoke, async (c) => {
    const { id } = c.req.valid("param");
    const row = await asCaller(deps, c, async (tx) => {
      // Only a live key is updated: revoking twice keeps the first revocation time.
      await tx`update public.api_keys set revoked_at = now()
               where id = ${id} and revoked_at is null`;
      const [key] = await tx`select ${
        tx.unsafe(columns)
      } from public.api_keys k where k.id = ${id}`;
      return key;
    });
    if (!row) throw notFound("api_key", "API key not found");
    return c.json(toJson(row), 200);
  });
};
