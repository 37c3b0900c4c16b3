// Monthly USD budgets, enforced in Upstash (issue 19), exact under any concurrency: before a
// call its worst case (the prompt's tokens, bounded from its length, plus max_tokens, at the run's
// price snapshot) is reserved against the month's limit in one atomic script; after the call the
// reservation is settled to the run's recorded cost, and what was not used is released. A
// reservation that would pass the limit is refused (402 budget_exceeded) and nothing runs.
// Amounts are integers of 1e-8 USD, the precision of runs.cost_usd, so no float rounds.
// The month's counter starts from what Postgres recorded (month_spend) the first time it is
// needed, and expires after the month.
import type { Redis } from "@upstash/redis";
import {
  callerSettings,
  type Claims,
  one,
  serviceCallerSettings,
  type Sql,
} from "../../_shared/db.ts";
import { ApiError } from "../../_shared/errors.ts";
import type { PriceSnapshot } from "./store.ts";

export interface SpendLimit {
  limit_usd: string | number;
  alert_ratio: string | number;
}

const UNITS_PER_USD = 100_000_000n;

/** A decimal USD amount ("0.00012300", 0.5) as 1e-8 USD units, exactly (rounded up). */
export function toUnits(usd: string | number): bigint {
  const text = typeof usd === "number" ? usd.toFixed(10) : usd.trim();
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) throw new Error(`not a decimal amount: ${usd}`);
  const whole = BigInt(m[2] || "0");
  const frac = (m[3] ?? "").padEnd(9, "0");
  let units = whole * UNITS_PER_USD + BigInt(frac.slice(0, 8));
  if (/[1-9]/.test(frac.slice(8))) units += 1n; // beyond 1e-8: up, never under-reserve
  return m[1] ? -units : units;
}

export function fromUnits(units: bigint): string {
  const sign = units < 0n ? "-" : "";
  const abs = units < 0n ? -units : units;
  return `${sign}${abs / UNITS_PER_USD}.${(abs % UNITS_PER_USD).toString().padStart(8, "0")}`;
}

/** The most a call can cost: every token it may send and receive, at the snapshot's prices. */
export function worstCaseUnits(price: PriceSnapshot, promptTokens: number, maxTokens: number) {
  const perToken = (per1k: string | number) => toUnits(per1k) * 1_000n; // units per 1e3 tokens, x1000
  const total = perToken(price.price_per_1k_input) * BigInt(promptTokens) +
    perToken(price.price_per_1k_output) * BigInt(maxTokens);
  // (units per 1k tokens) x tokens / 1000, rounded up; perToken carried a factor 1000 more.
  return (total + 999_999n) / 1_000_000n;
}

// KEYS[1] the month's spend; ARGV: limit, amount. -1: the counter has not started (start it from
// Postgres, then ask again); 0: refused (the spend); 1: reserved (the new spend).
const RESERVE = `
local cur = redis.call('GET', KEYS[1])
if not cur then return {-1, 0} end
if tonumber(cur) + tonumber(ARGV[2]) > tonumber(ARGV[1]) then return {0, cur} end
return {1, redis.call('INCRBY', KEYS[1], ARGV[2])}`;

const monthOf = (now: Date) => now.toISOString().slice(0, 7);
const spendKey = (userId: string, month: string) => `spend:${userId}:${month}`;
const alertKey = (userId: string, month: string) => `spend:alerted:${userId}:${month}`;
// Past the month's end: the counter of last month is never read again.
const COUNTER_TTL_S = 40 * 24 * 3600;

export interface Reservation {
  /** Settles to the run's recorded cost (null: nothing recorded) and raises the alert if due. */
  settle(costUsd: string | null): Promise<void>;
  /** Gives the whole reservation back (the run was refused after all). */
  release(): Promise<void>;
}

export async function reserveSpend(
  deps: { redis: Redis; sql: Sql },
  claims: Claims,
  limit: SpendLimit,
  worstUnits: bigint,
  now = new Date(),
): Promise<Reservation> {
  const month = monthOf(now);
  const key = spendKey(claims.sub, month);
  const limitUnits = toUnits(limit.limit_usd);
  const reserve = () =>
    deps.redis.eval<string[], [number, string | number]>(RESERVE, [key], [
      limitUnits.toString(),
      worstUnits.toString(),
    ]);
  let [state, spend] = await reserve();
  if (state === -1) {
    const recorded = await monthSpend(deps.sql, claims);
    // Whoever starts it first wins; the others' values were the same anyway.
    await deps.redis.set(key, toUnits(recorded).toString(), { nx: true, ex: COUNTER_TTL_S });
    [state, spend] = await reserve();
  }
  if (state !== 1) {
    const spent = fromUnits(BigInt(spend));
    throw new ApiError(
      402,
      "budget_exceeded",
      `this run could cost up to $${fromUnits(worstUnits)}: with $${spent} spent this month it ` +
        `would pass your monthly budget of $${fromUnits(limitUnits)}`,
      { spend_usd: spent, limit_usd: fromUnits(limitUnits), worst_case_usd: fromUnits(worstUnits) },
    );
  }
  let open = true;
  return {
    async release() {
      if (!open) return;
      open = false;
      await deps.redis.decrby(key, Number(worstUnits));
    },
    async settle(costUsd) {
      if (!open) return;
      open = false;
      const actual = costUsd === null ? 0n : toUnits(costUsd);
      const after = await deps.redis.incrby(key, Number(actual - worstUnits));
      const ratio = Number(limit.alert_ratio);
      if (BigInt(after) * 100n >= limitUnits * BigInt(Math.round(ratio * 100))) {
        // Once a month: the flag says it was recorded (or is being).
        const first = await deps.redis.set(alertKey(claims.sub, month), 1, {
          nx: true,
          ex: COUNTER_TTL_S,
        });
        if (first) await recordAlert(deps.sql, claims, fromUnits(BigInt(after)));
      }
    },
  };
}

async function monthSpend(sql: Sql, claims: Claims): Promise<string> {
  // month_spend's argument-free call depends on the settings row, so it runs after them.
  const rows = await sql<{ spend: string }[]>`
    select (case when c.role = 'authenticated' then public.month_spend() end)::text as spend
    from (select ${callerSettings(sql, claims)}) c`;
  return one(rows, "month_spend").spend;
}

async function recordAlert(sql: Sql, claims: Claims, spendUsd: string): Promise<void> {
  await sql`
    select public.record_budget_alert(
      case when caller.role = 'service_role' then ${spendUsd}::numeric end)
    from (select ${serviceCallerSettings(sql, claims)}) as caller`;
}
