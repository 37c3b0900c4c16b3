// `npm run bench:sql`: what the run path's SQL costs, in CPU instructions counted by callgrind.
// Instruction counts repeat to within about 1% whatever else this shared machine is doing, where
// timings drift by 2×. A copy of the local cluster (pg_basebackup) runs in single-user mode under
// valgrind; each workload runs 20 and 120 times and the difference over 100 is its cost, so
// start-up and first-call caching cancel out. Workloads, as the API sends them (bench/
// run_statements.ts: one statement each, the caller's settings and the function):
//   start_run + finish_run    the two statements of a run
// To compare a change, run it before and after (the figures of earlier designs are kept in
// bench/results/HISTORY.md).
// Needs the stack up, valgrind, and PostgreSQL's pg_basebackup. Results: bench/results/sql.json.
import postgres from "postgres";
import { need } from "../dev/env.ts";
import { one } from "../supabase/functions/_shared/db.ts";
import { pgBin } from "../dev/postgres.ts";
import { run, runOk } from "../dev/proc.ts";
import { newUser } from "../dev/testing.ts";
import { runStatements, runTarget } from "./run_statements.ts";
import { round, table } from "./stats.ts";

const FEW = 20;
const MANY = 120;
const asRoot = Deno.uid() === 0;

function asPostgres(cmd: string[]): string[] {
  return asRoot ? ["runuser", "-u", "postgres", "--", ...cmd] : cmd;
}

/** Instructions callgrind counted for one single-user session fed `script`. */
async function instructions(dataDir: string, script: string): Promise<number> {
  const r = await run(
    asPostgres([
      "valgrind",
      "--tool=callgrind",
      "--callgrind-out-file=/dev/null",
      `${pgBin}/postgres`,
      "--single",
      "-D",
      dataDir,
      "postgres",
    ]),
    script,
  );
  const errors = (r.stdout + r.stderr).split("\n").filter((l) => /\bERROR:/.test(l));
  if (errors.length) throw new Error(`the workload failed:\n${errors.slice(0, 3).join("\n")}`);
  const m = /Collected : (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`valgrind reported no count (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  return Number(m[1]);
}

/** Instructions per iteration of `iteration` (the difference of MANY and FEW, over MANY - FEW). */
async function perIteration(dataDir: string, iteration: string): Promise<number> {
  const few = await instructions(dataDir, iteration.repeat(FEW));
  const many = await instructions(dataDir, iteration.repeat(MANY));
  return Math.round((many - few) / (MANY - FEW));
}

async function main() {
  const valgrind = await run(["valgrind", "--version"]).catch(() => null);
  if (!valgrind || valgrind.code !== 0) {
    throw new Error("bench:sql needs valgrind (Debian: apt-get install valgrind)");
  }
  const dbUrl = need("SUPABASE_DB_URL");
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {} });
  const user = await newUser("bench-sql");
  const dataDir = await Deno.makeTempDir({ prefix: "promptline-bench-sql-" });
  try {
    const target = await runTarget(sql, user);
    await runOk([
      `${pgBin}/pg_basebackup`,
      "-d",
      dbUrl,
      "-D",
      dataDir,
      "-c",
      "fast",
      "-X",
      "stream",
    ]);
    // Single-user mode reads only this file: no pg_cron, no listening, no settings from the copy.
    await Deno.writeTextFile(`${dataDir}/postgresql.conf`, "shared_buffers = '128MB'\n");
    await Deno.remove(`${dataDir}/postgresql.auto.conf`).catch(() => {});
    if (asRoot) await runOk(["chown", "-R", "postgres:postgres", dataDir]);

    const s = runStatements(target);
    const startFinish = `${s.start}\n${s.finish}\n`;

    const current = { start_finish: await perIteration(dataDir, startFinish) };
    const rows = [
      { workload: "start_run + finish_run", design: "current", instructions: current.start_finish },
    ].map((r) => ({ ...r, millions: round(r.instructions / 1e6) }));
    const out = {
      measured_at: new Date().toISOString(),
      method: `callgrind instruction counts, single-user PostgreSQL on a pg_basebackup copy; ` +
        `(${MANY} iterations - ${FEW}) / ${MANY - FEW}`,
      postgres: one(await sql<{ v: string }[]>`select version() as v`).v,
      per_run: rows,
    };
    await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(
      new URL("./results/sql.json", import.meta.url),
      JSON.stringify(out, null, 2) + "\n",
    );
    console.log(table(rows, ["workload", "design", "instructions", "millions"]));
    console.log("(CPU instructions per run; results in bench/results/sql.json)");
  } finally {
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    await sql`delete from auth.users where id = ${user.id}`;
    await sql.end();
  }
}

if (import.meta.main) await main();
