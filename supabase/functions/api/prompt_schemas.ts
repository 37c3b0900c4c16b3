// Zod schemas of prompts and versions, shared by the library routes and the runs routes. The
// rules mirror the SQL validators (is_valid_prompt_variables, is_valid_model_config) so a bad
// body is refused before the database, naming the exact field (e.g. `variables.1.options`).
import { z } from "@hono/zod-openapi";
import {
  orNull,
  promptStatusSchema,
  promptVisibilitySchema,
  runStatusSchema,
  versionSourceSchema,
} from "./contract.ts";

export const MAX_CONTENT_CHARS = 100_000;

const variableName = z.string().regex(
  /^[A-Za-z_][A-Za-z0-9_]{0,63}$/,
  "a letter or _, then letters, digits or _ (at most 64 characters)",
);

/** A typed variable's type (variables are jsonb, checked by is_valid_prompt_variables). */
export const variableTypeSchema = z.enum(["string", "number", "boolean", "enum"]).openapi(
  "VariableType",
);

// The JSON type of a scalar default, in the words the variable types use.
const jsonType = (value: string | number | boolean) =>
  typeof value === "string" ? "string" : typeof value === "number" ? "number" : "boolean";

export const variableSchema = z.object({
  name: variableName,
  type: variableTypeSchema,
  required: z.boolean().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  options: z.array(z.string().max(500)).max(100).nullable().optional(),
  description: z.string().max(500).optional(),
}).strict().superRefine((v, ctx) => {
  if (v.type === "enum") {
    if (!v.options || v.options.length === 0) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "an enum needs options" });
    } else if (new Set(v.options).size !== v.options.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "options must be distinct" });
    }
  } else if (v.options != null) {
    ctx.addIssue({ code: "custom", path: ["options"], message: "only an enum has options" });
  }
  if (v.default != null) {
    const ok = v.type === "enum"
      ? typeof v.default === "string" && (v.options ?? []).includes(v.default)
      : jsonType(v.default) === v.type;
    if (!ok) {
      ctx.addIssue({
        code: "custom",
        path: ["default"],
        message: v.type === "enum" ? "the default must be one of the options" : `not a ${v.type}`,
      });
    }
  }
}).openapi("PromptVariable");

/** The most a version's variables may weigh as JSON (SQL allows jsonb's spacing on top). */
export const MAX_VARIABLES_JSON = 65_536;

