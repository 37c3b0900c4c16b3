// The local Postgres 15 cluster: created with Debian's tooling when we are root (Postgres
// refuses to run as root, pg_createcluster runs it as `postgres`), with initdb otherwise.
import { run, runOk } from "./proc.ts";

export interface ClusterConfig {
  /** The cluster's name (PROMPTLINE_CLUSTER): a second stack has its own. */
  name: string;
  port: number;
  /** Data directory used when not root (initdb). */
  userDataDir: string;
}

const version = "15";
export const pgBin = `/usr/lib/postgresql/${version}/bin`;
const isRoot = Deno.uid() === 0;

// Why each setting: pg_cron needs preloading and its database; it runs each job in a background
// worker, because its default, a libpq connection to localhost without a password, is refused by
// the cluster's scram-sha-256 over TCP (every job would fail with "connection failed"); a running
// job takes a worker slot, shared with parallel query, so there are more slots than the default 8;
// the concurrency tests open hundreds of connections; synchronous_commit=off trades crash
// durability of the last few commits (a dev machine) for write speed, never correctness.
function settings(port: number): string {
  return [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `shared_preload_libraries = 'pg_cron'`,
    `cron.database_name = 'postgres'`,
    `cron.use_background_workers = on`,
    `max_worker_processes = 32`,
    `cron.timezone = 'UTC'`,
    `timezone = 'UTC'`,
    `max_connections = 300`,
    `synchronous_commit = off`,
    `shared_buffers = '256MB'`,
    `log_min_messages = warning`,
    `log_min_error_statement = panic`,
  ].join("\n") + "\n";
}

function userPgCtl(dir: string, ...args: string[]): Promise<void> {
  return runOk([`${pgBin}/pg_ctl`, "-D", dir, "-w", "-s", ...args]);
}

export async function clusterExists(cfg: ClusterConfig): Promise<boolean> {
  if (isRoot) {
    const out = await run(["pg_lsclusters", "-h"]);
    return out.stdout.split("\n").some((l) => l.split(/\s+/)[1] === cfg.name);
  }
  try {
    await Deno.stat(`${cfg.userDataDir}/PG_VERSION`);
    return true;
  } catch {
    return false;
  }
}

export async function createCluster(cfg: ClusterConfig): Promise<void> {
  if (isRoot) {
    await runOk([
      "pg_createcluster",
      version,
      cfg.name,
      "-p",
      String(cfg.port),
      "--start-conf=manual",
      "--",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
    ]);
  } else {
    await Deno.mkdir(cfg.userDataDir, { recursive: true });
    await runOk([
      `${pgBin}/initdb`,
      "-D",
      cfg.userDataDir,
      "-U",
      "postgres",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      "--pwfile=/dev/stdin",
    ], "postgres\n");
  }
  await writeSettings(cfg);
}

/** Where our settings live: a file the cluster's postgresql.conf includes, last. */
function settingsPath(cfg: ClusterConfig): string {
  return isRoot
    ? `/etc/postgresql/${version}/${cfg.name}/conf.d/promptline.conf`
    : `${cfg.userDataDir}/promptline.conf`;
}

/**
 * Writes our settings (at every start, so a cluster made by an older version of this file gets
 * them too); true when they changed, and a running cluster must be restarted to apply them.
 */
export async function writeSettings(cfg: ClusterConfig): Promise<boolean> {
  const path = settingsPath(cfg);
  const text = settings(cfg.port);
  const before = await Deno.readTextFile(path).catch(() => null);
  if (before === text) return false;
  await Deno.writeTextFile(path, text);
  if (!isRoot) {
    // Debian's clusters read conf.d; an initdb one includes our file after its own settings (and
    // after any that an older version of this file appended), so ours win.
    const conf = `${cfg.userDataDir}/postgresql.conf`;
    const include = "include_if_exists = 'promptline.conf'";
    if (!(await Deno.readTextFile(conf)).split("\n").includes(include)) {
      await Deno.writeTextFile(conf, `${include}\n`, { append: true });
    }
  }
  return true;
}

export async function isRunning(cfg: ClusterConfig): Promise<boolean> {
  if (isRoot) {
    const out = await run(["pg_lsclusters", "-h"]);
    return out.stdout.split("\n").some((l) => {
      const f = l.split(/\s+/);
      return f[1] === cfg.name && f[3] === "online";
    });
  }
  return (await run([`${pgBin}/pg_ctl`, "-D", cfg.userDataDir, "status"])).code === 0;
}

/**
 * True while the cluster's postmaster process exists, read from its postmaster.pid: cheap enough
 * to ask twice a second (no connection, no subprocess).
 */
export async function postmasterAlive(cfg: ClusterConfig): Promise<boolean> {
  const dataDir = isRoot ? `/var/lib/postgresql/${version}/${cfg.name}` : cfg.userDataDir;
  try {
    const [first] = (await Deno.readTextFile(`${dataDir}/postmaster.pid`)).split("\n");
    const pid = Number(first);
    if (!Number.isInteger(pid) || pid <= 0) return false;
    await Deno.stat(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

export async function startCluster(cfg: ClusterConfig): Promise<void> {
  if (await isRunning(cfg)) return;
  if (isRoot) {
    await runOk(["pg_ctlcluster", "--skip-systemctl-redirect", version, cfg.name, "start"]);
  } else {
    await userPgCtl(cfg.userDataDir, "-l", `${cfg.userDataDir}/server.log`, "start");
  }
}

export async function stopCluster(cfg: ClusterConfig): Promise<void> {
  if (!(await isRunning(cfg))) return;
  if (isRoot) {
    await runOk([
      "pg_ctlcluster",
      "--skip-systemctl-redirect",
      version,
      cfg.name,
      "stop",
      "-m",
      "fast",
    ]);
  } else {
    await userPgCtl(cfg.userDataDir, "-m", "fast", "stop");
  }
}

export async function dropCluster(cfg: ClusterConfig): Promise<void> {
  await stopCluster(cfg);
  if (!(await clusterExists(cfg))) return;
  if (isRoot) await runOk(["pg_dropcluster", version, cfg.name]);
  else await Deno.remove(cfg.userDataDir, { recursive: true });
}

/** psql over the local socket as the postgres superuser (trust), stopping on the first error. */
export function psql(cfg: ClusterConfig, args: string[], stdin?: string): Promise<void> {
  const socketArgs = isRoot ? ["-h", "/var/run/postgresql"] : ["-h", "127.0.0.1"];
  const env: Record<string, string> = isRoot ? {} : { PGPASSWORD: "postgres" };
  return runOk(
    [
      "psql",
      ...socketArgs,
      "-p",
      String(cfg.port),
      "-U",
      "postgres",
      "-d",
      "postgres",
      "-X",
      "-q",
      "-v",
      "ON_ERROR_STOP=1",
      ...args,
    ],
    stdin,
    env,
  );
}
