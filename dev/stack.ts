// The Docker-free local Supabase stack's supervisor: `npm start` (foreground),
// `npm run stack:up|down|status|reset`. See DESIGN.md, "Docker-free local stack".
import postgres from "postgres";
import { clusterName, localEnv, need, port, stateDir as stackStateDir } from "./env.ts";
import { portOpen, run, runOk, waitFor } from "./proc.ts";
import * as pg from "./postgres.ts";
import {
  describeJob,
  failedRunsSince,
  jobStatuses,
  lastRunId,
  readRunFloor,
  RUN_FLOOR_FILE,
} from "./cron.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
// A second stack (npm run chaos) sets PROMPTLINE_CLUSTER and its own ports: its own state here.
const stateDir = stackStateDir();
const pidFile = `${stateDir}/stack.pid`;
const logFile = `${stateDir}/stack.log`;
const deno = Deno.execPath();

const ports = {
  api: port(need("SUPABASE_URL")),
  db: port(need("SUPABASE_DB_URL")),
  client: port(need("CLIENT_URL")),
  redis: Number(need("REDIS_PORT")),
  bridge: port(need("UPSTASH_REDIS_REST_URL")),
  llm: port(need("LLM_STANDIN_URL")),
};
const pgConfig: pg.ClusterConfig = {
  name: clusterName(),
  port: ports.db,
  userDataDir: `${stateDir}/pgdata`,
};
const healthUrl = `${need("SUPABASE_URL")}/functions/v1/api/health`;

interface Service {
  name: string;
  port: number;
  cmd: [program: string, ...args: string[]];
}

const services: Service[] = [
  {
    name: "redis",
    port: ports.redis,
    cmd: [
      "redis-server",
      "--port",
      String(ports.redis),
      "--bind",
      "127.0.0.1",
      "--dir",
      `${stateDir}/redis`,
      "--save",
      "60 1",
      // Durable like Upstash: every write reaches the append-only file before Redis answers, so
      // a killed redis-server restarts with every count it acknowledged.
      "--appendonly",
      "yes",
      "--loglevel",
      "warning",
    ],
  },
  {
    name: "upstash",
    port: ports.bridge,
    cmd: [deno, "run", "-A", `${root}/dev/upstash_bridge.ts`],
  },
  { name: "llm", port: ports.llm, cmd: [deno, "run", "-A", `${root}/dev/llm_standin.ts`] },
  // --watch: edits to functions reload the gateway, like `supabase functions serve`
  // (PROMPTLINE_WATCH=0 turns it off, for a stack that must not reload under a test).
  {
    name: "gateway",
    port: ports.api,
    cmd: localEnv.PROMPTLINE_WATCH === "0"
      ? [deno, "run", "-A", `${root}/dev/gateway.ts`]
      : [deno, "run", "-A", "--watch", "--no-clear-screen", `${root}/dev/gateway.ts`],
  },
];

/**
 * The restart policy for a child that dies: after 0.5 s, doubling with each death in a row up to
 * 10 s; a child that stayed up for a minute starts again from 0.5 s.
 */
export const backoff = { firstMs: 500, maxMs: 10_000, resetAfterMs: 60_000 };

