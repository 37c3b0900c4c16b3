// Validators of a prompt's output: GET/POST /prompts/:id/validators, PATCH/DELETE
// /validators/:id. SQL checks each config's shape per type; here the code that runs validators
// also compiles the config (a schema with ajv, a pattern with RE2) and measures it, so a
// validator that could never run, or could run too long, is refused naming the field.
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError, notFound } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import { type ValidatorType, validatorTypeSchema } from "../contract.ts";
import { configProblem } from "../run/validate.ts";
import { asCaller, errorResponses, idParam, json, jsonBody, security } from "../schemas.ts";

const configs = {
  json_schema: z.object({ schema: z.union([z.record(z.string(), z.unknown()), z.boolean()]) })
    .strict(),
  regex: z.object({
    pattern: z.string().min(1).max(1000),
    flags: z.string()
      .regex(/^[imsu]{0,4}$/, "only the flags i, m and s (and u, which changes nothing)")
      .optional(),
  }).strict(),
  max_length: z.object({ max: z.number().int().min(1).max(10_000_000) }).strict(),
  contains: z.object({
    text: z.string().min(1).max(10_000),
    case_sensitive: z.boolean().optional(),
  })
    .strict(),
} as const;

const validatorSchema = z.object({
  id: z.uuid(),
  prompt_id: z.uuid(),
  name: z.string(),
  type: validatorTypeSchema,
  config: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("Validator");

const name = z.string().trim().min(1).max(100);
const createBody = z.object({
  name,
  type: validatorTypeSchema,
  config: z.record(z.string(), z.unknown()),
  enabled: z.boolean().optional(),
}).strict().openapi("NewValidator");
const updateBody = z.object({
  name: name.optional(),
  type: validatorTypeSchema.optional(),
  config: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
}).strict().refine((b) => Object.keys(b).length > 0, {
  message: "give at least one of name, type, config, enabled",
}).openapi("ValidatorUpdate");

type ValidatorRow = z.infer<typeof validatorSchema>;
const columns =
  "v.id, v.prompt_id, v.name, v.type, v.config, v.enabled, v.created_at, v.updated_at";

/** 422 naming `config.<field>` unless the config suits the type and can actually run. */
function checkConfig(type: ValidatorType, config: unknown): Record<string, unknown> {
  const parsed = configs[type].safeParse(config);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({
      field: ["config", ...i.path].join("."),
      message: i.message,
    }));
    throw new ApiError(
      422,
      "validation_failed",
      `invalid config for ${type}: ${fields.map((f) => `${f.field}: ${f.message}`).join("; ")}`,
      { fields },
    );
  }
  const problem = configProblem(type, parsed.data);
  if (problem) {
    throw new ApiError(422, "validation_failed", `invalid ${problem.field}: ${problem.message}`, {
      fields: [problem],
    });
  }
  return parsed.data as Record<string, unknown>;
}

const list = createRoute({
  method: "get",
  path: "/prompts/{id}/validators",
  tags: ["validators"],
  security,
  request: { params: idParam },
  responses: { 200: json(z.object({ items: z.array(validatorSchema) })), ...errorResponses },
});
const create = createRoute({
  method: "post",
  path: "/prompts/{id}/validators",
  tags: ["validators"],
  security,
  request: { params: idParam, ...jsonBody(createBody) },
  responses: { 201: json(validatorSchema, "Created"), ...errorResponses },
});
const update = createRoute({
  method: "patch",
  path: "/validators/{id}",
  tags: ["validators"],
  security,
  request: { params: idParam, ...jsonBody(updateBody) },
  responses: { 200: json(validatorSchema), ...errorResponses },
});
const remove = createRoute({
  method: "delete",
  path: "/validators/{id}",
  tags: ["validators"],
  security,
  request: { params: idParam },
  responses: { 204: { description: "Deleted" }, ...errorResponses },
});

export const validatorRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const { id } = c.req.valid("param");
    const result = await asCaller(deps, c, async (tx) => {
      const [p] = await tx`select 1 from public.prompts where id = ${id}`;
      if (!p) return null;
      return await tx<ValidatorRow[]>`
        select ${tx.unsafe(columns)} from public.validators v
        where v.prompt_id = ${id} order by v.created_at, v.id`;
    });
    if (!result) throw notFound("prompt");
    return c.json({ items: result }, 200);
  });

  app.openapi(create, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const config = checkConfig(body.type, body.config);
    const [row] = await asCaller(deps, c, async (tx) => {
      const [p] = await tx`select 1 from public.prompts where id = ${id}`;
      if (!p) return [];
      return await tx<ValidatorRow[]>`
        insert into public.validators (prompt_id, name, type, config, enabled)
        values (${id}, ${body.name}, ${body.type}, ${tx.json(config as Record<string, string>)},
          ${body.enabled ?? true})
        returning ${tx.unsafe(columns.replaceAll("v.", ""))}`;
    });
    if (!row) throw notFound("prompt");
    return c.json(row, 201);
  });

  app.openapi(update, async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const row = await asCaller(deps, c, async (tx) => {
      const [cur] = await tx<{ type: ValidatorType; config: unknown }[]>`
        select type, config from public.validators where id = ${id} for update`;
      if (!cur) return null;
      const type = body.type ?? cur.type;
      const changes: Record<string, unknown> = {};
      if (body.name !== undefined) changes.name = body.name;
      if (body.enabled !== undefined) changes.enabled = body.enabled;
      if (body.type !== undefined || body.config !== undefined) {
        changes.type = type;
        changes.config = tx.json(
          checkConfig(type, body.config ?? cur.config) as Record<string, string>,
        );
      }
      const [r] = await tx<ValidatorRow[]>`
        update public.validators v set ${tx(changes, ...Object.keys(changes))}
        where v.id = ${id} returning ${tx.unsafe(columns)}`;
      return r;
    });
    if (!row) throw notFound("validator");
    return c.json(row, 200);
  });

  app.openapi(remove, async (c) => {
    const { id } = c.req.valid("param");
    const rows = await asCaller(
      deps,
      c,
      (tx) => tx`delete from public.validators where id = ${id} returning id`,
    );
    if (!rows.length) throw notFound("validator");
    return c.body(null, 204);
  });
};
