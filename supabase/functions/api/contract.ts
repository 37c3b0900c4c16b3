// The API's contract in one place: the enums its records share with SQL (each mirrors a
// Postgres enum of the same name), and the request and response types, inferred from the zod
// schemas that validate requests and generate /openapi.json. Routes and modules import types
// from here; the client's types are generated from /openapi.json.
import { z } from "@hono/zod-openapi";
import type { Database } from "../../types/database.ts";

type DbEnum<K extends keyof Database["public"]["Enums"]> = Database["public"]["Enums"][K];

/** public.run_status. */
export const runStatusSchema = z.enum(
  [
    "pending",
    "running",
    "success",
    "error",
    "timeout",
    "cancelled",
  ] as const satisfies readonly DbEnum<"run_status">[],
).openapi("RunStatus");
export type RunStatus = z.infer<typeof runStatusSchema>;

/** public.run_kind: what a model call was for. */
export const runKindSchema = z.enum(
  [
    "prompt",
    "improve",
    "builder_questions",
    "builder_template",
    "builder_polish",
    "gateway",
    "workflow_gate",
  ] as const satisfies readonly DbEnum<"run_kind">[],
).openapi("RunKind");
export type RunKind = z.infer<typeof runKindSchema>;

/** The run kinds of the prompt builder: calls with no prompt (there is none yet). */
export const builderKinds = ["builder_questions", "builder_template", "builder_polish"] as const;
export type BuilderKind = (typeof builderKinds)[number];

/** public.builder_tone (seed 004). */
export const builderToneSchema = z.enum(
  [
    "neutral",
    "professional",
    "friendly",
    "casual",
    "formal",
    "technical",
    "persuasive",
  ] as const satisfies readonly DbEnum<"builder_tone">[],
).openapi("BuilderTone");
export type BuilderTone = z.infer<typeof builderToneSchema>;

/** public.builder_length (seed 004). */
export const builderLengthSchema = z.enum(
  ["short", "medium", "long"] as const satisfies readonly DbEnum<"builder_length">[],
).openapi("BuilderLength");
export type BuilderLength = z.infer<typeof builderLengthSchema>;

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
