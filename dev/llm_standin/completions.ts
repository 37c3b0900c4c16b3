// POST /v1/chat/completions for the stand-in: validate, account the call, apply scripted
// faults, then answer with a deterministic completion (JSON or SSE stream).
import {
  CallLedger,
  type Fault,
  findDirectives,
  parseScript,
  type Script,
  ScriptError,
  stripDirectives,
} from "./faults.ts";
import { composeReply, standinMisfit, wantsJson } from "./reply.ts";
import { countPromptTokens, countTextTokens, tokenPieces } from "./tokens.ts";
import { ApiError, errorResponse, scriptedError } from "./errors.ts";
import { type ChatRequest, parseChatRequest } from "./request.ts";
import {
  chunkBody,
  completionBody,
  type Envelope,
  type Usage,
  usage,
  usageChunkBody,
} from "./wire.ts";

export interface CompletionContext {
  ledger: CallLedger;
  chunkDelayMs: number;
  labels: Record<string, string>;
}

const DEFAULT_RETRY_AFTER_MS = 100;

export async function handleChatCompletion(
  req: Request,
  ctx: CompletionContext,
): Promise<Response> {
  const headerKey = req.headers.get("x-standin-key");
  const apiKey = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (headerKey) ctx.ledger.record([headerKey], apiKey);
  let chat: ChatRequest;
  let scripts: Script[];
  try {
    chat = parseChatRequest(await readJson(req));
    scripts = scriptsOf(req, chat);
  } catch (e) {
    if (e instanceof ApiError) return errorResponse(e, ctx.labels);
    throw e;
  }
  ctx.ledger.record(
    scripts.flatMap((s) => (s.key && s.key !== headerKey ? [s.key] : [])),
    apiKey,
  );

  const { faults, retryAfterMs } = ctx.ledger.activeFaults(scripts);
  const slow = last(faults, "slow")?.ms;
  if (slow !== undefined && !chat.stream) await sleep(slow);
  const status = last(faults, "status")?.status;
  if (status !== undefined) {
    const headers: Record<string, string> = { ...ctx.labels };
    if (status === 429 || status === 503) {
      const ms = retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
      headers["retry-after-ms"] = String(ms);
      headers["retry-after"] = String(Math.ceil(ms / 1000));
    }
    return errorResponse(scriptedError(status), headers);
  }

  const answer = await answerFor(chat, faults);
  const envelope: Envelope = {
    id: `chatcmpl-standin-${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`,
    created: Math.floor(Date.now() / 1000),
    model: chat.model,
  };
  const malformed = last(faults, "malformed");
  const disconnect = last(faults, "disconnect");
  const reportsUsage = last(faults, "no_usage") === undefined;
  if (chat.stream) {
    const frames = sseFrames(envelope, chat, answer, {
      delayMs: slow ?? ctx.chunkDelayMs,
      malformed: malformed !== undefined,
      disconnectAfter: disconnect?.afterChunks,
      reportsUsage,
    });
    return new Response(streamOf(frames), {
      headers: { ...ctx.labels, "content-type": "text/event-stream", "cache-control": "no-cache" },
    });
  }
  const metered = completionBody(envelope, answer.text, answer.finish, answer.usage);
  const { usage: _unreported, ...unmetered } = metered;
  const body = reportsUsage ? metered : unmetered;
  const json = { ...ctx.labels, "content-type": "application/json" };
  if (malformed?.variant === "no_choices") {
    const { choices: _dropped, ...rest } = body;
    return Response.json(rest, { headers: json });
  }
  const text = JSON.stringify(body);
  // Cut mid-object: a truncated body is the most common shape of "malformed" in the wild.
  if (malformed) return new Response(text.slice(0, Math.floor(text.length / 2)), { headers: json });
  if (disconnect) {
    return new Response(streamOf(abortAfter([text.slice(0, Math.floor(text.length / 2))])), {
      headers: json,
    });
  }
  return new Response(text, { headers: json });
}

async function readJson(req: Request): Promise<unknown> {
  try {
    return JSON.parse(await req.text());
  } catch {
    throw new ApiError(400, {
      message: "We could not parse the JSON body of your request.",
      type: "invalid_request_error",
      param: null,
      code: "invalid_json",
    });
  }
}

