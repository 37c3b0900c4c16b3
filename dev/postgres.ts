// The local Postgres 15 cluster: created with Debian's tooling when we are root (Postgres
// refuses to run as root, pg_createcluster runs it as `postgres`), with initdb otherwise.
import { run, runOk } from "./proc.ts";

export interface ClusterConfig {
  port: number;
  /** Data directory used when not root (initdb). */
  userDataDir: string;
}

const cluster = "promptline";
const version = "15";
export const pgBin = `/usr/lib/postgresql/${version}/bin`;
const isRoot = Deno.uid() === 0;

// Why each setting: pg_cron needs preloading and its database; the concurrency tests open
// hundreds of connections; synchronous_commit=off trades crash durability of the last few
// commits (a dev machine) for write speed, never correctness.
function settings(port: number): string {
  return [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `shared_preload_libraries = 'pg_cron'`,
    `cron.database_name = 'postgres'`,
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
    return out.stdout.split("\n").some((l) => l.split(/\s+/)[1] === cluster);
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
      cluster,
      "-p",
      String(cfg.port),
      "--start-conf=manual",
      "--",
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
    ]);
    await Deno.writeTextFile(
      `/etc/postgresql/${version}/${cluster}/conf.d/promptline.conf`,
      settings(cfg.port),
    );
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
    await Deno.writeTextFile(`${cfg.userDataDir}/postgresql.conf`, settings(cfg.port), {
      append: true,
    });
  }
}

export async function isRunning(cfg: ClusterConfig): Promise<boolean> {
  if (isRoot) {
    const out = await run(["pg_lsclusters", "-h"]);
    return out.stdout.split("\n").some((l) => {
      const f = l.split(/\s+/);
      return f[1] === cluster && f[3] === "online";
    });
  }
  return (await run([`${pgBin}/pg_ctl`, "-D", cfg.userDataDir, "status"])).code === 0;
}

export async function startCluster(cfg: ClusterConfig): Promise<void> {
  if (await isRunning(cfg)) return;
  if (isRoot) {
    await runOk(["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, "start"]);
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
      cluster,
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
  if (isRoot) await runOk(["pg_dropcluster", version, cluster]);
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
