// Quotas: runs per user per UTC day by plan, requests per minute per API key, and each
// provider's per-user limits (requests per minute and per day, tokens per minute), counted in
// Upstash (@upstash/ratelimit fixed windows). Fail closed: when Redis cannot answer, the caller
// gets 503 quota_unavailable and nothing runs unmetered.
import { Ratelimit } from "@upstash/ratelimit";
import type { Redis } from "@upstash/redis";
import { ApiError } from "../_shared/errors.ts";
import type { Config } from "../_shared/config.ts";
import type { Plan } from "./contract.ts";

export interface QuotaState {
  ok: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the window resets. */
  reset: number;
}

/** A provider's per-user limits (the providers row); null means no limit of that kind. */
export interface ProviderLimits {
  requests_per_minute: number | null;
  requests_per_day: number | null;
  tokens_per_minute: number | null;
}

/** One of a provider's limits as it stands for a user; `what` names it for the 429. */
export interface ProviderCheck {
  what: string;
  state: QuotaState;
}

/** Today's run count after spending one: each plan's verdict on it. */
export type DailyCount = (plan: Plan) => QuotaState;

export interface Quota {
  /**
   * Spends one run of today's count, which is the same for every plan (so the plan need not be
   * known yet); the verdict is given per plan.
   */
  count(userId: string): Promise<DailyCount>;
  /** Gives back one run of today's count (the run was never created). */
  refund(userId: string): Promise<void>;
  /** What is left today, without spending any. */
  remaining(userId: string, plan: Plan): Promise<QuotaState>;
  /** Spends one request of an API key's per-minute allowance. */
  consumeApiKey(apiKeyId: string): Promise<QuotaState>;
  /**
   * Spends one request of the provider's per-minute and per-day limits for this user, and
   * reserves the call's worst case (`reserveTokens`: its input estimated, plus max_tokens) from
   * this minute's token budget.
   */
  consumeProvider(
    userId: string,
    providerId: string,
    limits: ProviderLimits,
    reserveTokens: number,
  ): Promise<ProviderCheck[]>;
  /** Gives back what consumeProvider spent and reserved (no call was made). */
  refundProvider(
    userId: string,
    providerId: string,
    limits: ProviderLimits,
    reserveTokens: number,
  ): Promise<void>;
  /** Settles a finished call's reservation to the tokens it really used (giving back the rest). */
  settleProviderTokens(
    userId: string,
    providerId: string,
    limits: ProviderLimits,
    reserved: number,
    used: number,
  ): Promise<void>;
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

  // Provider limits live in the database and may change: one limiter per kind and value.
  const windows = { rpm: "1 m", rpd: "1 d", tpm: "1 m" } as const;
  const providerLimiters = new Map<string, Ratelimit>();
  const providerLimiter = (kind: keyof typeof windows, limit: number) => {
    const key = `${kind}:${limit}`;
    let l = providerLimiters.get(key);
    if (!l) {
      l = new Ratelimit({
        ...common,
        prefix: `promptline:quota:provider-${kind}`,
        limiter: Ratelimit.fixedWindow(limit, windows[kind]),
      });
      providerLimiters.set(key, l);
    }
    return l;
  };
  const requestLimits = (limits: ProviderLimits) =>
    [
      { kind: "rpm" as const, limit: limits.requests_per_minute, what: "requests per minute" },
      { kind: "rpd" as const, limit: limits.requests_per_day, what: "requests per day" },
    ].filter((l): l is { kind: "rpm" | "rpd"; limit: number; what: string } => l.limit !== null);
  const who = (providerId: string, userId: string) => `${providerId}:${userId}`;

  // Today's count is kept by the plan with the largest limit, whose answer gives the count
  // exactly (used = limit - remaining) unless remaining is 0, when the count has reached that
  // largest limit, and so every smaller plan's.
  const widest =
    perPlan[(Object.keys(daily) as Plan[]).reduce((a, b) => daily[b] > daily[a] ? b : a)];

