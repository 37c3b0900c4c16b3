// Configuration of the edge functions, parsed once from the environment they are given
// (Deno.env in production, the stack's env locally, a plain object in tests).
import { z } from "zod";

// Hosted Supabase ends a request that has sent nothing for 150 s: whatever one request may wait on
// (a provider's answer, a statement) stays below it, with room for the rest of the request.
const HOSTED_IDLE_BOUND_MS = 140_000;
const waitMs = z.coerce.number().int().positive().max(HOSTED_IDLE_BOUND_MS);

const csv = z.string().transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));

const envSchema = z.object({
  SUPABASE_URL: z.url(),
  SUPABASE_DB_URL: z.string().min(1),
  SUPABASE_JWT_SECRET: z.string().min(32).optional(),
  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(1),
  CORS_ORIGINS: csv.default([]),
  // Connections one isolate opens at most. Supabase's pooler team recommends 1 to 4 for serverless
  // deployments; here 4 also cost less Postgres CPU per run than 10 under load (see
  // bench/results/HISTORY.md) and the same at concurrency 1.
  DB_POOL_MAX: z.coerce.number().int().positive().default(4),
  // Supabase's transaction pooler cannot keep prepared statements; a direct connection can.
  DB_PREPARE: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  // Longest a statement of the API may run (the API connects as postgres, whose
  // statement_timeout is 0), and longest a library import's one statement may.
  DB_STATEMENT_TIMEOUT_MS: waitMs.default(5_000),
  DB_IMPORT_STATEMENT_TIMEOUT_MS: waitMs.default(60_000),
  OPENROUTER_API_KEY: z.string().optional(),
  OPENAI_API_KEY: z.string().optional(),
  LLM_BASE_URL: z.url().optional(),
  LLM_API_KEY: z.string().optional(),
  // The whole provider call, retries included (run/execute.ts).
  LLM_TIMEOUT_MS: waitMs.default(60_000),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  // Set only by the local stack: allows the deterministic LLM stand-in.
  PROMPTLINE_LOCAL_STACK: z.string().optional(),
  LLM_STANDIN_URL: z.url().optional(),
  PROVIDER_KEY_ENCRYPTION_SECRET: z.string().min(16).optional(),
  // Runs per user per UTC day, by plan (seed 000 Redis daily quota, seed 002 plans).
  QUOTA_DAILY_FREE: z.coerce.number().int().positive().default(50),
  QUOTA_DAILY_PRO: z.coerce.number().int().positive().default(1000),
  QUOTA_DAILY_ENTERPRISE: z.coerce.number().int().positive().default(10_000),
  // Requests per minute per Promptline API key, so one leaked key cannot burn a day's quota.
  API_KEY_RATE_PER_MINUTE: z.coerce.number().int().positive().default(60),
  // Supabase injects it into functions: the workflow tick (pg_cron, the dev stack) presents it.
  SUPABASE_SERVICE_ROLE_KEY: z.string().min(20).optional(),
});

export type Config = {
  supabaseUrl: string;
  dbUrl: string;
  jwtSecret?: string;
  /** The service role's key: what the workflow tick route accepts. */
  serviceRoleKey?: string;
  jwksUrl: string;
  issuer: string;
  redisUrl: string;
  redisToken: string;
  corsOrigins: string[];
  dbPoolMax: number;
  dbPrepare: boolean;
  dbStatementTimeoutMs: number;
  dbImportStatementTimeoutMs: number;
  llm: {
    /** "configured": a real provider key is set; "stand-in": local only, no key. */
    mode: "configured" | "stand-in" | "missing";
    timeoutMs: number;
    maxRetries: number;
    standinUrl?: string;
    openrouterKey?: string;
    openaiKey?: string;
    baseUrl?: string;
    apiKey?: string;
  };
  providerKeySecret?: string;
  quota: {
    daily: { free: number; pro: number; enterprise: number };
    apiKeyPerMinute: number;
  };
  localStack: boolean;
};

/** The configuration, or an error naming each variable that is wrong (at the function's boot). */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  const e = parsed.data;
  const localStack = e.PROMPTLINE_LOCAL_STACK === "1";
  const hasKey = Boolean(e.OPENROUTER_API_KEY || e.OPENAI_API_KEY || e.LLM_API_KEY);
  const base = e.SUPABASE_URL.replace(/\/$/, "");
  return {
    supabaseUrl: base,
    dbUrl: e.SUPABASE_DB_URL,
    jwtSecret: e.SUPABASE_JWT_SECRET,
    serviceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY,
    jwksUrl: `${base}/auth/v1/.well-known/jwks.json`,
    issuer: `${base}/auth/v1`,
    redisUrl: e.UPSTASH_REDIS_REST_URL,
    redisToken: e.UPSTASH_REDIS_REST_TOKEN,
    corsOrigins: e.CORS_ORIGINS,
    dbPoolMax: e.DB_POOL_MAX,
    dbPrepare: e.DB_PREPARE,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    dbImportStatementTimeoutMs: e.DB_IMPORT_STATEMENT_TIMEOUT_MS,
    llm: {
      mode: hasKey ? "configured" : localStack && e.LLM_STANDIN_URL ? "stand-in" : "missing",
      timeoutMs: e.LLM_TIMEOUT_MS,
      maxRetries: e.LLM_MAX_RETRIES,
      standinUrl: localStack ? e.LLM_STANDIN_URL : undefined,
      openrouterKey: e.OPENROUTER_API_KEY,
      openaiKey: e.OPENAI_API_KEY,
      baseUrl: e.LLM_BASE_URL,
      apiKey: e.LLM_API_KEY,
    },
    providerKeySecret: e.PROVIDER_KEY_ENCRYPTION_SECRET,
    quota: {
      daily: {
        free: e.QUOTA_DAILY_FREE,
        pro: e.QUOTA_DAILY_PRO,
        enterprise: e.QUOTA_DAILY_ENTERPRISE,
      },
      apiKeyPerMinute: e.API_KEY_RATE_PER_MINUTE,
    },
    localStack,
  };
}