function scriptsOf(req: Request, chat: ChatRequest): Script[] {
  const scripts: Script[] = [];
  try {
    const header = req.headers.get("x-standin-fault");
    if (header) scripts.push(parseScript(header));
    for (const m of chat.messages) scripts.push(...findDirectives(m.content));
  } catch (e) {
    if (!(e instanceof ScriptError)) throw e;
    throw new ApiError(400, {
      message: `Invalid stand-in fault script: ${e.message}`,
      type: "invalid_request_error",
      param: null,
      code: "invalid_standin_fault",
    });
  }
  return scripts;
}

function last<K extends Fault["kind"]>(faults: Fault[], kind: K) {
  return faults.findLast((f): f is Extract<Fault, { kind: K }> => f.kind === kind);
}

interface Answer {
  text: string;
  pieces: string[];
  finish: "stop" | "length";
  usage: Usage;
}

async function answerFor(chat: ChatRequest, faults: Fault[]): Promise<Answer> {
  const lastUser = stripDirectives(chat.messages.findLast((m) => m.role === "user")?.content ?? "");
  const json = chat.json.kind === "none" && wantsJson(lastUser)
    ? { kind: "object" as const }
    : chat.json;
  let full = json.kind === "schema" && last(faults, "misfit")
    ? standinMisfit
    : await composeReply({ model: chat.model, lastUser, temperature: chat.temperature, json });
  let finish: Answer["finish"] = "stop";
  for (const stop of chat.stop) {
    const at = full.indexOf(stop);
    if (at >= 0) full = full.slice(0, at);
  }
  const { pieces, truncated } = tokenPieces(full, chat.maxTokens);
  if (truncated) finish = "length";
  const text = pieces.join("");
  const u = usage(
    countPromptTokens(chat.messages),
    countTextTokens(text),
    last(faults, "cached")?.tokens ?? 0,
    last(faults, "reasoning")?.tokens ?? 0,
  );
  return { text, pieces, finish, usage: u };
}

interface StreamPlan {
  delayMs: number;
  malformed: boolean;
  disconnectAfter?: number;
  /** false: no usage chunk even when asked for (include_usage). */
  reportsUsage: boolean;
}

async function* sseFrames(e: Envelope, chat: ChatRequest, a: Answer, plan: StreamPlan) {
  const frame = (body: unknown) => `data: ${JSON.stringify(body)}\n\n`;
  const chunks = [
    chunkBody(e, { role: "assistant", content: "", refusal: null }, null, chat.includeUsage),
    ...a.pieces.map((content) => chunkBody(e, { content }, null, chat.includeUsage)),
    chunkBody(e, {}, a.finish, chat.includeUsage),
    ...(chat.includeUsage && plan.reportsUsage ? [usageChunkBody(e, a.usage)] : []),
  ];
  for (const [i, chunk] of chunks.entries()) {
    if (i === plan.disconnectAfter) {
      yield DISCONNECT;
      return;
    }
    if (plan.delayMs > 0) await sleep(plan.delayMs);
    const text = frame(chunk);
    yield plan.malformed && i === 1 ? text.slice(0, Math.floor(text.length / 2)) + "\n\n" : text;
  }
  yield "data: [DONE]\n\n";
}

// Yielded by a frame source to make the body stream fail, which makes Deno's server drop the
// connection mid-response: what a provider crashing mid-answer looks like to the client.
const DISCONNECT = Symbol("disconnect");
// Deno logs the body error; a one-line stack keeps that log honest and short.
const SCRIPTED_DISCONNECT = Object.assign(new Error("stand-in scripted disconnect"), {
  stack: "stand-in: scripted disconnect (fault script asked for it)",
});

async function* abortAfter(parts: string[]) {
  yield* parts;
  yield DISCONNECT;
}

function streamOf(parts: AsyncIterable<string | typeof DISCONNECT>): ReadableStream<Uint8Array> {
  const it = parts[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else if (next.value === DISCONNECT) {
        controller.error(SCRIPTED_DISCONNECT);
      } else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
}

// Not tied to req.signal: a client that gave up only leaves a timer behind, and Deno.serve's
// legacy signal semantics would warn on every request that listens to it.
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
