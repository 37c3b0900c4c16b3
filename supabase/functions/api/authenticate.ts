// Authentication of every route but /health and /openapi.json: a Supabase JWT, or a Promptline
// API key (`Authorization: Bearer pl_…` or `x-api-key: pl_…`).
import type { MiddlewareHandler } from "hono";
import { AuthError, bearerToken, createJwtVerifier } from "../_shared/auth.ts";
import { lookupApiKey } from "../_shared/api_key.ts";
import { ApiError } from "../_shared/errors.ts";
import type { AppEnv } from "./context.ts";
import type { Deps } from "./deps.ts";

const publicPaths = new Set(["/api/health", "/api/openapi.json"]);
// Read by anyone, signed out too: the gallery and shared prompts (GET only). A token, when one
// is sent, is still checked, so a signed-in reader sees their own likes and favorites.
// Workflow templates and specs too (issue 17).
const publicReads =
  /^\/api\/(gallery(\/[^/]+)?|shared\/[^/]+|workflows\/templates(\/[^/]+)?|workflows\/specs\/[^/]+)$/;
// The service role's alone, with its key (SUPABASE_SERVICE_ROLE_KEY): the workflow engine's tick,
// called by pg_cron and the dev stack. No user is set: the route acts for no one.
const servicePaths = new Set(["/api/workflows/tick"]);

/** Compares two secrets in time independent of where they differ. */
function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

export function authenticate(deps: Deps): MiddlewareHandler<AppEnv> {
  const verify = createJwtVerifier({
    jwtSecret: deps.config.jwtSecret,
    jwksUrl: deps.config.jwksUrl,
    issuer: deps.config.issuer,
  });
  return async (c, next) => {
    if (c.req.method === "OPTIONS" || publicPaths.has(c.req.path)) return await next();
    const apiKey = c.req.header("x-api-key") ?? bearerToken(c.req.raw);
    if (servicePaths.has(c.req.path)) {
      const key = deps.config.serviceRoleKey;
      if (!apiKey) throw new ApiError(401, "unauthorized", "the service role's key is required");
      if (!key || !sameSecret(apiKey, key)) {
        throw new ApiError(403, "forbidden", "only the service role may call this");
      }
      return await next();
    }
    const publicRead = c.req.method === "GET" && publicReads.test(c.req.path);
    if (!apiKey && publicRead) return await next();
    if (!apiKey) {
      throw new ApiError(401, "unauthorized", "missing Authorization bearer token or x-api-key");
    }
    if (apiKey.startsWith("pl_")) {
      const found = await lookupApiKey(deps.sql, apiKey);
      if (!found.ok) {
        const why = {
          unknown: "invalid API key",
          revoked: "API key revoked",
          expired: "API key expired",
        };
        throw new ApiError(401, "unauthorized", why[found.reason]);
      }
      c.set("caller", {
        userId: found.userId,
        via: "api_key",
        apiKeyId: found.apiKeyId,
        scopes: found.scopes,
        promptIds: found.promptIds,
        claims: {
          sub: found.userId,
          role: "authenticated",
          aud: "authenticated",
          api_key_id: found.apiKeyId,
        },
      });
      return await next();
    }
    try {
      const claims = await verify(apiKey);
      if (claims.role !== "authenticated") {
        throw new AuthError("a signed-in user's token is required");
      }
      c.set("caller", { userId: claims.sub, via: "jwt", claims });
    } catch (e) {
      if (e instanceof AuthError) throw new ApiError(401, "unauthorized", e.message);
      throw e;
    }
    await next();
  };
}

/**
 * Routes that manage keys (API keys, provider keys) take a signed-in session, not a Promptline
 * API key: until keys have scopes, a key that could mint, list or revoke keys, or swap the
 * provider key runs are billed to, would let a leaked key outlive its own revocation. Whether the
 * session is still live (its user did not sign out since) is SQL's check: require_live_session.
 */
export const sessionOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get("caller")?.via === "api_key") {
    throw new ApiError(
      403,
      "session_required",
      "this needs a signed-in session: an API key cannot manage API keys or provider keys",
    );
  }
  await next();
};