/** The wait before the next restart, given the last wait (null: none yet) and the time it was up. */
export function nextDelay(lastMs: number | null, upMs: number): number {
  if (lastMs === null || upMs >= backoff.resetAfterMs) return backoff.firstMs;
  return Math.min(lastMs * 2, backoff.maxMs);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function log(msg: string) {
  console.log(`[stack] ${msg}`);
}

async function readPid(): Promise<number | null> {
  try {
    const pid = Number((await Deno.readTextFile(pidFile)).trim());
    if (!pid) return null;
    return (await run(["kill", "-0", String(pid)])).code === 0 ? pid : null;
  } catch {
    return null;
  }
}

async function healthy(): Promise<boolean> {
  try {
    const res = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}

const portNames: Record<number, string> = {
  [ports.api]: "API gateway",
  [ports.db]: "Postgres",
  [ports.client]: "client",
  [ports.redis]: "Redis",
  [ports.bridge]: "Upstash REST bridge",
  [ports.llm]: "LLM stand-in",
};

async function assertPortsFree(): Promise<void> {
  const taken: string[] = [];
  for (const [p, name] of Object.entries(portNames)) {
    if (await portOpen(Number(p))) taken.push(`port ${p} (${name})`);
  }
  const [first] = taken;
  if (first) {
    throw new Error(
      `cannot start: ${taken.join(", ")} already in use by another process. ` +
        `Stop it (ss -ltnp 'sport = :${first.split(" ")[1]}' shows who) or run npm run stack:down.`,
    );
  }
}

/** Creates, configures and starts the cluster, then migrates; true if it started Postgres. */
async function prepareDatabase(): Promise<boolean> {
  const fresh = !(await pg.clusterExists(pgConfig));
  if (fresh) {
    log(`creating Postgres cluster ${pgConfig.name}`);
    await pg.createCluster(pgConfig);
  }
  // Settings are rewritten at every start, so an existing cluster gets new ones (pg_cron's
  // background workers); those need a restart to apply.
  if ((await pg.writeSettings(pgConfig)) && (await pg.isRunning(pgConfig))) {
    log("Postgres settings changed: restarting Postgres to apply them");
    await pg.stopCluster(pgConfig);
  }
  const started = !(await pg.isRunning(pgConfig));
  await pg.startCluster(pgConfig);
  await waitFor("Postgres", () => portOpen(ports.db));
  await pg.psql(pgConfig, ["-c", "alter role postgres password 'postgres'"]);
  await pg.psql(pgConfig, ["-f", `${root}/dev/bootstrap.sql`]);
  await migrate();
  if (fresh) {
    log("applying supabase/seed.sql");
    await pg.psql(pgConfig, ["-f", `${root}/supabase/seed.sql`]);
  }
  await recordCronRunFloor();
  return started;
}

/** Remembers the last cron run before this start: "failed since the stack started" counts above it. */
async function recordCronRunFloor(): Promise<void> {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    await Deno.writeTextFile(`${stateDir}/${RUN_FLOOR_FILE}`, `${await lastRunId(sql)}\n`);
  } finally {
    await sql.end();
  }
}

/** Versions in `applied` that no file in `local` (migration file names) carries. */
export function appliedButMissing(applied: string[], local: string[]): string[] {
  const known = new Set(local.map((name) => name.split("_")[0]));
  return applied.filter((v) => !known.has(v));
}

/** The migration versions the database records as applied (none on a fresh one). */
export async function appliedMigrations(dbUrl: string): Promise<string[]> {
  const r = await run(
    ["psql", dbUrl, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"],
    `select to_regclass('supabase_migrations.schema_migrations') is not null as has_history \\gset
\\if :has_history
select version from supabase_migrations.schema_migrations order by version;
\\endif
`,
  );
  if (r.code !== 0) throw new Error(`cannot read the migration history:\n${r.stderr}`);
  return r.stdout.split("\n").map((l) => l.trim()).filter(Boolean);
}

/**
 * Fails when the database has migrations applied that supabase/migrations no longer has (the
 * 2026-12-04 fold replaced the first migrations): `supabase db push` would refuse with advice
 * that does not fit a local database, whose data is disposable.
 */
export async function assertHistoryMatches(dbUrl: string, migrationsDir: string): Promise<void> {
  const local: string[] = [];
  for await (const e of Deno.readDir(migrationsDir)) {
    if (e.isFile && e.name.endsWith(".sql")) local.push(e.name);
  }
  const missing = appliedButMissing(await appliedMigrations(dbUrl), local);
  if (missing.length) {
    const shown = missing.slice(0, 3).join(", ") + (missing.length > 3 ? ", …" : "");
    throw new Error(
      `the local database has ${missing.length} applied migration(s) that supabase/migrations ` +
        `no longer has (${shown}): its history predates a rewrite of the migrations. ` +
        `Run npm run stack:reset (wipes the local data and applies every migration afresh).`,
    );
  }
}

/** Applies pending migrations with the real Supabase CLI, as `supabase db push` does in production. */
export async function migrate(): Promise<void> {
  await assertHistoryMatches(need("SUPABASE_DB_URL"), `${root}/supabase/migrations`);
  const r = await run(
    [
      `${root}/node_modules/.bin/supabase`,
      "db",
      "push",
      `--remote=${need("SUPABASE_DB_URL")}`,
      "--include-all",
      "--yes",
      "--workdir",
      root,
    ],
    undefined,
    { SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  );
  if (r.code !== 0) throw new Error(`migrations failed:\n${r.stdout}\n${r.stderr}`);
  const applied = (r.stdout + r.stderr).split("\n").filter((l) => l.startsWith("Applying"));
  if (applied.length) log(`applied ${applied.length} migration(s)`);
}

async function buildClient(): Promise<void> {
  // A second stack (npm run chaos) serves the client the first one built: vite empties
  // client/dist while it builds, which the first stack's browser tests would see.
  if (localEnv.PROMPTLINE_CLIENT_BUILD === "0") return;
  const r = await run(["npm", "run", "--silent", "build", "--prefix", `${root}/client`]);
  if (r.code !== 0) throw new Error(`client build failed:\n${r.stdout}\n${r.stderr}`);
}

function pipeWithPrefix(name: string, stream: ReadableStream<Uint8Array>) {
  const prefix = `[${name}] `;
  (async () => {
    let buf = "";
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        console.log(prefix + buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    }
    if (buf) console.log(prefix + buf);
  })().catch(() => {});
}

function printStatus(): void {
  const rows: [string, string][] = [
    ["API URL", need("SUPABASE_URL")],
    ["Functions URL", `${need("SUPABASE_URL")}/functions/v1`],
    ["Auth URL", `${need("SUPABASE_URL")}/auth/v1`],
    ["DB URL", need("SUPABASE_DB_URL")],
    ["Client URL", need("CLIENT_URL")],
    ["Upstash REST URL", need("UPSTASH_REDIS_REST_URL")],
    ["Upstash REST token", need("UPSTASH_REDIS_REST_TOKEN")],
    ["LLM stand-in URL", need("LLM_STANDIN_URL")],
    ["JWT secret", need("SUPABASE_JWT_SECRET")],
    ["anon key", need("SUPABASE_ANON_KEY")],
    ["service_role key", need("SUPABASE_SERVICE_ROLE_KEY")],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log("\nPromptline local stack is running.\n");
  for (const [k, v] of rows) console.log(`  ${k.padStart(w)}: ${v}`);
  console.log("");
}

async function start(): Promise<void> {
  if (await readPid()) {
    log("already running");
    printStatus();
    return;
  }
  await Deno.mkdir(`${stateDir}/redis`, { recursive: true });
  if (!(await pg.isRunning(pgConfig))) await assertPortsFree();
  await Deno.writeTextFile(pidFile, String(Deno.pid));
  const t0 = Date.now();
  // The current process of each service (a restart replaces it).
  const children = new Map<string, Deno.ChildProcess>();
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log("stopping");
    const running = [...children.values()].reverse();
    for (const c of running) {
      try {
        c.kill("SIGTERM");
      } catch { /* already gone */ }
    }
    await Promise.allSettled(running.map((c) => c.status));
    await pg.stopCluster(pgConfig).catch((e) => log(String(e)));
    await Deno.remove(pidFile).catch(() => {});
    log("stopped");
    Deno.exit(code);
  };
  Deno.addSignalListener("SIGINT", () => stop(0));
  Deno.addSignalListener("SIGTERM", () => stop(0));

  const spawn = (s: Service): Deno.ChildProcess => {
    const [program, ...args] = s.cmd;
    const child = new Deno.Command(program, {
      args,
      cwd: root,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      env: { ...localEnv, PROMPTLINE_LOCAL_STACK: "1" },
    }).spawn();
    pipeWithPrefix(s.name, child.stdout);
    pipeWithPrefix(s.name, child.stderr);
    children.set(s.name, child);
    return child;
  };
  // A child that dies is started again, after a backoff (see nextDelay), as a dead edge worker
  // is replaced on Supabase.
  const supervise = async (s: Service, first: Deno.ChildProcess) => {
    let child = first;
    let spawnedAt = Date.now();
    let delay: number | null = null;
    for (;;) {
      const st = await child.status;
      if (stopping) return;
      delay = nextDelay(delay, Date.now() - spawnedAt);
      const how = st.signal ? `signal ${st.signal}` : `code ${st.code}`;
      log(`${s.name} exited (${how}); restarting it in ${delay / 1000} s`);
      await sleep(delay);
      if (stopping) return;
      child = spawn(s);
      spawnedAt = Date.now();
      log(`${s.name} restarted (pid ${child.pid})`);
    }
  };
  // Postgres is not our child (pg_ctl daemonizes it): its postmaster is watched instead, if this
  // stack started it. Two missed looks in a row, so a restart someone else makes is not raced.
  const watchPostgres = async () => {
    let upSince = Date.now();
    let delay: number | null = null;
    let missed = 0;
    while (!stopping) {
      await sleep(500);
      if (stopping) return;
      if (await pg.postmasterAlive(pgConfig)) {
        missed = 0;
        continue;
      }
      if (++missed < 2) continue;
      delay = nextDelay(delay, Date.now() - upSince);
      log(`Postgres is down; starting it in ${delay / 1000} s`);
      await sleep(delay);
      if (stopping) return;
      try {
        await pg.startCluster(pgConfig);
        log("Postgres restarted");
      } catch (e) {
        log(`Postgres did not start: ${e instanceof Error ? e.message : e}`);
      }
      upSince = Date.now();
      missed = 0;
    }
  };

  try {
    const [startedPostgres] = await Promise.all([prepareDatabase(), buildClient()]);
    if (startedPostgres) watchPostgres();
    for (const s of services) {
      supervise(s, spawn(s));
      await waitFor(`${s.name} on port ${s.port}`, () => portOpen(s.port), 30_000);
    }
    await waitFor("health check", healthy, 30_000);
  } catch (e) {
    console.error(`[stack] ${e instanceof Error ? e.message : e}`);
    await stop(1);
    return;
  }
  printStatus();
  log(`healthy in ${((Date.now() - t0) / 1000).toFixed(1)} s; Ctrl-C stops everything`);
  await new Promise(() => {}); // until a signal
}

async function up(): Promise<void> {
  if (await readPid()) {
    if (!(await healthy())) await waitFor("health check", healthy, 60_000);
    log("already running");
    printStatus();
    return;
  }
  if (!(await pg.isRunning(pgConfig))) await assertPortsFree();
  await Deno.mkdir(stateDir, { recursive: true });
  const t0 = Date.now();
  await runOk([
    "bash",
    "-c",
    `setsid nohup "${deno}" run -A --quiet "${root}/dev/stack.ts" start > "${logFile}" 2>&1 < /dev/null &`,
  ]);
  try {
    await waitFor("the stack to become healthy", async () => {
      const pid = await readPid();
      const logText = await Deno.readTextFile(logFile).catch(() => "");
      if (!pid && logText.includes("[stack] stopped")) {
        throw new Error(`the stack failed to start; ${logFile}:\n${logText}`);
      }
      return await healthy();
    }, 180_000);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    Deno.exit(1);
  }
  log(`healthy in ${((Date.now() - t0) / 1000).toFixed(1)} s (log: ${logFile})`);
  printStatus();
}

async function down(): Promise<void> {
  const pid = await readPid();
  if (pid) {
    await run(["kill", "-TERM", String(pid)]);
    await waitFor("the stack to stop", async () => !(await readPid()), 60_000);
  }
  await pg.stopCluster(pgConfig);
  log("down");
}

async function status(): Promise<void> {
  const pid = await readPid();
  console.log(`supervisor: ${pid ? `running (pid ${pid})` : "not running"}`);
  for (const [p, name] of Object.entries(portNames)) {
    console.log(
      `  ${name.padEnd(20)} 127.0.0.1:${p}  ${(await portOpen(Number(p))) ? "up" : "down"}`,
    );
  }
  const ok = await healthy();
  console.log(`  health               ${healthUrl}  ${ok ? "ok" : "failing"}`);
  if (await portOpen(ports.db)) await printCronStatus();
  if (ok) printStatus();
  if (!ok) Deno.exitCode = 1;
}

/** Each pg_cron job's last run and outcome, and the failed runs since the stack started. */
async function printCronStatus(): Promise<void> {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    console.log("pg_cron jobs:");
    for (const j of await jobStatuses(sql)) console.log(`  ${describeJob(j)}`);
    const failed = await failedRunsSince(sql, await readRunFloor(stateDir));
    console.log(`  failed runs since the stack started: ${failed.length}`);
    for (const f of failed.slice(-3)) console.log(`    ${f.jobname}: ${f.message ?? "no message"}`);
  } catch (e) {
    console.log(`  pg_cron jobs unreadable: ${e instanceof Error ? e.message : e}`);
  } finally {
    await sql.end();
  }
}

async function reset(): Promise<void> {
  await down();
  await pg.dropCluster(pgConfig);
  await Deno.remove(`${stateDir}/redis`, { recursive: true }).catch(() => {});
  log("data wiped");
  await up();
}

/** Regenerates supabase/types/database.ts from the local database (checked for drift by npm test). */
async function genTypes(): Promise<void> {
  const r = await run(
    [
      `${root}/node_modules/.bin/supabase`,
      "gen",
      "types",
      "typescript",
      `--remote=${need("SUPABASE_DB_URL")}`,
      "--schema",
      "public",
      "--workdir",
      root,
    ],
    undefined,
    { SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  );
  if (r.code !== 0) throw new Error(r.stderr);
  await Deno.writeTextFile(`${root}/supabase/types/database.ts`, r.stdout);
  log("wrote supabase/types/database.ts");
}

const commands: Record<string, () => Promise<void>> = {
  start,
  "gen-types": genTypes,
  up,
  down,
  status,
  reset,
  migrate,
};

if (import.meta.main) {
  const [cmd, ...rest] = Deno.args;
  const fn = cmd === undefined ? undefined : commands[cmd];
  if (fn) {
    try {
      await fn();
    } catch (e) {
      // A plain message (a port in use, a failed migration), never a stack trace.
      console.error(`[stack] ${e instanceof Error ? e.message : e}`);
      Deno.exit(1);
    }
  } else if (cmd === "script") {
    // Runs a dev/bench script with the stack's env, e.g. `stack.ts script bench/api.ts`.
    const r = new Deno.Command(deno, {
      args: ["run", "-A", ...rest],
      cwd: root,
      env: localEnv,
    }).spawn();
    Deno.exit((await r.status).code);
  } else {
    console.error(`usage: stack.ts ${Object.keys(commands).join("|")}|script <file>`);
    Deno.exit(2);
  }
}
