// Runs every check of the project against the local stack and sums them up.
// Each suite reports passed/failed counts; static checks count as one check each.
import postgres from "postgres";
import { localEnv, need, stateDir } from "./env.ts";
import { run } from "./proc.ts";
import { failedRunsSince, proveSchedules, readRunFloor } from "./cron.ts";

const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const bin = (name: string) => `${root}/node_modules/.bin/${name}`;
const deno = Deno.execPath();
const cliEnv = { SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
const dbUrl = need("SUPABASE_DB_URL");

interface Tally {
  passed: number;
  failed: number;
}

async function runShown(cmd: string[], env?: Record<string, string>, cwd = root) {
  const [program, ...args] = cmd;
  if (program === undefined) throw new Error("runShown: empty command");
  const child = new Deno.Command(program, {
    args,
    cwd,
    env: { ...localEnv, NO_COLOR: "1", ...env }, // no colours: summaries are parsed
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const dec = new TextDecoder();
  let out = "";
  const pump = async (s: ReadableStream<Uint8Array>, sink: typeof Deno.stdout) => {
    for await (const chunk of s) {
      out += dec.decode(chunk, { stream: true });
      await sink.write(chunk);
    }
  };
  const [status] = await Promise.all([
    child.status,
    pump(child.stdout, Deno.stdout),
    pump(child.stderr, Deno.stderr),
  ]);
  return { code: status.code, out };
}

async function single(cmd: string[], env?: Record<string, string>, cwd?: string): Promise<Tally> {
  const r = await runShown(cmd, env, cwd);
  return r.code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

async function pgTap(): Promise<Tally> {
  const r = await runShown([
    "pg_prove",
    "--verbose",
    "--ext",
    ".sql",
    "-r",
    "-d",
    dbUrl,
    "supabase/tests/database",
  ]);
  const text = r.out;
  const passed = (text.match(/^\s*ok \d+/gm) ?? []).length;
  let failed = (text.match(/^\s*not ok \d+/gm) ?? []).length;
  // A file that dies before its plan is complete still has to count as a failure.
  if (r.code !== 0 && failed === 0) failed = 1;
  return { passed, failed };
}

async function denoTest(): Promise<Tally> {
  const r = await runShown([deno, "test", "--allow-all", "--quiet", "--no-check=remote"]);
  const m = /(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(r.out);
  if (!m) return { passed: 0, failed: 1 };
  const tally = { passed: Number(m[1]), failed: Number(m[2]) };
  if (r.code !== 0 && tally.failed === 0) tally.failed = 1;
  return tally;
}

async function vitest(): Promise<Tally> {
  const report = await Deno.makeTempFile({ suffix: ".json" });
  const r = await runShown(
    [bin("vitest"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    undefined,
    `${root}/client`,
  );
  try {
    const j = JSON.parse(await Deno.readTextFile(report));
    const tally = { passed: j.numPassedTests as number, failed: j.numFailedTests as number };
    if (r.code !== 0 && tally.failed === 0) tally.failed = 1;
    return tally;
  } catch {
    return { passed: 0, failed: 1 };
  }
}

async function typesDrift(): Promise<Tally> {
  const r = await run(
    [
      bin("supabase"),
      "gen",
      "types",
      "typescript",
      `--remote=${dbUrl}`,
      "--schema",
      "public",
      "--workdir",
      root,
    ],
    undefined,
    cliEnv,
  );
  const committed = await Deno.readTextFile(`${root}/supabase/types/database.ts`).catch(() => "");
  if (r.code === 0 && r.stdout === committed) {
    console.log("generated types match supabase/types/database.ts");
    return { passed: 1, failed: 0 };
  }
  console.error(
    r.code !== 0 ? r.stderr : "supabase/types/database.ts is stale: run npm run gen:types",
  );
  return { passed: 0, failed: 1 };
}

/**
 * pg_cron runs every scheduled job (each job in cron.job, through a short-lived copy scheduled
 * every minute: see proveSchedules), and no job has a failed run since the stack started. Its
 * wait for pg_cron's tick (at most 70 s) overlaps the other suites: it starts before them and is
 * reported after them, so its failed-run check also covers everything the tests did meanwhile.
 */
function startScheduleCheck(): () => Promise<Tally> {
  const sql = postgres(dbUrl, { max: 2, onnotice: () => {} });
  const proof = proveSchedules(sql).catch((e) => ({
    proved: [],
    problems: [`cannot prove the schedule: ${e instanceof Error ? e.message : e}`],
  }));
  return async () => {
    try {
      const { proved, problems } = await proof;
      for (const p of proved) {
        console.log(`ok - ${p.jobname}: its scheduled copy succeeded after ${p.ms / 1000} s`);
      }
      const failed = await failedRunsSince(sql, await readRunFloor(stateDir()));
      for (const f of failed) {
        problems.push(
          `${f.jobname}: scheduled run ${f.runid} failed: ${f.message ?? "no message"}`,
        );
      }
      if (!failed.length) console.log("ok - no scheduled job has failed since the stack started");
      for (const p of problems) console.error(`not ok - ${p}`);
      return { passed: proved.length + (failed.length ? 0 : 1), failed: problems.length };
    } finally {
      await sql.end();
    }
  };
}
let scheduleCheck: (() => Promise<Tally>) | null = null;

const suites: [string, () => Promise<Tally>][] = [
  ["deno fmt", () => single([deno, "fmt", "--check", "--quiet"])],
  ["deno lint", () => single([deno, "lint", "--quiet"])],
  ["deno check", () => single([deno, "check", "--quiet", "supabase/functions", "dev", "bench"])],
  // As a deploy resolves it: only supabase/functions/import_map.json, no deno.json, no node_modules.
  ["deploy import map", () =>
    single([
      deno,
      "check",
      "--quiet",
      "--no-config",
      "--import-map=supabase/functions/import_map.json",
      "supabase/functions/api/index.ts",
    ])],
  ["client typecheck", () => single([bin("tsc"), "--noEmit", "-p", "client"])],
  ["pgTAP", pgTap],
  ["db advisors", () =>
    single([
      bin("supabase"),
      "db",
      "advisors",
      `--remote=${dbUrl}`,
      "--level",
      "info",
      "--fail-on",
      "warn",
      "--workdir",
      root,
    ], cliEnv)],
  ["types drift", typesDrift],
  // Regenerates client/src/lib/api_schema.ts in memory from the app's /openapi.json; no server.
  [
    "client types drift",
    () => single([deno, "run", "--allow-all", "--quiet", "dev/gen_client_types.ts", "--check"]),
  ],
  ["deno test", denoTest],
  // The api function's CPU and peak memory for GET /export and POST /import of a 50,000-prompt
  // library in a process of its own, against the hosted limits (2 s, 256 MB): a suite of its own
  // because it needs its own process and a library that takes most of its minute to generate.
  [
    "library io limits",
    () => single([deno, "run", "--allow-all", "--quiet", "bench/library_io.ts"]),
  ],
  ["vitest", vitest],
  ["pg_cron schedule", () => scheduleCheck?.() ?? Promise.resolve({ passed: 0, failed: 1 })],
];

async function stackHealthy(): Promise<boolean> {
  try {
    const res = await fetch(`${localEnv.SUPABASE_URL}/functions/v1/api/health`);
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

const only = Deno.args.length ? new Set(Deno.args) : null;
// CI always starts from an empty database (the cluster outlives a checkout on this machine);
// a developer's warm run reuses the running stack.
const fresh = Deno.env.get("CI") === "true";
const startedStack = fresh || !(await stackHealthy());
if (startedStack) {
  const cmd = fresh ? "reset" : "up";
  const up = await runShown([deno, "run", "-A", "--quiet", `${root}/dev/stack.ts`, cmd]);
  if (up.code !== 0) {
    console.log("0 passed, 1 failed");
    Deno.exit(1);
  }
}

if (!only || only.has("pg_cron schedule")) scheduleCheck = startScheduleCheck();

const results: [string, Tally, number][] = [];
for (const [name, fn] of suites) {
  if (only && !only.has(name)) continue;
  console.log(`\n=== ${name} ===`);
  const t0 = performance.now();
  results.push([name, await fn(), (performance.now() - t0) / 1000]);
}

if (startedStack && !Deno.env.get("KEEP_STACK")) {
  await run([deno, "run", "-A", "--quiet", `${root}/dev/stack.ts`, "down"]);
}

console.log("\n=== summary ===");
let passed = 0, failed = 0;
for (const [name, t, secs] of results) {
  console.log(
    `${name.padEnd(18)} ${String(t.passed).padStart(5)} passed ${
      String(t.failed).padStart(3)
    } failed  ${secs.toFixed(1)}s`,
  );
  passed += t.passed;
  failed += t.failed;
}
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed ? 1 : 0);