  return {
    count: async (userId) => {
      const r = await guarded(widest.limit(userId));
      const used = r.limit - r.remaining;
      return (plan) => {
        const limit = daily[plan] ?? daily.free;
        if (r.remaining <= 0) {
          return { ok: limit >= r.limit ? r.ok : false, limit, remaining: 0, reset: r.reset };
        }
        return { ok: used <= limit, limit, remaining: Math.max(0, limit - used), reset: r.reset };
      };
    },
    refund: async (userId) => {
      await guarded(widest.limit(userId, { rate: -1 }));
    },
    remaining: (userId, plan) => guarded(limiter(plan).getRemaining(userId)),
    consumeApiKey: (apiKeyId) => guarded(perKey.limit(apiKeyId)),
    consumeProvider: (userId, providerId, limits, reserveTokens) => {
      const id = who(providerId, userId);
      const checks = requestLimits(limits).map(async ({ kind, limit, what }) => ({
        what,
        state: await guarded(providerLimiter(kind, limit).limit(id)),
      }));
      if (limits.tokens_per_minute !== null) {
        // The whole worst case is taken now, so concurrent calls cannot together overspend the
        // minute; the call gives back what it did not use when it ends.
        const tpm = providerLimiter("tpm", limits.tokens_per_minute);
        checks.push(
          guarded(tpm.limit(id, { rate: Math.max(1, reserveTokens) })).then((state) => ({
            what: "tokens per minute",
            state,
          })),
        );
      }
      return Promise.all(checks);
    },
    refundProvider: async (userId, providerId, limits, reserveTokens) => {
      const id = who(providerId, userId);
      const giveBack = requestLimits(limits).map(({ kind, limit }) =>
        guarded(providerLimiter(kind, limit).limit(id, { rate: -1 }))
      );
      if (limits.tokens_per_minute !== null) {
        const tpm = providerLimiter("tpm", limits.tokens_per_minute);
        giveBack.push(guarded(tpm.limit(id, { rate: -Math.max(1, reserveTokens) })));
      }
      await Promise.all(giveBack);
    },
    settleProviderTokens: async (userId, providerId, limits, reserved, used) => {
      const delta = Math.max(0, used) - Math.max(1, reserved);
      if (limits.tokens_per_minute === null || delta === 0) return;
      const tpm = providerLimiter("tpm", limits.tokens_per_minute);
      await guarded(tpm.limit(who(providerId, userId), { rate: delta }));
    },
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
export function quotaExceeded(
  q: QuotaState,
  what: string,
  now = Date.now(),
  code = "quota_exceeded",
): ApiError {
  const retryAfter = Math.max(1, Math.ceil((q.reset - now) / 1000));
  return new ApiError(
    429,
    code,
    `${what}: ${q.limit} allowed; try again in ${retryAfter} s`,
    { limit: q.limit, remaining: 0, reset: new Date(q.reset).toISOString() },
    { ...quotaHeaders({ ...q, remaining: 0 }), "retry-after": String(retryAfter) },
  );
}

/** The 429 for a plan's used-up daily runs. */
export function dailyQuotaExceeded(daily: QuotaState, plan: Plan): ApiError {
  return quotaExceeded(daily, `runs per day on the ${plan} plan`);
}

/**
 * Users whose daily quota refused a run moments ago, with the plan it was judged by. The run
 * service hears Upstash before Postgres for them, so a client that keeps calling past its quota
 * costs a Redis count per call instead of a run written and discarded. Kept for `ttlMs` only:
 * a plan upgraded meanwhile is judged by the old plan for at most that long.
 */
export interface RecentRefusals {
  /** The plan the user was refused under, if that was less than `ttlMs` ago. */
  planOf(userId: string, now?: number): Plan | null;
  remember(userId: string, plan: Plan, now?: number): void;
  forget(userId: string): void;
}

export function recentRefusals(ttlMs = 10_000, kept = 10_000): RecentRefusals {
  const refused = new Map<string, { plan: Plan; until: number }>();
  return {
    planOf(userId, now = Date.now()) {
      const r = refused.get(userId);
      if (!r) return null;
      if (r.until > now) return r.plan;
      refused.delete(userId);
      return null;
    },
    remember(userId, plan, now = Date.now()) {
      refused.delete(userId); // re-inserted last: the oldest go first when the map is full
      if (refused.size >= kept) refused.delete(refused.keys().next().value!);
      refused.set(userId, { plan, until: now + ttlMs });
    },
    forget(userId) {
      refused.delete(userId);
    },
  };
}

export interface Metered {
  /** The daily quota after this run, for the rate-limit headers. */
  daily: QuotaState;
  /** Gives back what was spent: the run was not made after all. Never throws. */
  refund(): Promise<void>;
  /**
   * Spends one more of the provider's requests (and reserves one more call's tokens) for asking
   * the same run's model once more; the refusal, or null when it may. Never throws: a refusal
   * gives back what it took.
   */
  askAgain(): Promise<ApiError | null>;
  /** Settles the calls' token reservations to the tokens they used. Never throws. */
  spendTokens(tokens: number): Promise<void>;
}

/** A run counted before its preparation finished (see countRun). */
export type Counted = Promise<DailyCount>;

/**
 * First half of metering, which needs nothing from the database, so it can overlap the run's
 * preparation: the API key's per-minute allowance, then today's run count. If the run is then
 * not made (the prompt is not found, bad variables…), uncount gives the run back.
 */
export function countRun(quota: Quota, caller: { userId: string; apiKeyId?: string }): Counted {
  const counted = (async () => {
    if (caller.apiKeyId) {
      const perKey = await quota.consumeApiKey(caller.apiKeyId);
      if (!perKey.ok) throw quotaExceeded(perKey, "requests per minute for this API key");
    }
    return await quota.count(caller.userId);
  })();
  counted.catch(() => {}); // judged later, by meterRun or uncount
  return counted;
}

/** Gives back a counted run that will not be made. Never throws. */
export async function uncount(quota: Quota, userId: string, counted: Counted): Promise<void> {
  const settled = await Promise.allSettled([counted]);
  if (settled[0].status === "fulfilled") await quota.refund(userId).catch(() => {});
}

/**
 * Second half: the plan's verdict on the count, and, at the same time, the provider's limits for
 * this user. Whatever refuses (429) or cannot be counted (503), nothing stays spent that belongs
 * to a run that was never made.
 */
export async function meterRun(
  quota: Quota,
  userId: string,
  plan: Plan,
  provider: { id: string; limits: ProviderLimits | null; reserveTokens: number },
  counted: Counted,
): Promise<Metered> {
  const { limits, reserveTokens } = provider;
  const [count, checks] = await Promise.allSettled([
    counted,
    limits
      ? quota.consumeProvider(userId, provider.id, limits, reserveTokens)
      : Promise.resolve([]),
  ]);
  const giveBackDaily = async () => {
    if (count.status === "fulfilled") await quota.refund(userId).catch(() => {});
  };
  const giveBackProvider = async () => {
    if (limits && checks.status === "fulfilled") {
      await quota.refundProvider(userId, provider.id, limits, reserveTokens).catch(() => {});
    }
  };
  const refund = async () => {
    await Promise.all([giveBackDaily(), giveBackProvider()]);
  };

  if (count.status === "rejected" || checks.status === "rejected") {
    await refund();
    throw count.status === "rejected" ? count.reason : (checks as PromiseRejectedResult).reason;
  }
  const daily = count.value(plan);
  if (!daily.ok) {
    // A refused daily quota stays counted (that is the window's count); the provider was not called.
    await giveBackProvider();
    throw dailyQuotaExceeded(daily, plan);
  }
  // The first of the provider's limits that refuses, as the 429 for it.
  const providerRefusal = (checked: ProviderCheck[]): ApiError | null => {
    const refused = checked.find((c) => !c.state.ok);
    return refused
      ? quotaExceeded(
        refused.state,
        `${refused.what} on ${provider.id} for your account`,
        Date.now(),
        "provider_rate_limited",
      )
      : null;
  };
  const refusal = providerRefusal(checks.value);
  if (refusal) {
    await refund();
    throw refusal;
  }
  // The calls made under this metering, each with its request counted and tokens reserved.
  let calls = 1;
  return {
    daily,
    refund,
    askAgain: async () => {
      if (!limits) return null;
      let more: ProviderCheck[];
      try {
        more = await quota.consumeProvider(userId, provider.id, limits, reserveTokens);
      } catch (e) {
        return e instanceof ApiError ? e : new ApiError(503, "quota_unavailable", String(e));
      }
      const refused = providerRefusal(more);
      if (refused) {
        await quota.refundProvider(userId, provider.id, limits, reserveTokens).catch(() => {});
        return refused;
      }
      calls++;
      return null;
    },
    spendTokens: async (tokens) => {
      if (!limits) return;
      await quota.settleProviderTokens(userId, provider.id, limits, reserveTokens * calls, tokens)
        .catch(
          (e) =>
            console.error(
              "provider token budget not settled:",
              e instanceof Error ? e.message : e,
            ),
        );
    },
  };
}
