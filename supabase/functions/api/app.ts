// The `api` edge function's router. Routes live in small modules; this file wires them.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { ApiError, errorResponse, fromPgError } from "../_shared/errors.ts";
import { checkHealth } from "../_shared/health.ts";
import type { Deps } from "./deps.ts";

export function createApp(deps: Deps): Hono {
  const app = new Hono().basePath("/api");

  app.use(
    "*",
    cors({
      origin: (origin) => (deps.config.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: [
        "authorization",
        "content-type",
        "x-api-key",
        "idempotency-key",
        "apikey",
        "x-client-info",
      ],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      exposeHeaders: [
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-ratelimit-reset",
        "retry-after",
      ],
      maxAge: 600,
    }),
  );

  app.get("/health", async (c) => {
    const health = await checkHealth({
      sql: deps.sql,
      redisPing: () => deps.redis.ping(),
      llmMode: deps.config.llm.mode,
      standinUrl: deps.config.llm.standinUrl,
    });
    return c.json(health, health.status === "ok" ? 200 : 503);
  });

  app.notFound(() => errorResponse(404, "not_found", "no such route"));
  app.onError((err) => {
    if (err instanceof ApiError) {
      return errorResponse(err.status, err.code, err.message, err.details, err.headers);
    }
    const mapped = fromPgError(err);
    if (mapped) return errorResponse(mapped.status, mapped.code, mapped.message, mapped.details);
    console.error("unhandled error", err);
    return errorResponse(500, "internal", "internal error");
  });

  return app;
}
