// GET /health: real checks of the database, Redis and the LLM provider's configuration.
import { createRoute, z } from "@hono/zod-openapi";
import { checkHealth } from "../../_shared/health.ts";
import type { RouteModule } from "../context.ts";

const check = z.enum(["ok", "stand-in", "configured", "down", "missing"]);
const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  checks: z.object({ db: check, redis: check, llm: check }),
}).openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["health"],
  responses: {
    200: {
      description: "Every dependency answers",
      content: { "application/json": { schema: healthSchema } },
    },
    503: {
      description: "A dependency is down; its check names it",
      content: { "application/json": { schema: healthSchema } },
    },
  },
});

export const healthRoutes: RouteModule = (app, deps) => {
  app.openapi(route, async (c) => {
    const health = await checkHealth({
      sql: deps.sql,
      redisPing: () => deps.redis.ping(),
      llmMode: deps.config.llm.mode,
      standinUrl: deps.config.llm.standinUrl,
    });
    return c.json(health, health.status === "ok" ? 200 : 503);
  });
};
