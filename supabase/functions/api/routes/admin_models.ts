// Models for admins: /admin/models lists every model, retired ones too, and admins add a model,
// change its name, tier, prices and context, retire it, or make it the system default. Prices
// are what the next runs are charged: a run keeps the price it started with (its snapshot), so a
// change never reprices a run. Every change is in the audit log (the models table is audited).
// Admins write through RLS ("Admins can … models"); /admin/*'s guard answers others with a 404.
import { createRoute, z } from "@hono/zod-openapi";
import { one, type Tx } from "../../_shared/db.ts";
import { ApiError, notFound } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import { modelTierSchema } from "../contract.ts";
import { asCaller, errorResponses, json, jsonBody, security } from "../schemas.ts";
import { modelColumns, modelSchema } from "./models.ts";

const adminModelSchema = modelSchema.omit({ in_plan: true }).extend({
  provider_model_id: z.string().openapi({ description: "The id the provider knows it by" }),
  is_active: z.boolean().openapi({ description: "False: retired; runs refuse it" }),
  updated_at: z.string(),
}).openapi("AdminModel");
type AdminModel = z.infer<typeof adminModelSchema>;

// numeric(12,8): at most 9999.99999999 per 1,000 tokens; no real model costs a tenth of that.
const price = z.number().min(0).max(1000);

const modelChanges = {
  display_name: z.string().trim().min(1).max(100),
  tier: modelTierSchema,
  input_per_1k: price,
  output_per_1k: price,
  cached_input_per_1k: price.nullable()
    .openapi({ description: "At most input_per_1k; null: cached input is billed as input" }),
  max_context_tokens: z.number().int().min(1).max(100_000_000).nullable(),
};

const newModel = z.object({
  id: z.string().max(200)
    .regex(
      /^[a-z0-9][a-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9._:-]*$/,
      "provider/model, e.g. openai/gpt-4o",
    )
    .openapi({ example: "openai/gpt-4.1-mini" }),
  provider_id: z.string().min(1).max(50),
  provider_model_id: z.string().trim().min(1).max(200),
  ...modelChanges,
  cached_input_per_1k: modelChanges.cached_input_per_1k.default(null),
  max_context_tokens: modelChanges.max_context_tokens.default(null),
}).strict().openapi("NewModel");

const modelUpdate = z.object({
  ...Object.fromEntries(
    Object.entries(modelChanges).map(([k, v]) => [k, v.optional()]),
  ) as { [K in keyof typeof modelChanges]: z.ZodOptional<(typeof modelChanges)[K]> },
  is_active: z.boolean().optional().openapi({ description: "False retires the model" }),
  is_default: z.literal(true).optional()
    .openapi({ description: "Makes it the system default (the previous one stops being it)" }),
}).strict().refine((b) => Object.keys(b).length > 0, {
  message: "give at least one change",
}).openapi("ModelUpdate");

// A model id has one slash (provider/model): the path takes its two halves.
const modelPath = z.object({
  provider: z.string().min(1).max(50).openapi({ param: { name: "provider", in: "path" } }),
  name: z.string().min(1).max(150).openapi({ param: { name: "name", in: "path" } }),
});

const tags = ["admin"];

const list = createRoute({
  method: "get",
  path: "/admin/models",
  tags,
  security,
  summary: "Every model, retired ones too, with its prices",
  responses: { 200: json(z.object({ items: z.array(adminModelSchema) })), ...errorResponses },
});

const create = createRoute({
  method: "post",
  path: "/admin/models",
  tags,
  security,
  summary: "Add a model runs can use (audited)",
  request: jsonBody(newModel),
  responses: { 201: json(adminModelSchema), ...errorResponses },
});

const update = createRoute({
  method: "patch",
  path: "/admin/models/{provider}/{name}",
  tags,
  security,
  summary: "Change a model's name, tier, prices or context, retire it, or make it the default",
  request: { params: modelPath, ...jsonBody(modelUpdate) },
  responses: { 200: json(adminModelSchema), ...errorResponses },
});

const invalid = (field: string, message: string, code = "validation_failed") =>
  new ApiError(422, code, message, { fields: [{ field, message }] });

