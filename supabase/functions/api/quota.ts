// Quotas: runs per user per UTC day by plan, and requests per minute per API key, counted in
// Upstash (@upstash/ratelimit fixed windows). Fail closed: when Redis cannot answer, the caller
// gets 503 quota_unavailable and nothing runs unmetered.
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { ApiError } from "../_shared/errors.ts";
import type { Config } from "../_shared/config.ts";

export type Plan = "free" | "pro" | "enterprise";

export interface QuotaState {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window resets. */
  reset: number;
}

export interface Quota {
  /** Spends one run of the user's daily quota; `ok: false` when it is used up. */
  consume(userId: string, plan: Plan): Promise<QuotaState>;
  /** Gives back one run (the run was never created, e.g. an idempotent duplicate). */
  refund(userId: string, plan: Plan): Promise<void>;
  /** What is left today, without spending any. */
  remaining(userId: string, plan: Plan): Promise<QuotaState>;
  /** Spends one request of an API key's per-minute allowance. */
  consumeApiKey(apiKeyId: string): Promise<QuotaState>;
}

// Our own bound on a Redis answer. The library's `timeout` lets requests through when it fires
// (fail open), so it is off (0) and this race refuses instead.
const REDIS_DEADLINE_MS = 3_000;

export function createQuota(deps: { config: Pick<Config, "quota">; redis: Redis }): Quota {
  const { daily, apiKeyPerMinute } = deps.config.quota;
  // One limiter per plan over the same keys, so a plan change keeps today's count.
  const common = {
    redis: deps.redis,
    prefix: "promptline:quota:runs-per-day",
    timeout: 0,
    analytics: false,
    // The in-memory block cache would keep refusing after a plan upgrade until midnight.
    ephemeralCache: false as const,
  };
  const perPlan: Record<Plan, Ratelimit> = {
    free: new Ratelimit({ ...common, limiter: Ratelimit.fixedWindow(daily.free, "1 d") }),
    pro: new Ratelimit({ ...common, limiter: Ratelimit.fixedWindow(daily.pro, "1 d") }),
    enterprise: new Ratelimit({
      ...common,
      limiter: Ratelimit.fixedWindow(daily.enterprise, "1 d"),
    }),
  };
  const perKey = new Ratelimit({
    ...common,
    prefix: "promptline:quota:api-key-per-minute",
    limiter: Ratelimit.fixedWindow(apiKeyPerMinute, "1 m"),
  });
  const limiter = (plan: Plan) => perPlan[plan] ?? perPlan.free;

  return {
    consume: (userId, plan) => guarded(limiter(plan).limit(userId)),
    refund: async (userId, plan) => {
      await guarded(limiter(plan).limit(userId, { rate: -1 }));
    },
    remaining: (userId, plan) => guarded(limiter(plan).getRemaining(userId)),
    consumeApiKey: (apiKeyId) => guarded(perKey.limit(apiKeyId)),
  };
}

interface LimiterAnswer {
  success?: boolean;
  reason?: string;
  limit: number;
  remaining: number;
  reset: number;
}

async function guarded(p: Promise<LimiterAnswer>): Promise<QuotaState> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("quota deadline")), REDIS_DEADLINE_MS);
  });
  try {
    const r = await Promise.race([p, deadline]);
    // Belt and braces: a library-level timeout is a "success" we must not honour.
    if (r.reason === "timeout") throw new Error("quota timeout");
    return {
      ok: r.success ?? r.remaining > 0,
      limit: r.limit,
      remaining: r.remaining,
      reset: r.reset,
    };
  } catch (e) {
    console.error("quota unavailable:", e instanceof Error ? e.message : e);
    throw new ApiError(
      503,
      "quota_unavailable",
      "the quota service is not answering; nothing was run, try again shortly",
      undefined,
      { "retry-after": "5" },
    );
  } finally {
    clearTimeout(timer);
  }
}

/** Standard rate-limit headers for a quota state. */
export function quotaHeaders(q: QuotaState): Record<string, string> {
  return {
    "x-ratelimit-limit": String(q.limit),
    "x-ratelimit-remaining": String(Math.max(0, q.remaining)),
    "x-ratelimit-reset": String(Math.ceil(q.reset / 1000)),
  };
}

/** The 429 for a used-up quota, with Retry-After in seconds until the window resets. */
export function quotaExceeded(q: QuotaState, what: string, now = Date.now()): ApiError {
  const retryAfter = Math.max(1, Math.ceil((q.reset - now) / 1000));
  return new ApiError(
    429,
    "quota_exceeded",
    `${what}: ${q.limit} allowed; try again in ${retryAfter} s`,
    { limit: q.limit, remaining: 0, reset: new Date(q.reset).toISOString() },
    { ...quotaHeaders({ ...q, remaining: 0 }), "retry-after": String(retryAfter) },
  );
}
