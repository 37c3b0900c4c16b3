// The OpenAI-compatible endpoint (issue 19): POST /v1/chat/completions and GET /v1/models, for
// the official `openai` client with only baseURL (…/functions/v1/api/v1) and apiKey (a pl_ key)
// changed. `model: "prompt:<name>@<label>"` (or prompt:<name>, latest; or prompt:<id>) runs a
// stored prompt with `variables` from the body (extra_body), the caller's messages appended
// after the prompt's; a plain model id is passed through as a gateway run. Either way it is one
// run of the run service: metered, priced, recorded. Errors are OpenAI's shape (openai_errors.ts).
import { createRoute, z } from "@hono/zod-openapi";
import { ApiError } from "../../_shared/errors.ts";
import type { RouteModule } from "../context.ts";
import { labelNameSchema, promptNameSchema } from "../prompt_schemas.ts";
import { quotaHeaders } from "../quota.ts";
import type { ChatMessage } from "../run/store.ts";
import { runServiceOf } from "../run/service.ts";
import { asCaller, errorResponses, json, jsonBody, security } from "../schemas.ts";
import { chatCompletionStream, openAiUsage } from "../sse.ts";

const tags = ["openai-compatible"];

const contentPart = z.object({ type: z.literal("text"), text: z.string() }).passthrough();
const messageSchema = z.object({
  // OpenAI's newer "developer" role is a system message to every other provider.
  role: z.enum(["system", "developer", "user", "assistant"]),
  content: z.union([z.string(), z.array(contentPart)]),
  name: z.string().optional(),
}).passthrough();

const completionBody = z.object({
  model: z.string().min(1).max(300).openapi({ example: "prompt:support-reply@production" }),
  messages: z.array(messageSchema).max(100).default([]),
  variables: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional().openapi({ description: "A stored prompt's variables (extra_body)" }),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().max(1_000_000).optional(),
  max_completion_tokens: z.number().int().positive().max(1_000_000).optional(),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().optional(),
  n: z.literal(1).optional().openapi({ description: "Only one choice is made" }),
}).passthrough().openapi("ChatCompletionRequest");

const completionSchema = z.object({
  id: z.string(),
  object: z.literal("chat.completion"),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(z.object({
    index: z.number().int(),
    message: z.object({ role: z.literal("assistant"), content: z.string() }),
    finish_reason: z.string(),
  })),
  usage: z.object({
    prompt_tokens: z.number(),
    completion_tokens: z.number(),
    total_tokens: z.number(),
  }).passthrough(),
  promptline: z.object({
    run_id: z.uuid(),
    cost_usd: z.string().nullable(),
    prompt_id: z.uuid().nullable(),
    version_id: z.uuid().nullable(),
    label: z.string().nullable(),
    standin: z.boolean(),
  }),
}).openapi("ChatCompletion");

const completions = createRoute({
  method: "post",
  path: "/v1/chat/completions",
  tags,
  security,
  summary: "OpenAI-compatible chat completions: a stored prompt (prompt:name@label) or any model",
  request: jsonBody(completionBody),
  responses: {
    200: {
      description: "A chat.completion, or with stream: true a stream of chat.completion.chunk",
      content: {
        "application/json": { schema: completionSchema },
        "text/event-stream": { schema: z.string() },
      },
    },
    ...errorResponses,
    429: { description: "Quota or rate limit (Retry-After)" },
  },
});

const models = createRoute({
  method: "get",
  path: "/v1/models",
  tags,
  security,
  responses: {
    200: json(z.object({
      object: z.literal("list"),
      data: z.array(z.object({
        id: z.string(),
        object: z.literal("model"),
        created: z.number().int(),
        owned_by: z.string(),
      })),
    })),
    ...errorResponses,
  },
});

