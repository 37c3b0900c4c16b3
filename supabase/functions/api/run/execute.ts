// One provider call with the `openai` client: explicit per-attempt timeout and retries, and an
// overall deadline of the same length (retries included), so a run never outlives its timeout.
// It never throws: every failure becomes an outcome (error or timeout) the run records.
import { AsyncLocalStorage } from "node:async_hooks";
import OpenAI from "openai";
import type { Target } from "./provider.ts";

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  cached_tokens: number;
  reasoning_tokens: number;
  /** The provider reported no usage: the counts are estimated from the text (estimateUsage). */
  estimated?: true;
}

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  data?: Record<string, unknown>;
}

export interface CallOutcome {
  status: "success" | "error" | "timeout" | "cancelled";
  output: string | null;
  usage: TokenUsage | null;
  latencyMs: number;
  attempts: number;
  metadata: Record<string, unknown>;
  error: string | null;
  logs: LogLine[];
}

/** OpenAI's response_format of type json_schema. */
export interface ResponseFormat {
  name: string;
  schema: Record<string, unknown>;
  /** Default true: the provider must keep to the schema. */
  strict?: boolean;
}

export interface CallInput {
  target: Target;
  prompt: string;
  /** The messages to send instead of `prompt` as one user message (chat prompts, appended ones). */
  messages?: { role: "system" | "user" | "assistant"; content: string }[] | null;
  temperature?: number | null;
  maxTokens?: number | null;
  timeoutMs: number;
  maxRetries: number;
  stream: boolean;
  /** Structured output: the JSON schema the answer must fit (sent as response_format). */
  responseFormat?: ResponseFormat;
  /** Streaming only: each text delta as it arrives. Must not throw. */
  onDelta?: (text: string) => void;
  /** Aborted when the run is cancelled (POST /runs/:id/cancel): the call stops, the run is cancelled. */
  cancel?: AbortSignal;
}

const CANCELLED = "cancelled by its owner";

interface UsageLike {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number } | null;
}

export function normalizeUsage(u: UsageLike | null | undefined): TokenUsage | null {
  if (!u || typeof u.prompt_tokens !== "number") return null;
  const prompt = u.prompt_tokens;
  const completion = u.completion_tokens ?? 0;
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: u.total_tokens ?? prompt + completion,
    cached_tokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    reasoning_tokens: u.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

/**
 * Tokens for a call the provider was sent but reported no usage for: a stream cancelled, cut
 * off by the timeout or ended early (usage comes in a stream's last chunk), or a server that
 * never reports it. The provider still bills what it read and wrote, so the run is priced, its
 * budgets spent, by an estimate: about four characters a token, OpenAI's rule of thumb for
 * English text. Marked `estimated` wherever the run is shown.
 */
export function estimateUsage(prompt: string, output: string | null): TokenUsage {
  const perToken = 4;
  const promptTokens = Math.ceil(prompt.length / perToken);
  const completionTokens = Math.ceil((output ?? "").length / perToken);
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    cached_tokens: 0,
    reasoning_tokens: 0,
    estimated: true,
  };
}

// What one call's attempts report: each request the client sends (retries included) is counted
// and its non-2xx answers logged, on the context of the call that sent it.
interface Attempts {
  count: number;
  logs: LogLine[];
}
const currentCall = new AsyncLocalStorage<Attempts>();

async function countedFetch(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  const call = currentCall.getStore();
  if (!call) return await fetch(url, init);
  call.count += 1;
  if (call.count > 1) {
    call.logs.push({ level: "warn", message: `retrying (attempt ${call.count})` });
  }
  const res = await fetch(url, init);
  if (!res.ok) {
    call.logs.push({
      level: "warn",
      message: `provider answered ${res.status}`,
      data: { attempt: call.count, status: res.status },
    });
  }
  return res;
}

// One client per endpoint and key, made once: building one (its options, headers and fetch
// plumbing) on every call is CPU the run path does not need to spend. Bounded, oldest out.
const clients = new Map<string, OpenAI>();
const CLIENTS_KEPT = 100;

function clientFor(target: Target, timeoutMs: number, maxRetries: number): OpenAI {
  const key = JSON.stringify([target.baseUrl, target.apiKey, timeoutMs, maxRetries]);
  let client = clients.get(key);
  if (!client) {
    client = new OpenAI({
      apiKey: target.apiKey,
      baseURL: target.baseUrl,
      timeout: timeoutMs,
      maxRetries,
      fetch: countedFetch,
    });
    if (clients.size >= CLIENTS_KEPT) clients.delete(clients.keys().next().value!);
    clients.set(key, client);
  }
  return client;
}

export function callModel(input: CallInput): Promise<CallOutcome> {
  const call: Attempts = { count: 0, logs: [] };
  return currentCall.run(call, () => callWith(input, call));
}

