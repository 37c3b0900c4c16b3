// Health of the function's dependencies, from real checks: a query, a Redis PING, and the
// LLM provider's configuration (a real key is never spent on a health check).
import type { Sql } from "./db.ts";

export type CheckResult = "ok" | "stand-in" | "configured" | "down" | "missing";

export interface HealthDeps {
  sql: Sql;
  redisPing: () => Promise<unknown>;
  llmMode: "configured" | "stand-in" | "missing";
  standinUrl?: string;
  timeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms)),
  ]);
}

async function probe(fn: () => Promise<unknown>, ms: number): Promise<boolean> {
  try {
    await withTimeout(fn(), ms);
    return true;
  } catch {
    return false;
  }
}

export async function checkHealth(deps: HealthDeps): Promise<{
  status: "ok" | "degraded";
  checks: Record<"db" | "redis" | "llm", CheckResult>;
}> {
  const ms = deps.timeoutMs ?? 2000;
  const [db, redis, llm] = await Promise.all([
    probe(() => deps.sql`select 1`, ms),
    probe(deps.redisPing, ms),
    deps.llmMode === "stand-in" && deps.standinUrl
      ? probe(async () => {
        const res = await fetch(`${deps.standinUrl}/models`, { signal: AbortSignal.timeout(ms) });
        await res.body?.cancel();
        if (!res.ok) throw new Error(String(res.status));
      }, ms)
      : Promise.resolve(deps.llmMode === "configured"),
  ]);
  const checks = {
    db: db ? "ok" : "down",
    redis: redis ? "ok" : "down",
    llm: llm ? deps.llmMode : deps.llmMode === "missing" ? "missing" : "down",
  } as const;
  return { status: db && redis && llm ? "ok" : "degraded", checks };
}
