// The run record as the API returns it, and the SQL that selects it from public.runs.
import { z } from "@hono/zod-openapi";
import { keySourceSchema, orNull, runKindSchema, runStatusSchema } from "../contract.ts";

/** A call's tokens: the provider's count, or an estimate (`estimated`) when it reported none. */
export const tokenUsageSchema = z.object({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  cached_tokens: z.number(),
  reasoning_tokens: z.number(),
  estimated: z.boolean().optional().openapi({
    description: "true when the provider reported no usage (a stream cut off or cancelled, or a " +
      "server that does not report it): the counts, and so the cost, are estimated from the " +
      "text at about four characters a token",
  }),
}).openapi("TokenUsage");

export const runRecordSchema = z.object({
  id: z.uuid(),
  prompt_id: z.uuid().nullable().openapi({
    description: "null for the prompt builder's runs (kind builder_*), made before any prompt",
  }),
  version_id: z.uuid().nullable(),
  label: z.string().nullable().openapi({
    description:
      "The label the run was asked for by (name@label); version_id is what it resolved to",
  }),
  kind: runKindSchema,
  status: runStatusSchema,
  model: z.string(),
  provider_id: z.string().nullable(),
  key_source: orNull(keySourceSchema),
  standin: z.boolean().openapi({ description: "true when the deterministic stand-in answered" }),
  variables: z.record(z.string(), z.unknown()),
  resolved_prompt: z.string().nullable(),
  resolved_messages: z.array(z.object({ role: z.string(), content: z.string() })).nullable()
    .openapi({ description: "The messages sent, when more than one user message" }),
  output: z.string().nullable(),
  token_usage: tokenUsageSchema.nullable(),
  latency_ms: z.number().int().nullable(),
  cost_usd: z.string().nullable().openapi({ description: 'exact decimal USD, e.g. "0.00012300"' }),
  price_snapshot: z.record(z.string(), z.unknown()).nullable(),
  temperature: z.number().nullable(),
  max_tokens: z.number().int().nullable(),
  validation_status: z.enum(["passed", "failed", "skipped"]).nullable(),
  validation_results: z.array(z.object({
    validator_id: z.uuid(),
    name: z.string(),
    type: z.string(),
    passed: z.boolean(),
    message: z.string(),
  })).nullable(),
  attempts: z.number().int(),
  streamed: z.boolean(),
  model_metadata: z.record(z.string(), z.unknown()).nullable(),
  error_message: z.string().nullable(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  created_at: z.string(),
}).openapi("Run");

export type RunRecord = z.infer<typeof runRecordSchema>;
export type { RunKind } from "../contract.ts";

/** Columns of runs aliased `r`, shaped as RunRecord. */
export const runColumns =
  `r.id, r.prompt_id, r.version_id, r.label, r.kind, r.status, r.model, r.provider_id,
  r.key_source, coalesce(r.key_source = 'standin', false) as standin, r.variables,
  r.resolved_prompt, r.resolved_messages, r.output #>> '{}' as output, r.token_usage, r.latency_ms,
  r.cost_usd::text as cost_usd, r.price_snapshot, r.temperature::float8 as temperature,
  r.max_tokens, r.validation_status, r.validation_results, r.attempts, r.streamed,
  r.model_metadata, r.error_message, r.started_at, r.completed_at, r.created_at`;
