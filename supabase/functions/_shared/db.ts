// Postgres access for the edge functions: postgres.js over SUPABASE_DB_URL. Every request's
// queries run in one transaction as the caller, exactly as PostgREST does, so RLS applies, and
// every statement has a timeout, so no query holds a connection for long.
import net from "node:net";
import postgres from "postgres";
import type { Config } from "./config.ts";

export type Sql = postgres.Sql;
export type Tx = postgres.TransactionSql;

/**
 * A value for tx.json(): validated JSON (zod-parsed bodies) that TypeScript types more loosely
 * than postgres.js's JSONValue (unknown, optional keys).
 */
export function asJson(value: unknown): postgres.JSONValue {
  return value as postgres.JSONValue;
}

/**
 * The one row of a statement that always returns one (an insert ... returning, an aggregate, a
 * function call in a select list). Zero rows is a bug, not a caller's mistake: it throws, and
 * the request is a 500, instead of reading a field of undefined further on.
 */
export function one<T>(rows: readonly T[], what = "the statement"): T {
  const [row] = rows;
  if (row === undefined) throw new Error(`expected a row from ${what}, got none`);
  return row;
}

/**
 * postgres.js's own TCP connect (its custom-socket option gets the parsed host and port), with
 * Nagle's algorithm off, as libpq and node-postgres turn it off: postgres.js leaves it on, so a
 * statement pipelined behind another on a busy connection waited for the first one's ACK (32 runs
 * in flight on a pool of 4: 0-1.6 ms more at p50, 0.9 on average over eight paired runs;
 * bench/results/HISTORY.md). The socket is returned while it connects: what postgres.js writes
 * first waits in it, and postgres.js's connect_timeout still bounds the connection until it is
 * ready. One host, or a unix socket.
 */
export function noDelaySocket(
  o: { host: string[]; port: number[]; path?: string | false },
): net.Socket {
  const socket = new net.Socket();
  socket.setNoDelay(true);
  if (o.path) return socket.connect(o.path);
  const host = o.host[0] ?? "localhost";
  const port = o.port[0] ?? 5432;
  // postgres.js reads these as its own connect sets them: the TLS server name (SNI) and the
  // address in a connection error ("write CONNECT_TIMEOUT host:port").
  return Object.assign(socket.connect(port, host), { host, port });
}

/**
 * The API's connection pool. It connects as postgres, whose statement_timeout is 0, and the
 * authenticated role's own setting does not apply after set_config('role', …): the timeout is
 * a startup parameter of every connection instead (and asUser repeats it per transaction).
 */
export function createSql(
  cfg: Pick<Config, "dbUrl" | "dbPoolMax" | "dbPrepare" | "dbStatementTimeoutMs">,
): Sql {
  const options = {
    max: cfg.dbPoolMax,
    prepare: cfg.dbPrepare,
    // max_pipeline stays postgres.js's default (100). A lower one made transactions unsafe:
    // sql.begin reserves its connection only when BEGIN leaves room in that connection's pipeline
    // (porsager/postgres#1189, #823), so with 1 a BEGIN sent to a connection already running a
    // statement was never reserved: the transaction failed with UNSAFE_TRANSACTION and left the
    // connection idle in a transaction, where later statements were never committed.
    idle_timeout: 20,
    connect_timeout: 5,
    onnotice: () => {},
    // Documented in postgres.js's README ("Custom socket"), missing from its types.
    socket: noDelaySocket,
    connection: {
      application_name: "promptline-api",
      statement_timeout: cfg.dbStatementTimeoutMs,
    },
  };
  return postgres(cfg.dbUrl, options);
}

/**
 * Gives the rest of this transaction a longer (or shorter) statement timeout, for a route whose
 * one statement is known to be long (a library import); the next transaction has the pool's again.
 */
export function withStatementTimeout(tx: Tx, ms: number) {
  return tx`select set_config('statement_timeout', ${String(ms)}, true)`;
}

export interface Claims {
  sub: string;
  role: string;
  [claim: string]: unknown;
}

/**
 * The caller's identity as transaction-local settings, as select-list items: the role, the
 * claims (auth.jwt()), and sub and role on their own. auth.uid() and auth.role() read those two
 * before they fall back to parsing the claims, and RLS calls auth.uid() in nearly every policy:
 * parsing the whole token each time was a measurable part of a run's database time.
 */
export function callerSettings(sql: Sql | Tx, claims: Claims) {
  return sql`set_config('role', 'authenticated', true) as role,
    set_config('request.jwt.claims', ${JSON.stringify(claims)}, true) as claims,
    set_config('request.jwt.claim.sub', ${claims.sub}, true) as claim_sub,
    set_config('request.jwt.claim.role', ${claims.role}, true) as claim_role`;
}

/**
 * callerSettings with the role service_role instead of authenticated: the same claims, so
 * auth.uid() is still the caller. Only for the SQL functions that write bookkeeping (start_run,
 * finish_run, record_prompt_event): callers cannot write runs, events or logs, and those
 * functions are executable by service_role alone and check that the prompt or run is the
 * caller's. Everything else runs as the caller (callerSettings, asUser), under RLS.
 */
export function serviceCallerSettings(sql: Sql | Tx, claims: Claims) {
  return sql`set_config('role', 'service_role', true) as role,
    set_config('request.jwt.claims', ${JSON.stringify(claims)}, true) as claims,
    set_config('request.jwt.claim.sub', ${claims.sub}, true) as claim_sub,
    set_config('request.jwt.claim.role', ${claims.role}, true) as claim_role`;
}

/**
 * Runs `fn` in one transaction as the authenticated caller. The settings statement is pipelined
 * with fn's first query instead of awaited (one round trip less); if it failed, the transaction
 * is aborted and fn's queries fail with it.
 */
export function asUser<T>(sql: Sql, claims: Claims, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransactionAs(sql, (tx) => callerSettings(tx, claims), fn);
}

/**
 * Runs `fn` in one transaction as anon: a signed-out reader of what is public (the gallery,
 * shared prompts), under RLS like everyone else. No claims, so auth.uid() is null.
 */
export function asAnon<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransactionAs(sql, (tx) =>
    tx`set_config('role', 'anon', true) as role,
      set_config('request.jwt.claims', '{"role":"anon"}', true) as claims,
      set_config('request.jwt.claim.sub', '', true) as claim_sub,
      set_config('request.jwt.claim.role', 'anon', true) as claim_role`, fn);
}

function inTransactionAs<T>(
  sql: Sql,
  settings: (tx: Tx) => postgres.PendingQuery<postgres.Row[]>,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  // The pool's statement timeout again, local to the transaction: a transaction pooler lends
  // server connections that may not have been opened with this client's startup parameters.
  const timeout = sql.options.connection?.statement_timeout;
  return sql.begin((tx) => {
    const timeoutSetting = timeout
      ? tx`, set_config('statement_timeout', ${String(timeout)}, true) as statement_timeout`
      : tx``;
    // execute(): a query is otherwise sent only when awaited, which would be after fn's first.
    const setup = tx`select ${settings(tx)}${timeoutSetting}`.execute();
    return Promise.all([setup, fn(tx)]).then(([, result]) => result);
  }) as Promise<T>;
}