async function callWith(input: CallInput, call: Attempts): Promise<CallOutcome> {
  const { target } = input;
  const logs = call.logs;
  const started = performance.now();
  // Our own controller, not the caller's request signal: a caller who hangs up must not cancel
  // a call whose result (and cost) is still recorded.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), input.timeoutMs);
  const onCancel = () => deadline.abort();
  input.cancel?.addEventListener("abort", onCancel, { once: true });
  const cancelled = () => input.cancel?.aborted === true;
  const client = clientFor(target, input.timeoutMs, input.maxRetries);
  const metadata: Record<string, unknown> = {
    provider_id: target.providerId,
    key_source: target.keySource,
    standin: target.keySource === "standin",
    requested_model: target.model,
  };
  const params = {
    model: target.model,
    messages: input.messages ?? [{ role: "user" as const, content: input.prompt }],
    ...(input.temperature != null ? { temperature: input.temperature } : {}),
    ...(input.maxTokens != null ? { max_tokens: input.maxTokens } : {}),
    ...(input.responseFormat
      ? {
        response_format: {
          type: "json_schema" as const,
          json_schema: { strict: true, ...input.responseFormat },
        },
      }
      : {}),
  };
  let output = "";
  let usage: TokenUsage | null = null;
  const elapsed = () => Math.round(performance.now() - started);
  // What the provider was sent, for an estimate of its usage (the messages' text, or the prompt).
  const sent = () => params.messages.map((m) => m.content).join("\n");
  const done = (
    status: CallOutcome["status"],
    error: string | null,
    text: string | null,
    // false: the provider refused the request (an HTTP error) or was never reached; no tokens.
    billed = true,
  ): CallOutcome => ({
    status,
    output: text,
    usage: usage ?? (billed && call.count > 0 ? estimateUsage(sent(), text) : null),
    latencyMs: elapsed(),
    attempts: call.count,
    metadata,
    error,
    logs,
  });

  try {
    if (input.stream) {
      const stream = await client.chat.completions.create(
        { ...params, stream: true, stream_options: { include_usage: true } },
        { signal: deadline.signal },
      );
      for await (const chunk of stream) {
        metadata.response_id ??= chunk.id;
        metadata.response_model ??= chunk.model;
        if (chunk.system_fingerprint) metadata.system_fingerprint = chunk.system_fingerprint;
        const choice = chunk.choices?.[0];
        const delta = choice?.delta?.content;
        if (delta) {
          output += delta;
          input.onDelta?.(delta);
        }
        if (choice?.finish_reason) metadata.finish_reason = choice.finish_reason;
        if (chunk.usage) usage = normalizeUsage(chunk.usage);
      }
      if (metadata.finish_reason === undefined) {
        if (cancelled()) return done("cancelled", CANCELLED, output || null);
        // The deadline ends a stream quietly on some runtimes: that is a timeout, not a fault.
        if (deadline.signal.aborted) {
          return done(
            "timeout",
            `the provider did not answer within ${input.timeoutMs} ms`,
            output,
          );
        }
        return done("error", "malformed provider response: the stream ended early", output);
      }
      return done("success", null, output);
    }
    const res = await client.chat.completions.create(params, { signal: deadline.signal });
    metadata.response_id = res.id;
    metadata.response_model = res.model;
    if (res.system_fingerprint) metadata.system_fingerprint = res.system_fingerprint;
    usage = normalizeUsage(res.usage);
    const choice = Array.isArray(res.choices) ? res.choices[0] : undefined;
    const text = choice?.message?.content;
    if (!choice || typeof text !== "string") {
      return done("error", "malformed provider response: no message in choices", null);
    }
    metadata.finish_reason = choice.finish_reason;
    return done("success", null, text);
  } catch (e) {
    const partial = output || null;
    if (cancelled()) return done("cancelled", CANCELLED, partial);
    if (
      deadline.signal.aborted || e instanceof OpenAI.APIConnectionTimeoutError ||
      e instanceof OpenAI.APIUserAbortError
    ) {
      return done("timeout", `the provider did not answer within ${input.timeoutMs} ms`, partial);
    }
    if (e instanceof OpenAI.APIError && e.status) {
      metadata.provider_status = e.status;
      const retried = call.count > 1 ? ` after ${call.count} attempts` : "";
      return done("error", `provider error ${e.status}${retried}: ${e.message}`, partial, false);
    }
    if (e instanceof OpenAI.APIConnectionError) {
      // Cut off after part of an answer came: what came was generated, and billed.
      return done("error", `could not reach the provider: ${e.message}`, partial, partial !== null);
    }
    const msg = e instanceof Error ? e.message : String(e);
    return done("error", `malformed provider response: ${msg}`, partial);
  } finally {
    clearTimeout(timer);
    input.cancel?.removeEventListener("abort", onCancel);
  }
}
