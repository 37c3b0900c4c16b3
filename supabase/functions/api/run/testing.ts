// Helpers for the runs integration tests: prompts made through the API, the stand-in's call
// ledger, a privileged look at the runs table, and an in-process app with its own settings.
import postgres from "postgres";
import { localEnv, need } from "../../../../dev/env.ts";
import { api, apiUrl, type TestUser } from "../../../../dev/testing.ts";
import { createApp } from "../app.ts";
import { isFinal } from "../contract.ts";
import { createDeps, type Deps } from "../deps.ts";

export const standinOrigin = new URL(need("LLM_STANDIN_URL")).origin;

/** A key for the stand-in's call ledger, unique to one test. */
export const ledgerKey = (label: string) => `${label}-${crypto.randomUUID()}`;

/**
 * Waits until at least `seconds` are left in the current clock minute. Per-minute limits are
 * fixed windows (Upstash buckets by Date.now() / 60 s), so a test that spends one and expects a
 * refusal must not straddle the minute's edge, where the count starts again.
 */
export function inOneMinuteWindow(seconds = 15): Promise<void> {
  return inOneWindow(60_000, seconds);
}

/** The same for the daily quota, a fixed UTC day: a test that spends it must not cross midnight. */
export function inOneDayWindow(seconds = 60): Promise<void> {
  return inOneWindow(86_400_000, seconds);
}

async function inOneWindow(windowMs: number, seconds: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < seconds * 1_000) await new Promise((r) => setTimeout(r, left + 50));
}

export async function standinCalls(key: string): Promise<number> {
  const res = await fetch(`${standinOrigin}/_standin/calls?key=${encodeURIComponent(key)}`);
  return (await res.json()).calls;
}

export interface PromptRef {
  id: string;
  versionId: string;
}

export async function createPrompt(
  user: TestUser,
  content: string,
  variables: unknown[] = [],
  extra: Record<string, unknown> = {},
): Promise<PromptRef> {
  const res = await api("POST", "/prompts", {
    auth: user,
    body: { title: "Run test", content, variables, ...extra },
  });
  if (res.status !== 201) {
    throw new Error(`POST /prompts: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { id: res.body.id, versionId: res.body.current_version.id };
}

/** The database as its owner, for assertions only (never for what the API should do). */
export function adminSql(): postgres.Sql {
  return postgres(need("SUPABASE_DB_URL"), { max: 2, onnotice: () => {} });
}

/**
 * A provider of the test's own whose endpoint is the stand-in (so a run with a user's key for it
 * goes all the way through), with one model, `<vendor>/echo`, and the given per-user limits.
 * dropTestVendor removes both.
 */
export async function createTestVendor(
  sql: postgres.Sql,
  label: string,
  limits: { requests_per_minute?: number; requests_per_day?: number; tokens_per_minute?: number } =
    {},
): Promise<{ vendor: string; model: string }> {
  const vendor = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  const model = `${vendor}/echo`;
  await sql`insert into public.providers (id, name, base_url, requests_per_minute,
      requests_per_day, tokens_per_minute)
    values (${vendor}, ${`Test vendor ${label}`}, ${need("LLM_STANDIN_URL")},
      ${limits.requests_per_minute ?? null}, ${limits.requests_per_day ?? null},
      ${limits.tokens_per_minute ?? null})`;
  await sql`insert into public.models (id, provider_id, provider_model_id, display_name, tier,
      price_per_1k_input, price_per_1k_output)
    select ${model}, ${vendor}, 'echo', ${`Test echo ${label}`}, tier, 0.001, 0.002
    from public.models where id = 'standin/echo'`;
  return { vendor, model };
}

export async function dropTestVendor(sql: postgres.Sql, vendor: string): Promise<void> {
  await sql`delete from public.models where provider_id = ${vendor}`;
  await sql`delete from public.providers where id = ${vendor}`;
}

export async function waitForFinal(
  sql: postgres.Sql,
  runId: string,
  timeoutMs = 20_000,
): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [run] = await sql`select *, output #>> '{}' as output_text, cost_usd::text as cost
      from public.runs where id = ${runId}`;
    if (run && isFinal(run.status)) return run;
    if (Date.now() > until) {
      throw new Error(`run ${runId} still ${run?.status} after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An app in this process with its own env (short timeouts, a dead Redis, …). */
export function inProcessApp(env: Record<string, string>): {
  deps: Deps;
  request: (
    path: string,
    init: RequestInit & { user: TestUser | string; json?: unknown },
  ) => Promise<Response>;
  close: () => Promise<void>;
} {
  const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1", ...env });
  const app = createApp(deps);
  return {
    deps,
    request: (path, init) => {
      const headers = new Headers(init.headers);
      const token = typeof init.user === "string" ? init.user : init.user.token;
      headers.set("authorization", `Bearer ${token}`);
      if (init.json !== undefined) headers.set("content-type", "application/json");
      return Promise.resolve(app.request(`/api${path}`, {
        ...init,
        headers,
        body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
      }));
    },
    close: () => deps.sql.end({ timeout: 5 }),
  };
}

/** A local port nothing listens on. */
export function closedPort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Reads SSE events; `stopAfter` returns true to hang up (abort) right there. */
export async function readSse(
  res: Response,
  stopAfter: (e: SseEvent) => boolean = () => false,
  abort?: AbortController,
): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(frame)?.[1] ?? "message";
        const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? "null");
        events.push({ event, data });
        if (stopAfter({ event, data })) {
          abort?.abort();
          await reader.cancel().catch(() => {});
          return events;
        }
      }
    }
  } catch (e) {
    if (abort?.signal.aborted) return events;
    throw e;
  }
}

export function postRun(
  user: { token: string },
  promptId: string,
  body: unknown,
  signal?: AbortSignal,
) {
  return fetch(`${apiUrl}/prompts/${promptId}/runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
    signal,
  });
}
