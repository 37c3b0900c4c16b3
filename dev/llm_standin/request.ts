// Validation of OpenAI chat completion requests, with the 400s OpenAI gives for bad ones.
import { ApiError } from "./errors.ts";
import type { JsonMode } from "./reply.ts";

export interface ChatMessage {
  role: string;
  content: string;
  name?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  stop: string[];
  stream: boolean;
  includeUsage: boolean;
  json: JsonMode;
}

const ROLES = ["system", "developer", "user", "assistant", "tool", "function"];

/** The most characters of messages one request may carry (about 128k tokens of text). */
export const MAX_PROMPT_CHARS = 512_000;
/** The most completion tokens one request may ask for. */
export const MAX_COMPLETION_TOKENS = 131_072;

function invalid(param: string | null, message: string, code = "invalid_value"): ApiError {
  return new ApiError(400, { message, type: "invalid_request_error", param, code });
}

// Content may be a string, an array of parts (only text parts carry tokens we can count), or
// null for an assistant message that only made tool calls.
function contentText(content: unknown, role: string, i: number): string {
  if (typeof content === "string") return content;
  if (content === null && role === "assistant") return "";
  if (Array.isArray(content)) {
    return content.map((part) =>
      part && typeof part === "object" && part.type === "text" && typeof part.text === "string"
        ? part.text
        : ""
    ).join("");
  }
  throw invalid(
    `messages[${i}].content`,
    `Invalid value for 'content': expected a string or an array of content parts.`,
    "invalid_type",
  );
}

function optionalNumber(body: Record<string, unknown>, key: string, min: number, max: number) {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max) {
    throw invalid(key, `Invalid '${key}': expected a number from ${min} to ${max}.`);
  }
  return v;
}

export function parseChatRequest(raw: unknown): ChatRequest {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw invalid(null, "The body of your request must be a JSON object.", "invalid_json");
  }
  const body = raw as Record<string, unknown>;
  if (typeof body.model !== "string" || body.model === "") {
    throw invalid("model", "you must provide a model parameter", "missing_required_parameter");
  }
  if (body.messages === undefined) {
    throw invalid(
      "messages",
      "Missing required parameter: 'messages'.",
      "missing_required_parameter",
    );
  }
  if (!Array.isArray(body.messages)) {
    throw invalid("messages", "Invalid type for 'messages': expected an array.", "invalid_type");
  }
  if (body.messages.length === 0) {
    throw invalid(
      "messages",
      "Invalid 'messages': empty array. Expected an array with minimum length 1.",
      "empty_array",
    );
  }
  const messages = body.messages.map((m: unknown, i: number): ChatMessage => {
    if (typeof m !== "object" || m === null) throw invalid(`messages[${i}]`, "Invalid message.");
    const { role, content, name } = m as Record<string, unknown>;
    if (typeof role !== "string" || !ROLES.includes(role)) {
      throw invalid(`messages[${i}].role`, `Invalid value: '${role}'. Supported: ${ROLES}.`);
    }
    const text = contentText(content, role, i);
    return typeof name === "string" ? { role, content: text, name } : { role, content: text };
  });
  // Absurd requests are refused at once, as a real provider does, instead of spending minutes
  // of CPU counting and generating: the stand-in's context is bounded like a real model's.
  const chars = messages.reduce((n, m) => n + m.content.length, 0);
  if (chars > MAX_PROMPT_CHARS) {
    throw invalid(
      "messages",
      `This model's maximum context is ${MAX_PROMPT_CHARS} characters of messages; you sent ${chars}.`,
      "context_length_exceeded",
    );
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (
    maxTokens !== undefined && maxTokens !== null &&
    !(Number.isInteger(maxTokens) && (maxTokens as number) >= 1)
  ) {
    throw invalid("max_tokens", "Invalid 'max_tokens': expected an integer of at least 1.");
  }
  if (typeof maxTokens === "number" && maxTokens > MAX_COMPLETION_TOKENS) {
    throw invalid(
      "max_tokens",
      `max_tokens is too large: ${maxTokens}. This model supports at most ${MAX_COMPLETION_TOKENS} completion tokens.`,
    );
  }
  if (body.n !== undefined && body.n !== null && body.n !== 1) {
    throw invalid("n", "The Promptline LLM stand-in only supports n=1.", "unsupported_value");
  }
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    throw invalid("stream", "Invalid type for 'stream': expected a boolean.", "invalid_type");
  }
  const stop = body.stop === undefined || body.stop === null
    ? []
    : Array.isArray(body.stop)
    ? body.stop
    : [body.stop];
  if (stop.length > 4 || !stop.every((s) => typeof s === "string" && s !== "")) {
    throw invalid("stop", "Invalid 'stop': expected a string or up to 4 strings.");
  }
  return {
    model: body.model,
    messages,
    temperature: optionalNumber(body, "temperature", 0, 2),
    maxTokens: (maxTokens ?? undefined) as number | undefined,
    stop: stop as string[],
    stream: body.stream === true,
    includeUsage: body.stream === true &&
      (body.stream_options as Record<string, unknown> | undefined)?.include_usage === true,
    json: jsonMode(body.response_format),
  };
}

function jsonMode(format: unknown): JsonMode {
  if (format === undefined || format === null) return { kind: "none" };
  const f = format as Record<string, unknown>;
  if (f.type === "text") return { kind: "none" };
  if (f.type === "json_object") return { kind: "object" };
  if (f.type === "json_schema") {
    return {
      kind: "schema",
      schema: (f.json_schema as Record<string, unknown> | undefined)?.schema,
    };
  }
  throw invalid(
    "response_format.type",
    "Invalid 'response_format.type': expected text, json_object or json_schema.",
  );
}
