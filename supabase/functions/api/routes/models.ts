// Models: GET /models, the active models runs can use, with their prices per 1 000 tokens,
// provider, tier and capabilities, and whether the caller's plan may run each (plan_limits) and
// which one is the system default. Reference data, small enough to return whole.
import { createRoute, z } from "@hono/zod-openapi";
import type { RouteModule } from "../context.ts";
import { modelTierSchema } from "../contract.ts";
import { asCaller, errorResponses, json, security } from "../schemas.ts";

export const modelSchema = z.object({
  id: z.string().openapi({ example: "openai/gpt-4o-mini" }),
  display_name: z.string(),
  tier: modelTierSchema,
  provider: z.object({
    id: z.string(),
    name: z.string(),
    is_standin: z.boolean().openapi({
      description: "The local deterministic stand-in, not a real model",
    }),
  }),
  prices: z.object({
    currency: z.literal("USD"),
    input_per_1k: z.number(),
    output_per_1k: z.number(),
    cached_input_per_1k: z.number().nullable(),
  }),
  max_context_tokens: z.number().int().nullable(),
  capabilities: z.object({
    tools: z.boolean(),
    streaming: z.boolean(),
    structured_output: z.boolean(),
  }),
  in_plan: z.boolean().openapi({
    description: "Whether the caller's plan may run this model (its tier is in the plan)",
  }),
  is_default: z.boolean().openapi({
    description:
      "The model a run uses when neither the request, the version nor the user names one",
  }),
}).openapi("Model");

/**
 * modelSchema's columns but in_plan, read from `public.models m` joined with `public.providers p`.
 * Prices are numeric(12,8) in SQL; float8 keeps them exact enough for display and JSON.
 */
export const modelColumns = `m.id, m.display_name, m.tier,
  json_build_object('id', p.id, 'name', p.name, 'is_standin', p.is_standin) as provider,
  json_build_object('currency', 'USD',
    'input_per_1k', m.price_per_1k_input::float8,
    'output_per_1k', m.price_per_1k_output::float8,
    'cached_input_per_1k', m.price_per_1k_cached_input::float8) as prices,
  m.max_context_tokens,
  json_build_object('tools', m.supports_tools, 'streaming', m.supports_streaming,
    'structured_output', m.supports_structured_output) as capabilities,
  m.is_default`;

const list = createRoute({
  method: "get",
  path: "/models",
  tags: ["models"],
  security,
  responses: { 200: json(z.object({ items: z.array(modelSchema) })), ...errorResponses },
});

export const modelRoutes: RouteModule = (app, deps) => {
  app.openapi(list, async (c) => {
    // Prices are numeric(12,8) in SQL; float8 keeps them exact enough for display and JSON.
    const items = await asCaller(deps, c, (tx) =>
      tx<z.infer<typeof modelSchema>[]>`
        select ${tx.unsafe(modelColumns)}, coalesce(m.tier = any (pl.model_tiers), false) as in_plan
        from public.models m
        join public.providers p on p.id = m.provider_id
        left join public.profiles pr on pr.id = (select auth.uid())
        left join public.plan_limits pl on pl.plan = pr.plan
        where m.is_active and p.is_enabled
        order by p.is_standin, m.provider_id, m.tier, m.id`);
    return c.json({ items }, 200);
  });
};
