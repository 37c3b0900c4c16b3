// A Postgres cluster of the bench's own (promptline_bench, port 55432, state in
// .stack/promptline_bench), made the way the dev stack makes its cluster: the same settings,
// dev/bootstrap.sql, every migration through the Supabase CLI, supabase/seed.sql. A million
// prompts never go near the shared dev database, whose tests run meanwhile. The migrations are
// the committed ones (git HEAD), so a half-written migration in a shared working tree cannot
// break or skew a run; `worktree` takes the working tree's instead.
import * as pg from "../dev/postgres.ts";
import { run } from "../dev/proc.ts";
import { stateDir } from "../dev/env.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

export const benchClusterName = "promptline_bench";
export const benchPort = 55432;
export const benchDbUrl = `postgresql://postgres:postgres@127.0.0.1:${benchPort}/postgres`;

const config: pg.ClusterConfig = {
  name: benchClusterName,
  port: benchPort,
  userDataDir: `${stateDir({ PROMPTLINE_CLUSTER: benchClusterName })}/pgdata`,
};

export function benchClusterExists(): Promise<boolean> {
  return pg.clusterExists(config);
}

/** Creates (when missing) and starts the bench cluster, then bootstraps and migrates it. */
export async function startBenchCluster(
  log: (line: string) => void,
  migrationsFrom: "head" | "worktree" | "none" = "head",
): Promise<void> {
  if (!(await pg.clusterExists(config))) {
    log(`creating Postgres cluster ${benchClusterName} on port ${benchPort}`);
    await pg.createCluster(config);
  }
  if ((await pg.writeSettings(config)) && (await pg.isRunning(config))) {
    await pg.stopCluster(config);
  }
  await pg.startCluster(config);
  await pg.psql(config, ["-c", "alter role postgres password 'postgres'"]);
  if (migrationsFrom === "none") return;
  await pg.psql(config, ["-f", `${root}/dev/bootstrap.sql`]);
  const workdir = migrationsFrom === "head" ? await committedSupabaseDir() : root;
  const r = await run(
    [
      `${root}/node_modules/.bin/supabase`,
      "db",
      "push",
      `--remote=${benchDbUrl}`,
      "--include-all",
      "--yes",
      "--workdir",
      workdir,
    ],
    undefined,
    { SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
  );
  if (workdir !== root) await Deno.remove(workdir, { recursive: true });
  if (r.code !== 0) throw new Error(`bench migrations failed:\n${r.stdout}\n${r.stderr}`);
  const applied = (r.stdout + r.stderr).split("\n").filter((l) => l.startsWith("Applying"));
  if (applied.length) log(`applied ${applied.length} migration(s) to the bench cluster`);
  await pg.psql(config, ["-f", `${root}/supabase/seed.sql`]);
}

/** A temporary directory holding supabase/ (config and migrations) as committed at HEAD. */
async function committedSupabaseDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "promptline-bench-" });
  const archive = await run([
    "git",
    "-C",
    root,
    "archive",
    "--format=tar",
    `--output=${dir}/head.tar`,
    "HEAD",
    "supabase/config.toml",
    "supabase/migrations",
  ]);
  if (archive.code !== 0) throw new Error(`git archive failed: ${archive.stderr}`);
  const untar = await run(["tar", "-xf", `${dir}/head.tar`, "-C", dir]);
  if (untar.code !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  await Deno.remove(`${dir}/head.tar`);
  return dir;
}

/** Stops and removes the bench cluster and its data. */
export async function dropBenchCluster(log: (line: string) => void): Promise<void> {
  log(`dropping Postgres cluster ${benchClusterName}`);
  await pg.dropCluster(config);
}