/** What `model` names: a stored prompt (by name and label, or id) or a model to pass through. */
export type ModelRef =
  | { kind: "prompt"; promptId: string | null; promptName?: string; label?: string }
  | { kind: "gateway"; model: string };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseModel(model: string): ModelRef {
  if (!model.startsWith("prompt:")) return { kind: "gateway", model };
  const ref = model.slice("prompt:".length);
  if (uuid.test(ref)) return { kind: "prompt", promptId: ref.toLowerCase() };
  const at = ref.lastIndexOf("@");
  const name = at < 0 ? ref : ref.slice(0, at);
  const label = at < 0 ? "latest" : ref.slice(at + 1);
  if (!promptNameSchema.safeParse(name).success || !labelNameSchema.safeParse(label).success) {
    throw new ApiError(
      400,
      "invalid_model",
      "model must be prompt:<name>@<label>, prompt:<id>, or a model id",
      {
        fields: [{ field: "model", message: "not prompt:<name>@<label>" }],
      },
    );
  }
  return { kind: "prompt", promptId: null, promptName: name, label };
}

/** OpenAI's message forms as ours: text parts joined, developer as system. */
export function toChatMessages(messages: z.infer<typeof messageSchema>[]): ChatMessage[] {
  return messages.map((m) => ({
    role: m.role === "developer" ? "system" : m.role,
    content: typeof m.content === "string" ? m.content : m.content.map((p) => p.text).join(""),
  }));
}

export const openAiRoutes: RouteModule = (app, deps) => {
  const runs = runServiceOf(deps);

  app.openapi(completions, async (c) => {
    const body = c.req.valid("json");
    const ref = parseModel(body.model);
    const messages = toChatMessages(body.messages);
    if (ref.kind === "gateway" && messages.length === 0) {
      throw new ApiError(400, "invalid_messages", "messages must have at least one message", {
        fields: [{ field: "messages", message: "at least one message" }],
      });
    }
    const stream = body.stream === true;
    const begun = await runs.begin(c.get("caller"), {
      ...(ref.kind === "gateway"
        ? { kind: "gateway" as const, promptId: null, model: ref.model }
        : { ...ref, kind: "prompt" as const }),
      ...(messages.length ? { messages } : {}),
      variables: body.variables ?? {},
      temperature: body.temperature,
      maxTokens: body.max_completion_tokens ?? body.max_tokens,
      stream,
    });
    if (begun.replayed) throw new Error("a completion has no idempotency key to replay");
    const meta = {
      id: `chatcmpl-${begun.runId}`,
      created: Math.floor(Date.now() / 1000),
      model: begun.model,
    };
    const headers = { ...quotaHeaders(begun.daily), "x-run-id": begun.runId };
    if (stream) {
      return chatCompletionStream(
        begun,
        meta,
        body.stream_options?.include_usage === true,
        headers,
      );
    }
    const run = await begun.execute();
    if (run.status !== "success") {
      const timedOut = run.status === "timeout";
      throw new ApiError(
        timedOut ? 504 : 502,
        timedOut ? "timeout" : "provider_error",
        run.error_message ?? `the run ended ${run.status}`,
        { run_id: run.id },
        headers,
      );
    }
    return c.json(
      {
        ...meta,
        object: "chat.completion" as const,
        choices: [{
          index: 0,
          message: { role: "assistant" as const, content: run.output ?? "" },
          finish_reason: String(run.model_metadata?.finish_reason ?? "stop"),
        }],
        usage: openAiUsage(run),
        promptline: {
          run_id: run.id,
          cost_usd: run.cost_usd,
          prompt_id: run.prompt_id,
          version_id: run.version_id,
          label: run.label,
          standin: run.standin,
        },
      },
      200,
      headers,
    );
  });

  app.openapi(models, async (c) => {
    // The active models, and the caller's prompts as prompt:<name> (newest first, at most 200).
    const rows = await asCaller(
      deps,
      c,
      (tx) =>
        tx<{ id: string; created: number; owned_by: string }[]>`
        (select m.id, extract(epoch from m.created_at)::int as created, m.provider_id as owned_by
         from public.models m join public.providers p on p.id = m.provider_id
         where m.is_active and p.is_enabled order by m.id)
        union all
        (select 'prompt:' || p.name, extract(epoch from p.created_at)::int, 'you'
         from public.prompts p order by p.updated_at desc limit 200)`,
    );
    return c.json({
      object: "list" as const,
      data: rows.map((r) => ({ ...r, object: "model" as const })),
    }, 200);
  });
};
