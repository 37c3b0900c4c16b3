// The workflow API's shapes (issue 17): templates, specs, runs with their gate timeline, and
// artifacts, as the SQL rows are (20261205004000-004090).
import { z } from "@hono/zod-openapi";
import { gateStatusSchema, workflowRunStatusSchema } from "../contract.ts";

const json = z.unknown();
/** A workflow template's depth: how thorough its gates are. */
const depthSchema = z.enum(["quick", "standard", "deep"]);

export const templateSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.string(),
  depth: depthSchema,
  tags: z.array(z.string()),
  what_you_get: z.array(z.string()),
  estimated_minutes: z.number().int().nullable(),
  step_count: z.number().int(),
  is_featured: z.boolean(),
  sort_order: z.number().int(),
  spec_id: z.uuid().nullable().openapi({ description: "The current spec (latest active version)" }),
  spec_version: z.number().int().nullable(),
  cost_profile: json.openapi({ description: "The current spec's min, typical and max cost" }),
}).openapi("WorkflowTemplate");

export const intentFieldSchema = z.object({
  field: z.string(),
  type: z.enum(["string", "enum", "integer", "number", "boolean"]),
  required: z.boolean().optional(),
  options: z.array(z.unknown()).optional(),
  default: z.unknown().optional(),
  max_length: z.number().int().optional(),
  description: z.string().optional(),
}).openapi("WorkflowIntentField");

export const specSchema = z.object({
  id: z.uuid(),
  template_id: z.uuid(),
  template_slug: z.string(),
  version: z.number().int(),
  content_hash: z.string(),
  intent_schema: z.array(intentFieldSchema),
  stages: z.array(z.record(z.string(), z.unknown())),
  qa_config: z.record(z.string(), z.unknown()),
  output_guarantees: z.array(z.unknown()),
  cost_profile: z.record(z.string(), z.unknown()),
  artifact_type: z.string().nullable(),
  output_formats: z.array(z.string()),
  is_active: z.boolean(),
  created_at: z.string(),
}).openapi("WorkflowSpec");

export const templateDetailSchema = templateSchema.extend({ spec: specSchema.nullable() })
  .openapi("WorkflowTemplateDetail");

