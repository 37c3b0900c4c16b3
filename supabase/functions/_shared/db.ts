// Postgres access for the edge functions: postgres.js over SUPABASE_DB_URL. Every request's
// queries run in one transaction as the caller, exactly as PostgREST does, so RLS applies.
import postgres from "postgres";
import type { Config } from "./config.ts";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

export function createSql(cfg: Pick<Config, "dbUrl" | "dbPoolMax" | "dbPrepare">): Sql {
  return postgres(cfg.dbUrl, {
    max: cfg.dbPoolMax,
    prepare: cfg.dbPrepare,
    idle_timeout: 20,
    connect_timeout: 5,
    onnotice: () => {},
    connection: { application_name: "promptline-api" },
  });
}

export interface Claims {
  sub: string;
  role: string;
  [claim: string]: unknown;
}

/** Runs `fn` in one transaction as the authenticated caller (role + request.jwt.claims). */
export function asUser<T>(sql: Sql, claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select set_config('role', 'authenticated', true),
                    set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    return await fn(tx);
  }) as Promise<T>;
}
