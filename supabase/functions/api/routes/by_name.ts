// Prompts for apps (issue 19): fetch "the production version of support-reply" compiled (content
// or messages, typed variables, model settings, version number), with an ETag so an app caches
// it and revalidates cheaply (304); render it with variables, checked like a run (a 422 per
// variable), with no model call and no quota. Both by the caller's name for the prompt and a
// label (latest, the default, is the current version) or a version number: SQL's fetch_prompt
// and render_prompt, which find only the caller's prompts.
import { createRoute, z } from "@hono/zod-openapi";
import { asJson } from "../../_shared/db.ts";
import type { RouteModule } from "../context.ts";
import {
  chatMessageSchema,
  labelNameSchema,
  modelConfigSchema,
  promptNameSchema,
  responseFormatSchema,
  variableSchema,
} from "../prompt_schemas.ts";
import { asCaller, errorResponses, json, jsonBody, security } from "../schemas.ts";

const tags = ["prompts"];
const nameParam = z.object({
  name: promptNameSchema.openapi({ param: { name: "name", in: "path" } }),
});
const which = z.object({
  label: labelNameSchema.optional().openapi({
    description: "production, staging, …; latest (the default) is the current version",
  }),
  version: z.coerce.number().int().positive().optional().openapi({
    description: "A version number instead of a label",
  }),
});

export const compiledPromptSchema = z.object({
  id: z.uuid(),
  name: promptNameSchema,
  title: z.string(),
  description: z.string().nullable(),
  label: z.string().nullable(),
  version_id: z.uuid(),
  version_number: z.number().int(),
  type: z.enum(["text", "chat"]),
  content: z.string().nullable().openapi({ description: "A text prompt's template" }),
  messages: z.array(chatMessageSchema).nullable().openapi({ description: "A chat prompt's" }),
  variables: z.array(variableSchema),
  model_config: modelConfigSchema,
  response_format: responseFormatSchema.nullable(),
  etag: z.string(),
}).openapi("CompiledPrompt");

const renderedSchema = z.object({
  id: z.uuid(),
  name: promptNameSchema,
  label: z.string().nullable(),
  version_id: z.uuid(),
  version_number: z.number().int(),
  type: z.enum(["text", "chat"]),
  text: z.string().nullable(),
  messages: z.array(chatMessageSchema).nullable(),
  variables: z.record(z.string(), z.unknown()).openapi({ description: "The values used" }),
  model_config: modelConfigSchema,
  response_format: responseFormatSchema.nullable(),
}).openapi("RenderedPrompt");

const fetchByName = createRoute({
  method: "get",
  path: "/prompts/by-name/{name}",
  tags,
  security,
  summary: "Your prompt by name at a label or version, compiled; ETag and 304 on If-None-Match",
  request: {
    params: nameParam,
    query: which,
    headers: z.object({
      "if-none-match": z.string().max(500).optional()
        .openapi({ param: { name: "if-none-match", in: "header" } }),
    }),
  },
  responses: {
    200: json(compiledPromptSchema),
    304: { description: "Not modified: the ETag still names what the label points at" },
    ...errorResponses,
  },
});

const renderByName = createRoute({
  method: "post",
  path: "/prompts/by-name/{name}/render",
  tags,
  security,
  summary: "Render your prompt with variables (no model call, no quota)",
  request: {
    params: nameParam,
    query: which,
    ...jsonBody(
      z.object({
        variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
          .default({}),
      }).strict(),
    ),
  },
  responses: { 200: json(renderedSchema), ...errorResponses },
});

// Apps may keep a copy but must ask again each time; a 304 costs them no body.
const CACHE_CONTROL = "private, no-cache";

export const byNameRoutes: RouteModule = (app, deps) => {
  app.openapi(fetchByName, async (c) => {
    const { name } = c.req.valid("param");
    const { label, version } = c.req.valid("query");
    const [row] = await asCaller(
      deps,
      c,
      (tx) =>
        tx<{ prompt: z.infer<typeof compiledPromptSchema> }[]>`
        select public.fetch_prompt(${name}, ${label ?? "latest"}, ${version ?? null}) as prompt`,
    );
    const prompt = row!.prompt;
    const headers = { etag: prompt.etag, "cache-control": CACHE_CONTROL };
    const seen = c.req.valid("header")["if-none-match"];
    if (seen && seen.split(",").some((t) => t.trim().replace(/^W\//, "") === prompt.etag)) {
      return c.body(null, 304, headers);
    }
    return c.json(prompt, 200, headers);
  });

  app.openapi(renderByName, async (c) => {
    const { name } = c.req.valid("param");
    const { label, version } = c.req.valid("query");
    const { variables } = c.req.valid("json");
    const [row] = await asCaller(
      deps,
      c,
      (tx) =>
        tx<{ rendered: z.infer<typeof renderedSchema> }[]>`
        select public.render_prompt(${tx.json(asJson(variables))}, ${name}, ${label ?? "latest"},
          ${version ?? null}) as rendered`,
    );
    return c.json(row!.rendered, 200);
  });
};