export const runSchema = z.object({
  id: z.uuid(),
  spec_id: z.uuid(),
  spec_version: z.number().int(),
  template_id: z.uuid(),
  template_slug: z.string(),
  template_name: z.string(),
  user_id: z.uuid(),
  intent: z.record(z.string(), z.unknown()),
  project_slug: z.string(),
  display_name: z.string(),
  status: workflowRunStatusSchema,
  current_gate: z.string().nullable(),
  pause_reason: z.string().nullable(),
  pinned_prompts: z.record(z.string(), z.uuid()).openapi({
    description:
      "Stage id → the library prompt version its reference resolved to when the run started",
  }),
  total_gates: z.number().int(),
  gates_passed: z.number().int(),
  gates_failed: z.number().int(),
  gates_skipped: z.number().int(),
  total_tokens_in: z.number().int(),
  total_tokens_out: z.number().int(),
  total_cost_usd: z.string().openapi({ description: "Exact, as a decimal string" }),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("WorkflowRun");

export const gateSchema = z.object({
  id: z.uuid(),
  stage_id: z.string(),
  gate_id: z.string(),
  gate_name: z.string(),
  phase: z.string().nullable(),
  gate_order: z.number().int(),
  agent: z.string().nullable(),
  model: z.string().nullable(),
  provider: z.string().nullable(),
  is_required: z.boolean(),
  is_approval: z.boolean(),
  status: gateStatusSchema,
  attempt: z.number().int(),
  max_attempts: z.number().int(),
  prompt_packet: z.string().nullable(),
  raw_output: z.string().nullable(),
  validation_results: z.array(z.record(z.string(), z.unknown())),
  fail_codes: z.array(z.string()),
  error_message: z.string().nullable(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_usd: z.string(),
  duration_ms: z.number().int().nullable(),
  model_run_id: z.uuid().nullable(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  created_at: z.string(),
}).openapi("GateExecution");

export const runDetailSchema = runSchema.extend({ gates: z.array(gateSchema) })
  .openapi("WorkflowRunDetail");

export const artifactSchema = z.object({
  id: z.uuid(),
  run_id: z.uuid(),
  gate_execution_id: z.uuid(),
  gate_id: z.string(),
  attempt: z.number().int().openapi({
    description: "The gate's attempt that wrote it: a retried gate keeps each attempt's files",
  }),
  file_name: z.string(),
  file_path: z.string(),
  content_type: z.string(),
  content_hash: z.string().openapi({ description: "Hex SHA-256 of the UTF-8 content" }),
  size_bytes: z.number().int(),
  artifact_type: z.string().nullable(),
  created_at: z.string(),
}).openapi("WorkflowArtifact");

/** An artifact in the list of all the caller's, with the run that made it. */
export const artifactListItemSchema = artifactSchema.extend({
  run_name: z.string(),
  project_slug: z.string().nullable(),
}).openapi("WorkflowArtifactListItem");

export const artifactDetailSchema = artifactSchema.extend({ content: z.string() })
  .openapi("WorkflowArtifactDetail");

export const startRunBody = z.object({
  template: z.string().min(1).max(80).openapi({ example: "typographic-etymology" }),
  intent: z.record(z.string(), z.unknown()).openapi({
    example: { word: "serendipity", angle: "etymology" },
  }),
  display_name: z.string().trim().min(1).max(200).optional(),
  spec_id: z.uuid().optional().openapi({ description: "A spec version; the latest by default" }),
}).strict();

export const tickBody = z.object({
  max_gates: z.number().int().min(1).max(200).optional(),
  concurrency: z.number().int().min(1).max(16).optional(),
}).strict();

export const tickResultSchema = z.object({
  gates: z.array(z.object({
    gate_execution_id: z.uuid(),
    run_id: z.uuid(),
    gate_id: z.string(),
    attempt: z.number().int(),
    gate_status: gateStatusSchema,
    run_status: workflowRunStatusSchema,
    pause_reason: z.string().nullable(),
  })),
}).openapi("WorkflowTick");

export const modelCostSchema = z.object({
  model: z.string(),
  provider: z.string(),
  gate_executions: z.number().int(),
  single_runs: z.number().int(),
  tokens_in: z.number().int(),
  tokens_out: z.number().int(),
  cost_usd: z.string().openapi({ description: "Exact, as a decimal string" }),
  avg_gate_duration_ms: z.number().nullable(),
  avg_run_latency_ms: z.number().nullable(),
}).openapi("WorkflowModelCost");

export const newTemplateBody = z.object({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/).openapi({ example: "product-teardown" }),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).optional(),
  type: z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/).openapi({ example: "research" }),
  depth: depthSchema.optional(),
  tags: z.array(z.string().min(1).max(50)).max(20).optional(),
  what_you_get: z.array(z.string().min(1).max(300)).max(20).optional(),
  estimated_minutes: z.number().int().min(1).max(1440).optional(),
  is_featured: z.boolean().optional(),
  is_active: z.boolean().optional(),
  sort_order: z.number().int().min(-100000).max(100000).optional(),
}).strict();

export const newSpecBody = z.object({
  intent_schema: z.array(intentFieldSchema).max(50),
  stages: z.array(z.record(z.string(), z.unknown())).min(1).max(50),
  qa_config: z.object({
    min_pass_rate: z.number().min(0).max(1).optional(),
    block_on_critical: z.boolean().optional(),
    generate_report: z.boolean().optional(),
    checks: z.array(
      z.object({
        name: z.string().min(1).max(100),
        type: z.enum([
          "json_schema",
          "regex",
          "max_length",
          "contains",
          "file_exists",
          "contains_headings",
          "model_graded",
        ]),
        config: z.record(z.string(), z.unknown()).optional(),
        severity: z.enum(["critical", "warning", "info"]),
        required: z.boolean().optional(),
        fail_code: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/),
      }).strict(),
    ).max(100),
  }).strict(),
  output_guarantees: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  cost_profile: z.record(z.string(), z.unknown()).optional(),
  artifact_type: z.string().max(50).optional(),
  output_formats: z.array(z.string().min(1).max(20)).max(10).optional(),
}).strict();
