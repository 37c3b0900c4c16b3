// `npm run bench:sql`: what the run path's SQL costs, in CPU instructions counted by callgrind.
// Instruction counts repeat to within about 1% whatever else this shared machine is doing, where
// timings drift by 2×. A copy of the local cluster (pg_basebackup) runs in single-user mode under
// valgrind; each workload runs 20 and 120 times and the difference over 100 is its cost, so
// start-up and first-call caching cancel out. Workloads, as the API sends them (bench/
// run_statements.ts: one statement each, the caller's settings and the function):
//   prepare_run               the read before a run
//   start_run + finish_run    the two writes of a run
// Both are measured on the current schema, then start_run + finish_run again on the design before
// migrations 20261201008000/008001 (19 CHECKs on runs, three log inserts per run), rebuilt in the
// copy from the older migrations: the two designs side by side in one run.
// Needs the stack up, valgrind, and PostgreSQL's pg_basebackup. Results: bench/results/sql.json.
import postgres from "postgres";
import { need } from "../dev/env.ts";
import { one } from "../supabase/functions/_shared/db.ts";
import { pgBin } from "../dev/postgres.ts";
import { run, runOk } from "../dev/proc.ts";
import { newUser } from "../dev/testing.ts";
import { oneLine, runStatements, runTarget } from "./run_statements.ts";
import { round, table } from "./stats.ts";

const FEW = 20;
const MANY = 120;
const asRoot = Deno.uid() === 0;
const migrations = new URL("../supabase/migrations/", import.meta.url);

/** The text of `create function <name>(…) … $$;` in a migration, made `create or replace`. */
export function functionSource(migration: string, name: string): string {
  const start = migration.indexOf(`create function ${name}(`);
  if (start < 0) throw new Error(`no create function ${name} in the migration`);
  const end = migration.indexOf("$$;", migration.indexOf("as $$", start) + 5);
  return "create or replace " + migration.slice(start + "create ".length, end + 3);
}

// The 19 CHECKs of runs as 20261201005000 and 20261201005002 made them.
const OLD_RUN_CHECKS = [
  "runs_latency_ms_check check (latency_ms >= 0)",
  "runs_model_check check (char_length(model) between 1 and 200)",
  "runs_token_usage_check check (token_usage is null or jsonb_typeof(token_usage) = 'object')",
  "runs_error_message_check check (error_message is null or char_length(error_message) <= 10000)",
  `runs_lifecycle_check check (case status
    when 'pending' then started_at is null and completed_at is null
    when 'running' then started_at is not null and completed_at is null
    when 'success' then started_at is not null and completed_at is not null
    when 'timeout' then started_at is not null and completed_at is not null
    else completed_at is not null end)`,
  "runs_completion_order_check check (completed_at is null or started_at is null or completed_at >= started_at)",
  "runs_provider_id_check check (provider_id is null or provider_id ~ '^[a-z][a-z0-9_-]{0,49}$')",
  "runs_key_source_check check (key_source in ('user', 'project', 'standin'))",
  "runs_variables_check check (jsonb_typeof(variables) = 'object')",
  "runs_resolved_prompt_check check (resolved_prompt is null or char_length(resolved_prompt) <= 1000000)",
  "runs_attempts_check check (attempts >= 0)",
  "runs_temperature_check check (temperature is null or temperature between 0 and 2)",
  "runs_max_tokens_check check (max_tokens is null or max_tokens > 0)",
  "runs_cost_usd_check check (cost_usd is null or cost_usd >= 0)",
  "runs_price_snapshot_check check (price_snapshot is null or jsonb_typeof(price_snapshot) = 'object')",
  "runs_idempotency_key_check check (idempotency_key is null or char_length(idempotency_key) between 1 and 255)",
  "runs_validation_status_check check (validation_status in ('passed', 'failed', 'skipped'))",
  "runs_validation_results_check check (validation_results is null or jsonb_typeof(validation_results) = 'array')",
  "runs_timeout_ms_check check (timeout_ms is null or timeout_ms > 0)",
];

async function oldDesign(): Promise<string[]> {
  const lifecycle = await Deno.readTextFile(
    new URL("20261201005002_run_lifecycle.sql", migrations),
  );
  // A function replacer: in a replacement string, "$$" would stand for one "$".
  const withGenericPlans = (fn: string) =>
    fn.replace(
      "set search_path = ''\nas $$",
      () => "set search_path = ''\nset plan_cache_mode = force_generic_plan\nas $$",
    );
  return [
    "alter table public.runs drop constraint runs_row_check, " +
    OLD_RUN_CHECKS.map((c) => `add constraint ${c}`).join(", ") + ";",
    withGenericPlans(functionSource(lifecycle, "public.start_run")),
    withGenericPlans(functionSource(lifecycle, "public.finish_run")),
  ].map(oneLine);
}

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
    const prepare = `${s.prepare}\n`;
    const startFinish = `${s.start}\n${s.finish}\n`;

    const current = {
      prepare_run: await perIteration(dataDir, prepare),
      start_finish: await perIteration(dataDir, startFinish),
    };
    await instructions(dataDir, (await oldDesign()).join("\n") + "\n");
    const before = { start_finish: await perIteration(dataDir, startFinish) };

    const rows = [
      { workload: "prepare_run", design: "current", instructions: current.prepare_run },
      { workload: "start_run + finish_run", design: "current", instructions: current.start_finish },
      {
        workload: "start_run + finish_run",
        design: "before 20261201008000 (19 CHECKs, 3 log inserts)",
        instructions: before.start_finish,
      },
    ].map((r) => ({ ...r, millions: round(r.instructions / 1e6) }));
    const out = {
      measured_at: new Date().toISOString(),
      method: `callgrind instruction counts, single-user PostgreSQL on a pg_basebackup copy; ` +
        `(${MANY} iterations - ${FEW}) / ${MANY - FEW}`,
      postgres: one(await sql<{ v: string }[]>`select version() as v`).v,
      per_run: rows,
      saving_of_current_vs_before: round(1 - current.start_finish / before.start_finish, 3),
    };
    await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(
      new URL("./results/sql.json", import.meta.url),
      JSON.stringify(out, null, 2) + "\n",
    );
    console.log(table(rows, ["workload", "design", "instructions", "millions"]));
    console.log(
      `(CPU instructions per run; current start_run + finish_run is ` +
        `${round(100 * out.saving_of_current_vs_before, 1)}% fewer than before; ` +
        "results in bench/results/sql.json)",
    );
  } finally {
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    await sql`delete from auth.users where id = ${user.id}`;
    await sql.end();
  }
}

if (import.meta.main) await main();
