// The chaos stack: a second local stack (ports 55321-55390, Postgres cluster promptline_chaos,
// state in .stack/promptline_chaos) so that the stack other tests use is never touched, and what
// the chaos scripts (npm run chaos, npm run chaos:workflows) do to it: kill a process listening on
// a port, stop and start the whole stack, wait for the API to answer again.
import { clusterName, need, port, stateDir } from "./env.ts";
import { portOpen, run } from "./proc.ts";
import * as pg from "./postgres.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const deno = Deno.execPath();

/** The chaos stack: its own cluster, ports and state; short provider timeouts, a small quota. */
export const CHAOS_ENV: Record<string, string> = {
  PROMPTLINE_CLUSTER: "promptline_chaos",
  SUPABASE_URL: "http://127.0.0.1:55321",
  SUPABASE_DB_URL: "postgresql://postgres:postgres@127.0.0.1:55322/postgres",
  CLIENT_URL: "http://127.0.0.1:55323",
  REDIS_PORT: "55379",
  UPSTASH_REDIS_REST_URL: "http://127.0.0.1:55380",
  LLM_STANDIN_URL: "http://127.0.0.1:55390/v1",
  CORS_ORIGINS: "http://127.0.0.1:55323",
  // It must not rebuild client/dist (the first stack serves it) nor reload under the test.
  PROMPTLINE_CLIENT_BUILD: "0",
  PROMPTLINE_WATCH: "0",
  // A hung provider ends a run as timeout after 4 s (one attempt), so the sweep's wait is short.
  LLM_TIMEOUT_MS: "4000",
  LLM_MAX_RETRIES: "0",
  // Small enough that the greedy user runs into it early and keeps asking past it.
  QUOTA_DAILY_FREE: "40",
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const secs = (ms: number | null) => ms === null ? "never" : `${(ms / 1000).toFixed(1)} s`;

export const apiBase = () => `${need("SUPABASE_URL")}/functions/v1/api`;
export const ports = () => ({
  api: port(need("SUPABASE_URL")),
  db: port(need("SUPABASE_DB_URL")),
  client: port(need("CLIENT_URL")),
  redis: Number(need("REDIS_PORT")),
  bridge: port(need("UPSTASH_REDIS_REST_URL")),
  llm: port(need("LLM_STANDIN_URL")),
});
export const cluster = (): pg.ClusterConfig => ({
  name: clusterName(),
  port: ports().db,
  userDataDir: `${stateDir()}/pgdata`,
});

/** Refuses to run against anything but the chaos stack (never the shared one's ports or data). */
export function assertOwnStack(): void {
  const shared = new Set([54321, 54322, 54323, 54379, 54380, 54390]);
  const mine = Object.values(ports());
  if (clusterName() !== CHAOS_ENV.PROMPTLINE_CLUSTER || mine.some((p) => shared.has(p))) {
    throw new Error(
      "the chaos test runs only on its own stack (PROMPTLINE_CLUSTER=promptline_chaos)",
    );
  }
}

export async function stackCommand(cmd: "up" | "down"): Promise<void> {
  const r = await run([deno, "run", "-A", "--quiet", `${root}/dev/stack.ts`, cmd]);
  if (r.code !== 0) throw new Error(`stack.ts ${cmd} failed:\n${r.stdout}\n${r.stderr}`);
}

/** Stops the chaos stack and removes its cluster and state (also what an aborted run left). */
export async function teardown(): Promise<void> {
  await stackCommand("down").catch((e) => console.error(`[chaos] ${e}`));
  await pg.dropCluster(cluster()).catch((e) =>
    console.error(`[chaos] cannot drop the chaos cluster: ${e}`)
  );
  await Deno.remove(stateDir(), { recursive: true }).catch(() => {});
}

/** The pid of the process listening on a loopback port (root sees every socket's owner). */
export async function listenerPid(p: number): Promise<number> {
  const r = await run(["ss", "-Hltnp", `sport = :${p}`]);
  const m = /pid=(\d+)/.exec(r.stdout);
  if (!m) throw new Error(`nothing listens on port ${p}`);
  return Number(m[1]);
}

export async function signal(p: number, sig: string): Promise<number> {
  const pid = await listenerPid(p);
  const r = await run(["kill", `-${sig}`, String(pid)]);
  if (r.code !== 0) throw new Error(`kill -${sig} ${pid} failed: ${r.stderr}`);
  return pid;
}

export async function healthStatus(timeoutMs = 1000): Promise<number | null> {
  try {
    const res = await fetch(`${apiBase()}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return null;
  }
}

/** Time from `since` until the API's health check answers 200 again (null: not within 15 s). */
export async function recovery(since: number): Promise<number | null> {
  while (Date.now() - since < 15_000) {
    if ((await healthStatus()) === 200) return Date.now() - since;
    await sleep(100);
  }
  return null;
}

/**
 * Runs a chaos script: on the chaos stack only (it runs itself again with CHAOS_ENV, as every
 * module reads the stack's settings when it loads), starting the stack fresh, then the scenario,
 * then tearing the stack down (its log is kept in .stack/<name>-stack.log). Exits with 1 when the
 * scenario fails or outlasts deadlineMs.
 */
export async function runChaos(
  name: string,
  deadlineMs: number,
  scenario: () => Promise<boolean>,
): Promise<never> {
  const say = (msg: string) => console.log(`[${name}] ${msg}`);
  if (Deno.env.get("PROMPTLINE_CLUSTER") !== CHAOS_ENV.PROMPTLINE_CLUSTER) {
    const child = new Deno.Command(deno, {
      args: ["run", "-A", "--quiet", Deno.mainModule.replace(/^file:\/\//, ""), ...Deno.args],
      env: { ...Deno.env.toObject(), ...CHAOS_ENV },
    }).spawn();
    Deno.exit((await child.status).code);
  }
  assertOwnStack();
  const t0 = Date.now();
  const killer = setTimeout(() => {
    console.error(`[${name}] over the ${secs(deadlineMs)} bound: tearing down`);
    teardown().finally(() => Deno.exit(1));
  }, deadlineMs);
  let ok = false;
  try {
    await teardown(); // whatever an aborted run left
    for (const p of Object.values(ports())) {
      if (await portOpen(p)) throw new Error(`port ${p} is in use: the chaos stack needs it`);
    }
    say("starting the chaos stack");
    await stackCommand("up");
    say(`stack healthy after ${secs(Date.now() - t0)}`);
    ok = await scenario();
  } finally {
    // Its log outlives it, for whoever wants to see what each process said.
    const kept = `${root}/.stack/${name}-stack.log`;
    await Deno.copyFile(`${stateDir()}/stack.log`, kept).then(() => say(`its log: ${kept}`))
      .catch(() => {});
    say("tearing the chaos stack down");
    await teardown();
    clearTimeout(killer);
    say(`done in ${secs(Date.now() - t0)}`);
  }
  Deno.exit(ok ? 0 : 1);
}