export const variablesSchema = z.array(variableSchema).max(100).superRefine((list, ctx) => {
  const size = new TextEncoder().encode(JSON.stringify(list)).length;
  if (size > MAX_VARIABLES_JSON) {
    ctx.addIssue({
      code: "custom",
      message: `the variables weigh ${size} bytes as JSON; at most ${MAX_VARIABLES_JSON}`,
    });
  }
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (seen.has(v.name)) {
      ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate variable ${v.name}` });
    }
    seen.add(v.name);
  });
}).openapi("PromptVariables");

export const modelConfigSchema = z.object({
  model: z.string().min(1).max(200).optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().max(10_000_000).optional(),
}).strict().openapi("ModelConfig");

export type PromptVariable = z.infer<typeof variableSchema>;
export type ModelConfig = z.infer<typeof modelConfigSchema>;

// too_big on `content` becomes a 413 in the validation hook.
export const contentSchema = z.string().max(MAX_CONTENT_CHARS);
export const titleSchema = z.string().trim().min(1).max(300);
export const promptDescriptionSchema = z.string().max(2000).nullable();
export const tagNameSchema = z.string().trim().min(1).max(50);
/** A prompt's name: a slug unique per user, by which apps fetch it. */
export const promptNameSchema = z.string().regex(
  /^[a-z0-9][a-z0-9._-]{0,99}$/,
  "lowercase letters, digits, '.', '_' or '-' (at most 100), starting with a letter or digit",
).openapi({ example: "support-reply" });
/** A label's name: production, staging or any other; latest means the current version. */
export const labelNameSchema = z.string().regex(
  /^[a-z0-9][a-z0-9_-]{0,49}$/,
  "lowercase letters, digits, '_' or '-' (at most 50)",
).openapi({ example: "production" });

/** Who speaks a chat message. */
export const chatRoleSchema = z.enum(["system", "user", "assistant"]).openapi("ChatRole");

/** One chat message; {{variables}} may appear in any message's content. */
export const chatMessageSchema = z.object({
  role: chatRoleSchema,
  content: z.string().max(MAX_CONTENT_CHARS),
}).strict().openapi("ChatMessage");
export const chatMessagesSchema = z.array(chatMessageSchema).min(1).max(100);

/** A JSON response format: the JSON Schema the model's answer must fit. */
export const responseFormatSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  schema: z.record(z.string(), z.unknown()),
  strict: z.boolean().optional(),
}).strict().openapi("ResponseFormat");
export const tagNamesSchema = z.array(tagNameSchema).max(50);

/** What a new version carries (POST /prompts/:id/versions, and the first version of a prompt). */
// A text version has content; a chat version has messages instead (its content is then the
// messages written out, by SQL).
export const versionInputSchema = z.object({
  content: contentSchema.optional(),
  messages: chatMessagesSchema.optional(),
  response_format: responseFormatSchema.nullable().optional(),
  variables: variablesSchema.optional(),
  model_config: modelConfigSchema.optional(),
  summary: z.string().max(1000).nullable().optional(),
});

/**
 * Exactly one of content and messages. Checked even when other fields failed (`when`), so a body
 * missing both is told so alongside its other problems.
 */
const isTextOrChat = (b: { content?: string; messages?: unknown[] }) =>
  (b.content === undefined) !== (b.messages === undefined);
const textOrChat = {
  message: "give either content (a text prompt) or messages (a chat prompt)",
  path: ["content"],
  when: (payload: { value: unknown }) =>
    typeof payload.value === "object" && payload.value !== null,
};

export const createVersionBody = versionInputSchema.extend({
  // "improve" is how the runs helper saves an accepted improvement.
  source: versionSourceSchema.extract(["manual", "improve"]).optional(),
}).strict().refine(isTextOrChat, textOrChat).openapi("NewPromptVersion");

export const createPromptBody = versionInputSchema.extend({
  title: titleSchema,
  name: promptNameSchema.optional(),
  description: promptDescriptionSchema.optional(),
  catalog_id: z.uuid().nullable().optional(),
  tags: tagNamesSchema.optional(),
  status: promptStatusSchema.optional(),
  visibility: promptVisibilitySchema.optional(),
}).strict().refine(isTextOrChat, textOrChat).openapi("NewPrompt");

export const updatePromptBody = z.object({
  title: titleSchema.optional(),
  name: promptNameSchema.optional(),
  description: promptDescriptionSchema.optional(),
  status: promptStatusSchema.optional(),
  catalog_id: z.uuid().nullable().optional(),
  visibility: promptVisibilitySchema.optional(),
}).strict().refine((b) => Object.keys(b).length > 0, {
  message: "give at least one of title, name, description, status, catalog_id, visibility",
  // An unknown key already says what is wrong; "give at least one" would only add noise.
  when: (payload) => payload.issues.length === 0,
}).openapi("PromptUpdate");

// Responses.

export const versionSchema = z.object({
  id: z.uuid(),
  prompt_id: z.uuid(),
  version_number: z.number().int(),
  title: z.string(),
  content: z.string(),
  messages: orNull(z.array(chatMessageSchema)),
  response_format: orNull(responseFormatSchema),
  summary: z.string().nullable(),
  variables: z.array(variableSchema),
  model_config: modelConfigSchema,
  source: versionSourceSchema,
  restored_from_version: z.number().int().nullable(),
  created_at: z.string(),
}).openapi("PromptVersion");

export const tagSchema = z.object({ id: z.uuid(), name: z.string() }).openapi("TagRef");

export const lastRunSchema = z.object({
  id: z.uuid(),
  status: runStatusSchema,
  model: z.string(),
  latency_ms: z.number().int().nullable(),
  token_usage: z.record(z.string(), z.unknown()).nullable(),
  error_message: z.string().nullable(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
}).openapi("LastRunSummary");

export const labelSchema = z.object({
  label: labelNameSchema,
  version_id: z.uuid(),
  version_number: z.number().int(),
  updated_at: z.string(),
}).openapi("PromptLabel");

export const promptSchema = z.object({
  id: z.uuid(),
  name: promptNameSchema,
  title: z.string(),
  description: z.string().nullable(),
  catalog_id: z.uuid().nullable(),
  catalog: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  status: promptStatusSchema,
  published_at: z.string().nullable(),
  visibility: promptVisibilitySchema,
  created_at: z.string(),
  updated_at: z.string(),
  version_count: z.number().int(),
  current_version: orNull(versionSchema),
  tags: z.array(tagSchema),
  labels: z.array(labelSchema),
  last_run: orNull(lastRunSchema),
}).openapi("Prompt");

export const promptListItemSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  catalog_id: z.uuid().nullable(),
  status: promptStatusSchema,
  visibility: promptVisibilitySchema,
  current_version_number: z.number().int().nullable(),
  tags: z.array(z.string()),
  last_run_status: orNull(runStatusSchema),
  created_at: z.string(),
  updated_at: z.string(),
}).openapi("PromptListItem");

export type PromptDetail = z.infer<typeof promptSchema>;
export type PromptVersion = z.infer<typeof versionSchema>;
