// The API's contract in one place: the enums its records share with SQL (each mirrors a
// Postgres enum of the same name), and the request and response types, inferred from the zod
// schemas that validate requests and generate /openapi.json. Routes and modules import types
// from here; the client's types are generated from /openapi.json.
import { z } from "@hono/zod-openapi";
import type { Database } from "../../types/database.ts";

type DbEnums = Database["public"]["Enums"];

/**
 * A Postgres enum's values, every one of them: a value SQL has and this list lacks (or one SQL
 * does not have) fails type checking, so the API cannot silently drift from the schema.
 */
const allOf = <K extends keyof DbEnums>() =>
<const T extends readonly DbEnums[K][]>(
  values:
    & T
    & ([DbEnums[K]] extends [T[number]] ? unknown : { missing: Exclude<DbEnums[K], T[number]> }),
) => values;

/** public.run_status. */
export const runStatusSchema = z.enum(
  allOf<"run_status">()([
    "pending",
    "running",
    "success",
    "error",
    "timeout",
    "cancelled",
  ]),
).openapi("RunStatus");
export type RunStatus = z.infer<typeof runStatusSchema>;

/** public.run_kind: what a model call was for. */
export const runKindSchema = z.enum(
  allOf<"run_kind">()([
    "prompt",
    "improve",
    "builder_questions",
    "builder_template",
    "builder_polish",
    "gateway",
    "workflow_gate",
  ]),
).openapi("RunKind");
export type RunKind = z.infer<typeof runKindSchema>;

/** The run kinds of the prompt builder: calls with no prompt (there is none yet). */
export const builderKinds = ["builder_questions", "builder_template", "builder_polish"] as const;
export type BuilderKind = (typeof builderKinds)[number];

/** public.builder_tone (seed 004). */
export const builderToneSchema = z.enum(
  allOf<"builder_tone">()([
    "neutral",
    "professional",
    "friendly",
    "casual",
    "formal",
    "technical",
    "persuasive",
  ]),
).openapi("BuilderTone");
export type BuilderTone = z.infer<typeof builderToneSchema>;

/** public.builder_length (seed 004). */
export const builderLengthSchema = z.enum(allOf<"builder_length">()(["short", "medium", "long"]))
  .openapi("BuilderLength");
export type BuilderLength = z.infer<typeof builderLengthSchema>;

/** public.plan: what a user's account allows (daily runs, model tiers, output tokens). */
export const planSchema = z.enum(allOf<"plan">()(["free", "pro", "enterprise"])).openapi("Plan");
export type Plan = z.infer<typeof planSchema>;

/** public.user_role. */
export const userRoleSchema = z.enum(allOf<"user_role">()(["user", "admin"])).openapi("UserRole");
export type UserRole = z.infer<typeof userRoleSchema>;

/** public.prompt_status. */
export const promptStatusSchema = z.enum(
  allOf<"prompt_status">()(["draft", "published", "archived"]),
)
  .openapi("PromptStatus");

/**
 * public.prompt_visibility. private: the owner's alone; unlisted: readable through its share
 * link; public: in the gallery.
 */
export const promptVisibilitySchema = z.enum(
  allOf<"prompt_visibility">()(["private", "unlisted", "public"]),
).openapi("PromptVisibility");

/** public.prompt_version_source: how a version came to be. */
export const versionSourceSchema = z.enum(
  allOf<"prompt_version_source">()(["manual", "restore", "improve", "import", "builder", "fork"]),
).openapi("VersionSource");

/** public.retention_policy and public.theme: a user's settings. */
export const retentionPolicySchema = z.enum(
  allOf<"retention_policy">()(["fourteen_days", "thirty_days", "always"]),
).openapi("RetentionPolicy");
export const themeSchema = z.enum(allOf<"theme">()(["system", "light", "dark"])).openapi("Theme");

/** public.model_tier: which plans may run a model. */
export const modelTierSchema = z.enum(allOf<"model_tier">()(["top", "mid", "low"]))
  .openapi("ModelTier");

/** public.validator_type: how a validator (or a workflow's check) judges an output. */
export const validatorTypeSchema = z.enum(
  allOf<"validator_type">()(["json_schema", "regex", "max_length", "contains"]),
).openapi("ValidatorType");
export type ValidatorType = z.infer<typeof validatorTypeSchema>;

/** public.feedback_type, public.feedback_priority, public.feedback_status (seed 004). */
export const feedbackTypeSchema = z.enum(
  allOf<"feedback_type">()(["bug", "feature", "general", "support"]),
).openapi("FeedbackType");
export const feedbackPrioritySchema = z.enum(
  allOf<"feedback_priority">()(["low", "medium", "high", "urgent"]),
).openapi("FeedbackPriority");
export const feedbackStatusSchema = z.enum(
  allOf<"feedback_status">()(["open", "in_progress", "resolved", "closed"]),
).openapi("FeedbackStatus");

/** public.workflow_run_status and public.gate_status (seed 003). */
export const workflowRunStatusSchema = z.enum(
  allOf<"workflow_run_status">()([
    "pending",
    "running",
    "paused",
    "completed",
    "failed",
    "cancelled",
  ]),
).openapi("WorkflowRunStatus");
export const gateStatusSchema = z.enum(
  allOf<"gate_status">()(["pending", "running", "passed", "failed", "skipped", "warning"]),
).openapi("GateStatus");

/** Whose key paid for a call (runs.key_source). */
export const keySourceSchema = z.enum(["user", "project", "standin"]).openapi("KeySource");
export type KeySource = z.infer<typeof keySourceSchema>;

/**
 * A named schema (a component of /openapi.json) that may also be null here. `.nullable()` on it
 * would make the component itself nullable everywhere it is used.
 */
export const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

/** A run that can no longer change. */
export const isFinal = (status: RunStatus): boolean => status !== "pending" && status !== "running";

export type { RunRecord } from "./run/record.ts";
export type { ModelConfig, PromptVariable } from "./prompt_schemas.ts";
