// The `api` edge function's router: middleware, error mapping, and the route modules.
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { HTTPException } from "hono/http-exception";
import { ApiError, errorResponse, fromPgError } from "../_shared/errors.ts";
import { authenticate } from "./authenticate.ts";
import type { App, AppEnv, RouteModule } from "./context.ts";
import type { Deps } from "./deps.ts";
import { validationError } from "./validation.ts";
import { healthRoutes } from "./routes/health.ts";
import { catalogRoutes } from "./routes/catalogs.ts";
import { promptRoutes } from "./routes/prompts.ts";
import { versionRoutes } from "./routes/versions.ts";
import { tagRoutes } from "./routes/tags.ts";
import { searchRoutes } from "./routes/search.ts";
import { settingsRoutes } from "./routes/settings.ts";
import { apiKeyRoutes } from "./routes/api_keys.ts";
import { modelRoutes } from "./routes/models.ts";
import { libraryIoRoutes } from "./routes/library_io.ts";
import { providerKeyRoutes } from "./routes/provider_keys.ts";
import { historyRoutes } from "./routes/history.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { usageRoutes } from "./routes/usage.ts";
import { improveRoutes } from "./routes/improve.ts";
import { builderRoutes } from "./routes/builder.ts";
import { runRoutes } from "./routes/runs.ts";
import { validatorRoutes } from "./routes/validators.ts";
import { adminRoutes } from "./routes/admin.ts";
import { adminModelRoutes } from "./routes/admin_models.ts";
import { adminPlanRoutes } from "./routes/admin_plans.ts";
import { activityRoutes } from "./routes/activity.ts";
import { adminFeedbackRoutes, feedbackRoutes } from "./routes/feedback.ts";
import { galleryRoutes } from "./routes/gallery.ts";
import { byNameRoutes } from "./routes/by_name.ts";
import { labelRoutes } from "./routes/labels.ts";
import { openAiRoutes } from "./routes/openai_compat.ts";
import { openAiErrors } from "./openai_errors.ts";
import { keyScope } from "./key_scope.ts";
import { budgetRoutes } from "./routes/budget.ts";
import { sharingRoutes } from "./routes/sharing.ts";
import { workflowRoutes } from "./routes/workflows.ts";

// Every route module; each registers its own OpenAPI routes.
const routeModules: RouteModule[] = [
  healthRoutes,
  catalogRoutes,
  // before promptRoutes: /prompts/by-name/{name} is not /prompts/{id}/…
  byNameRoutes,
  promptRoutes,
  labelRoutes,
  sharingRoutes,
  galleryRoutes,
  versionRoutes,
  tagRoutes,
  searchRoutes,
  providerKeyRoutes,
  historyRoutes,
  metricsRoutes,
  usageRoutes,
  improveRoutes,
  builderRoutes,
  settingsRoutes,
  apiKeyRoutes,
  modelRoutes,
  libraryIoRoutes,
  runRoutes,
  openAiRoutes,
  validatorRoutes,
  activityRoutes,
  feedbackRoutes,
  adminRoutes,
  // after adminRoutes: its admins-only guard runs first
  adminFeedbackRoutes,
  adminModelRoutes,
  adminPlanRoutes,
  budgetRoutes,
  workflowRoutes,
];

export function createApp(deps: Deps): App {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  }).basePath("/api") as unknown as App;

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
        "x-run-id",
      ],
      maxAge: 600,
    }),
  );
  // 100 000 characters of content can be up to 400 KB of UTF-8, plus JSON and the rest; a whole
  // library's export (POST /import) is allowed more.
  const limit = (mb: number) =>
    bodyLimit({
      maxSize: mb * 1024 * 1024,
      onError: () => errorResponse(413, "too_large", `request body over ${mb} MB`),
    });
  const defaultLimit = limit(2);
  const importLimit = limit(25);
  app.use("*", (c, next) => (c.req.path === "/api/import" ? importLimit : defaultLimit)(c, next));
  // Before authentication, so its 401s are in OpenAI's shape on these routes too.
  app.use("/v1/*", openAiErrors);
  app.use("*", authenticate(deps));
  app.use("*", keyScope(deps));

  for (const register of routeModules) register(app, deps);

  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Promptline API",
      version: "1.0.0",
      description: "Prompt library and runner. Authenticate with a Supabase JWT or a pl_ API key.",
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
  });

  app.notFound(() => errorResponse(404, "not_found", "no such route"));
  app.onError((err) => {
    if (err instanceof ApiError) {
      return errorResponse(err.status, err.code, err.message, err.details, err.headers);
    }
    if (err instanceof HTTPException) {
      // Hono's own validators: malformed JSON bodies and the like.
      const code = err.status === 400 ? "bad_request" : "error";
      return errorResponse(err.status, code, err.message || "bad request");
    }
    const mapped = fromPgError(err);
    if (mapped) {
      return errorResponse(
        mapped.status,
        mapped.code,
        mapped.message,
        mapped.details,
        mapped.headers,
      );
    }
    console.error("unhandled error", err);
    return errorResponse(500, "internal", "internal error");
  });

  return app;
}
