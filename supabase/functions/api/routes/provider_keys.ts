// Providers and the caller's own provider keys (seed 004 api_providers / api_configurations):
// GET /providers, GET /provider-keys, PUT/DELETE /provider-keys/:provider. A key is encrypted
// before it reaches SQL and never leaves again: responses show only its last four characters.
// Changing keys takes a live, signed-in session: not an API key (sessionOnly), nor a token
// whose user signed out since (require_live_session; the table's policies check it too).
import { createRoute, z } from "@hono/zod-openapi";
import { notFound } from "../../_shared/errors.ts";
import { sessionOnly } from "../authenticate.ts";
import type { RouteModule } from "../context.ts";
import { requireKeySecret, storeProviderKey } from "../provider_key_store.ts";
import {
  asCaller,
  errorResponses,
  json,
  jsonBody,
  security,
  sessionOnlyResponse,
} from "../schemas.ts";

const providerSchema = z.object({
  id: z.string(),
  name: z.string(),
  base_url: z.string(),
  is_standin: z.boolean(),
  limits: z.object({
    requests_per_minute: z.number().int().nullable(),
    requests_per_day: z.number().int().nullable(),
    tokens_per_minute: z.number().int().nullable(),
  }),
  has_key: z.boolean().openapi({ description: "Whether you stored your own key for it" }),
}).openapi("Provider");

const providerKeySchema = z.object({
  provider: z.string(),
  last4: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("ProviderKey");

const providerParam = z.object({
  provider: z.string().regex(/^[a-z][a-z0-9_-]{0,49}$/, "not a provider id").openapi({
    param: { name: "provider", in: "path" },
    example: "openrouter",
  }),
});

// Provider keys are opaque tokens; anything with whitespace or control characters is a paste
// accident (a newline, a quoted string), so it is refused rather than stored and failing later.
const keyBody = z.object({
  key: z.string().min(8, "too short to be a provider key").max(1024)
    .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces only"),
}).strict();

const unavailable = {
  503: {
    description: "Provider keys are disabled (no encryption secret configured)",
    content: { "application/json": { schema: z.object({ error: z.object({}).passthrough() }) } },
  },
} as const;

const listProviders = createRoute({
  method: "get",
  path: "/providers",
  tags: ["providers"],
  security,
  responses: { 200: json(z.object({ items: z.array(providerSchema) })), ...errorResponses },
});

const listKeys = createRoute({
  method: "get",
  path: "/provider-keys",
  tags: ["providers"],
  security,
  responses: { 200: json(z.object({ items: z.array(providerKeySchema) })), ...errorResponses },
});

const putKey = createRoute({
  method: "put",
  path: "/provider-keys/{provider}",
  tags: ["providers"],
  security,
  middleware: [sessionOnly],
  request: { params: providerParam, ...jsonBody(keyBody) },
  responses: {
    200: json(providerKeySchema, "Replaced"),
    201: json(providerKeySchema, "Stored"),
    ...errorResponses,
    ...sessionOnlyResponse,
    ...unavailable,
  },
});

const deleteKey = createRoute({
  method: "delete",
  path: "/provider-keys/{provider}",
  tags: ["providers"],
  security,
  middleware: [sessionOnly],
  request: { params: providerParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses, ...sessionOnlyResponse },
});

type ProviderRow = {
  id: string;
  name: string;
  base_url: string;
  is_standin: boolean;
  requests_per_minute: number | null;
  requests_per_day: number | null;
  tokens_per_minute: number | null;
  has_key: boolean;
};

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : String(d));

export const providerKeyRoutes: RouteModule = (app, deps) => {
  // The stand-in only answers on the local stack; elsewhere listing it would offer a dead end.
  const showStandin = deps.config.localStack;

  app.openapi(listProviders, async (c) => {
    const rows = await asCaller(deps, c, (tx) =>
      tx<ProviderRow[]>`
        select p.id, p.name, p.base_url, p.is_standin, p.requests_per_minute, p.requests_per_day,
               p.tokens_per_minute,
               exists (select 1 from public.provider_keys k where k.provider_id = p.id) as has_key
        from public.providers p
        where p.is_enabled and (${showStandin} or not p.is_standin)
        order by p.is_standin, p.name`);
    return c.json({
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        base_url: r.base_url,
        is_standin: r.is_standin,
        limits: {
          requests_per_minute: r.requests_per_minute,
          requests_per_day: r.requests_per_day,
          tokens_per_minute: r.tokens_per_minute,
        },
        has_key: r.has_key,
      })),
    }, 200);
  });

  app.openapi(listKeys, async (c) => {
    // Listing and deleting never touch the secret, so they work even when it is not configured.
    const rows = await asCaller(
      deps,
      c,
      (tx) =>
        tx<{ provider: string; last4: string; created_at: Date; updated_at: Date }[]>`
        select provider_id as provider, last4, created_at, updated_at
        from public.provider_keys order by provider_id`,
    );
    return c.json({
      items: rows.map((r) => ({
        ...r,
        created_at: iso(r.created_at),
        updated_at: iso(r.updated_at),
      })),
    }, 200);
  });

  app.openapi(putKey, async (c) => {
    const { provider } = c.req.valid("param");
    const { key } = c.req.valid("json");
    const secret = requireKeySecret(deps.config.providerKeySecret);
    const caller = c.get("caller");
    const stored = await asCaller(deps, c, async (tx) => {
      await tx`select public.require_live_session()`;
      const [found] = await tx`
        select 1 from public.providers where id = ${provider} and is_enabled`;
      if (!found) return null;
      return await storeProviderKey(tx, secret, caller.userId, provider, key);
    });
    if (!stored) throw notFound("provider", `no provider '${provider}'`);
    const { created, ...body } = stored;
    return c.json(
      { ...body, created_at: iso(body.created_at), updated_at: iso(body.updated_at) },
      created ? 201 : 200,
    );
  });

  app.openapi(deleteKey, async (c) => {
    const { provider } = c.req.valid("param");
    const deleted = await asCaller(
      deps,
      c,
      async (tx) => {
        await tx`select public.require_live_session()`;
        return await tx`delete from public.provider_keys where provider_id = ${provider} returning 1`;
      },
    );
    if (deleted.length === 0) {
      throw notFound("provider_key", `you have no key stored for '${provider}'`);
    }
    return c.body(null, 204);
  });
};