/** Every model, or the one with this id, as admins see it. */
function adminModels(tx: Tx, id: string | null = null): Promise<AdminModel[]> {
  return tx<AdminModel[]>`
    select ${tx.unsafe(modelColumns)}, m.provider_model_id, m.is_active,
      to_jsonb(m.updated_at) #>> '{}' as updated_at
    from public.models m join public.providers p on p.id = m.provider_id
    where ${id === null ? tx`true` : tx`m.id = ${id}`}
    order by not m.is_active, p.is_standin, m.provider_id, m.tier, m.id`;
}

/**
 * The table's own rules (CHECK constraints, so Studio and SQL keep them too), said at the field a
 * request got wrong instead of as a bare 422.
 */
async function withModelRules<T>(
  write: () => Promise<T>,
  defaultField: "is_active" | "is_default",
): Promise<T> {
  try {
    return await write();
  } catch (e) {
    const { code, constraint_name: rule } = e as { code?: string; constraint_name?: string };
    if (code === "23514" && rule === "models_check") {
      throw invalid("cached_input_per_1k", "the cached input price is at most the input price");
    }
    if (code === "23514" && rule === "models_default_is_active") {
      throw invalid(
        defaultField,
        "the system default is an active model: make another model the default first",
        "model_is_default",
      );
    }
    throw e;
  }
}

export const adminModelRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    const items = await asCaller(deps, c, (tx) => adminModels(tx));
    return c.json({ items }, 200);
  });

  app.openapi(create, async (c) => {
    const b = c.req.valid("json");
    const model = await asCaller(deps, c, async (tx) => {
      const [provider] = await tx`select 1 from public.providers where id = ${b.provider_id}`;
      if (!provider) throw invalid("provider_id", "no such provider", "unknown_provider");
      const [taken] = await tx`select 1 from public.models where id = ${b.id}`;
      if (taken) {
        throw new ApiError(409, "model_exists", `a model ${b.id} already exists`, {
          fields: [{ field: "id", message: "already a model" }],
        });
      }
      await withModelRules(
        () =>
          tx`
          insert into public.models (id, provider_id, provider_model_id, display_name, tier,
            price_per_1k_input, price_per_1k_output, price_per_1k_cached_input, max_context_tokens)
          values (${b.id}, ${b.provider_id}, ${b.provider_model_id}, ${b.display_name},
            ${b.tier}, ${b.input_per_1k}, ${b.output_per_1k}, ${b.cached_input_per_1k},
            ${b.max_context_tokens})`,
        "is_default",
      );
      return one(await adminModels(tx, b.id));
    });
    return c.json(model, 201);
  });

  app.openapi(update, async (c) => {
    const { provider, name } = c.req.valid("param");
    const id = `${provider}/${name}`;
    const b = c.req.valid("json");
    const model = await asCaller(deps, c, async (tx) => {
      const [current] = await tx<{ is_default: boolean }[]>`
        select is_default from public.models where id = ${id} for update`;
      if (!current) throw notFound("model");
      const set: Record<string, unknown> = {};
      const columns = {
        display_name: "display_name",
        tier: "tier",
        input_per_1k: "price_per_1k_input",
        output_per_1k: "price_per_1k_output",
        cached_input_per_1k: "price_per_1k_cached_input",
        max_context_tokens: "max_context_tokens",
        is_active: "is_active",
      } as const;
      for (const [field, column] of Object.entries(columns)) {
        const value = b[field as keyof typeof columns];
        if (value !== undefined) set[column] = value;
      }
      // The default is an active model (models_default_is_active): retiring it, or making a
      // retired model the default, is refused by the table, and said at the field asked.
      await withModelRules(async () => {
        if (b.is_default && !current.is_default) {
          // One default at a time (a unique index): the old one steps down in this transaction.
          await tx`update public.models set is_default = false where is_default and id <> ${id}`;
          set.is_default = true;
        }
        if (Object.keys(set).length > 0) {
          await tx`update public.models set ${tx(set, ...Object.keys(set))} where id = ${id}`;
        }
      }, b.is_default ? "is_default" : "is_active");
      return one(await adminModels(tx, id));
    });
    return c.json(model, 200);
  });
};
