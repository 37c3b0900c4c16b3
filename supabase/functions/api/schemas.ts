// OpenAPI/zod pieces shared by the route modules.
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { asAnon, asUser, type Tx } from "../_shared/db.ts";
import type { AppEnv } from "./context.ts";
import type { Deps } from "./deps.ts";

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
}).openapi("Error");

const errorContent = { "application/json": { schema: errorSchema } };

/** The error responses every authenticated route can give. */
export const errorResponses = {
  400: { description: "Malformed request", content: errorContent },
  401: { description: "Missing or invalid credentials", content: errorContent },
  404: { description: "Not found (or not yours)", content: errorContent },
  422: { description: "Validation failed; details.fields names each field", content: errorContent },
} as const;

export const conflictResponse = {
  409: { description: "Conflict", content: errorContent },
} as const;
export const tooLargeResponse = {
  413: { description: "Too large", content: errorContent },
} as const;

/** The routes that manage keys, which a Promptline API key may not call (sessionOnly). */
export const sessionOnlyResponse = {
  403: {
    description: "Requested with an API key (session_required): only a signed-in session " +
      "manages keys",
    content: errorContent,
  },
} as const;

export const idParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

export const security = [{ bearer: [] }];

export function json<T extends z.ZodType>(schema: T, description = "OK") {
  return { description, content: { "application/json": { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { required: true, content: { "application/json": { schema } } } };
}

/** Runs `fn` in one transaction as the caller, under RLS. */
export function asCaller<T>(
  deps: Deps,
  c: Context<AppEnv>,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return asUser(deps.sql, c.get("caller").claims, fn);
}

/** Runs `fn` as the caller when signed in, else as anon: the public reads (gallery, shared). */
export function asReader<T>(
  deps: Deps,
  c: Context<AppEnv>,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const caller = c.get("caller") as AppEnv["Variables"]["caller"] | undefined;
  return caller ? asUser(deps.sql, caller.claims, fn) : asAnon(deps.sql, fn);
}
