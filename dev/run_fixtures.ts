// Test fixtures for run history, metrics and usage: prompts written straight into Postgres as the
// user (RLS applies, as through the API), and finished runs with chosen timestamps, so the tests
// know exactly which numbers the API must report. Runs and their logs are bookkeeping that no
// caller may write (only SQL functions do), so they are written as the table owner, for the user.
import postgres from "postgres";
import { asUser, one } from "../supabase/functions/_shared/db.ts";
import { need } from "./env.ts";
import type { TestUser } from "./testing.ts";

export interface RunFixture {
  model?: string;
  status?: "success" | "error" | "timeout" | "cancelled" | "pending" | "running";
  latencyMs?: number | null;
  promptTokens?: number;
  completionTokens?: number;
  /** USD per 1k tokens; the database computes cost_usd from these and the tokens. */
  price?: { input: number; output: number };
  /** Days before today (UTC); the run is placed at 12:00 UTC that day, or now when omitted. */
  daysAgo?: number;
  output?: string;
  logs?: { level: "debug" | "info" | "warn" | "error"; message: string }[];
}

export class Fixtures {
  readonly sql = postgres(need("SUPABASE_DB_URL"), { max: 2, onnotice: () => {} });

  as<T>(user: TestUser, fn: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
    return asUser(this.sql, { sub: user.id, role: "authenticated", aud: "authenticated" }, fn);
  }

  async prompt(user: TestUser, title = "Fixture prompt", content = "Say hi to {{name}}") {
    return await this.as(user, async (tx) => {
      const p = one(
        await tx<{ id: string }[]>`
        insert into public.prompts (title) values (${title}) returning id`,
      );
      const v = one(
        await tx<{ id: string }[]>`
        insert into public.prompt_versions (prompt_id, content, variables)
        values (${p.id}, ${content}, ${tx.json([{ name: "name", type: "string" }])})
        returning id`,
      );
      return { id: p.id, versionId: v.id };
    });
  }

  async run(user: TestUser, promptId: string, f: RunFixture = {}): Promise<string> {
    const status = f.status ?? "success";
    const tokens = f.promptTokens === undefined && f.completionTokens === undefined
      ? null
      : { prompt_tokens: f.promptTokens ?? 0, completion_tokens: f.completionTokens ?? 0 };
    const price = f.price
      ? { price_per_1k_input: f.price.input, price_per_1k_output: f.price.output }
      : null;
    return await this.sql.begin(async (tx) => {
      const at = f.daysAgo === undefined
        ? tx`clock_timestamp()`
        : tx`((((now() at time zone 'utc')::date - ${f.daysAgo}::int) + time '12:00') at time zone 'utc')`;
      const started = status === "pending" ? tx`null` : at;
      const completed = status === "pending" || status === "running" ? tx`null` : at;
      const r = one(
        await tx<{ id: string }[]>`
        insert into public.runs (user_id, prompt_id, model, input, status, created_at, started_at,
          completed_at, latency_ms, token_usage, price_snapshot, output)
        values (${user.id}, ${promptId}, ${f.model ?? "standin/echo"}, ${tx.json({})},
          ${status}, ${at}, ${started}, ${completed}, ${f.latencyMs ?? null},
          ${tokens ? tx.json(tokens) : null}, ${price ? tx.json(price) : null},
          ${f.output === undefined ? null : tx.json(f.output)})
        returning id`,
      );
      for (const log of f.logs ?? []) {
        await tx`insert into public.run_logs (run_id, user_id, level, message)
                 values (${r.id}, ${user.id}, ${log.level}, ${log.message})`;
      }
      return r.id;
    }) as string;
  }

  end() {
    return this.sql.end();
  }
}
