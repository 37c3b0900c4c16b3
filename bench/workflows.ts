// `npm run bench:workflows` (issue 17): 50 concurrent workflow runs of a 5-gate spec whose model
// calls the stand-in answers in 100-300 ms, advanced by the engine in this process with 50 lanes
// (the dev stack's own tick may take some gates too). All must complete. Reported: the
// end-to-end time against the provider time of one run's five gates (its critical path) and of
// all gates, and the engine's added time per gate (the gate's claim to its completion, less the
// model call's latency as its run recorded it) at p50 and p99; goal: at most 15 ms at p50.
// Two provider timings, each its own pass:
// - "100-300 ms" (the figure): each call answers after a delay drawn uniformly from 100-300 ms,
//   as bench:runs' provider does, so the 50 runs drift apart as a real provider's spread makes them;
// - "lockstep": stage n answers after 50 + 50n ms in every run, so all 50 runs' gates claim, call
//   and complete at the same instants: the burst case, reported beside it.
// A first pass warms the pool (see `cold_pool`); the 100-300 ms figure is the median of three
// passes.
// Results: bench/results/workflows.json and a table on stdout.
import postgres from "postgres";
import { localEnv, need } from "../dev/env.ts";
import { newUser } from "../dev/testing.ts";
import { createDeps } from "../supabase/functions/api/deps.ts";
import { createEngine } from "../supabase/functions/api/workflows/engine.ts";
import { startInSql } from "../supabase/functions/api/workflows/testing.ts";
import { percentile, round, table } from "./stats.ts";
import { cpuPer, sampleStackCpu } from "./process_cpu.ts";

const RUNS = Number(Deno.args[0] ?? 50);
const GOAL_P50_MS = 15;
const STAGES = 5;
const lockstep = [100, 150, 200, 250, 300];
/** One run's five delays: uniform in 100-300 ms, or the lockstep ones. */
const delays = (random: boolean) =>
  random ? lockstep.map(() => 100 + Math.floor(Math.random() * 201)) : lockstep;

const sql = postgres(need("SUPABASE_DB_URL"), { max: 4, onnotice: () => {} });
// The deployed function's pool (DB_POOL_MAX's default, 4): the 50 lanes share it as a
// function's concurrent requests do.
const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1" });
const slug = `bench-wf-${crypto.randomUUID().slice(0, 8)}`;

const check = (name: string, type: string, config: Record<string, unknown>, failCode: string) => ({
  name,
  type,
  config,
  severity: "critical",
  required: true,
  fail_code: failCode,
});

try {
  const [t] = await sql`insert into public.workflow_templates (slug, name, type, step_count)
    values (${slug}, 'Bench', 'bench', 5) returning id`;
  const stages = lockstep.map((_, i) => ({
    id: `s${i + 1}`,
    gate: `G${i + 1}`,
    name: `Stage ${i + 1}`,
    model: "anthropic/claude-3.5-haiku",
    prompt: `Notes in JSON on {{topic}}, part ${i + 1}. [[standin:slow={{delay_${i + 1}}}]]`,
    max_attempts: 1,
    checks: ["Notes file", "Notes headings"],
    response_schema: {
      type: "object",
      additionalProperties: false,
      required: ["notes"],
      properties: { notes: { type: "string" } },
    },
    artifact: {
      file_name: "NOTES.md",
      path: `s${i + 1}/NOTES.md`,
      sections: [{ heading: "Notes", field: "notes" }],
    },
  }));
  await sql`insert into public.workflow_specs (template_id, version, content_hash, intent_schema, stages, qa_config)
    values (${t!.id}, 1, '', ${
    sql.json([
      { field: "topic", type: "string", required: true },
      ...lockstep.map((_, i) => ({ field: `delay_${i + 1}`, type: "integer", required: true })),
    ])
  },
      ${sql.json(stages)}, ${
    sql.json({
      checks: [
        check("Notes file", "file_exists", { file: "NOTES.md" }, "MISSING_ARTIFACT"),
        check(
          "Notes headings",
          "contains_headings",
          { file: "NOTES.md", headings: ["Notes"] },
          "HEADING_MISMATCH",
        ),
      ],
    } as never)
  })`;

  // one user a run: a free plan's daily runs are 50, a run here makes 5 calls, seven passes 35
  const users = await Promise.all(Array.from({ length: RUNS }, (_, i) => newUser(`bench-wf-${i}`)));
  const engine = createEngine(deps);

  /** Starts one run per user and drives them all to the end; what the gates took. */
  const measure = async (pass: string, random: boolean, n = RUNS) => {
    const runIds: string[] = [];
    for (const [i, user] of users.slice(0, n).entries()) {
      const delay = Object.fromEntries(delays(random).map((ms, s) => [`delay_${s + 1}`, ms]));
      runIds.push(await startInSql(sql, user, slug, { topic: `topic ${i} (${pass})`, ...delay }));
    }
    const cpuBefore = sampleStackCpu();
    const t0 = performance.now();
    for (let r = 0; r < 50; r++) {
      await engine.tick({ concurrency: n, maxGates: n * 10, budgetMs: 300_000 });
      const [left] = await sql`select count(*)::int as n from public.workflow_runs
        where id in ${
        sql(runIds)
      } and status not in ('completed', 'failed', 'paused', 'cancelled')`;
      if (left!.n === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const wallMs = performance.now() - t0;
    const cpuAfter = sampleStackCpu();

    const runs = await sql`select status::text, count(*)::int as n from public.workflow_runs
      where id in ${sql(runIds)} group by 1`;
    const gates = await sql<
      {
        run_id: string;
        duration_ms: number;
        latency_ms: number;
        before_call_ms: number;
        after_call_ms: number;
      }[]
    >`
      select g.run_id, g.duration_ms, r.latency_ms,
        (extract(epoch from r.started_at - g.started_at) * 1000)::float8 as before_call_ms,
        (extract(epoch from g.completed_at - r.completed_at) * 1000)::float8 as after_call_ms
      from public.gate_executions g join public.runs r on r.id = g.model_run_id
      where g.run_id in ${sql(runIds)}`;
    const added = gates.map((g) => g.duration_ms - g.latency_ms);
    const perRun = new Map<string, number>();
    for (const g of gates) perRun.set(g.run_id, (perRun.get(g.run_id) ?? 0) + g.latency_ms);
    return {
      runs: n,
      completed: runs.find((r) => r.status === "completed")?.n ?? 0,
      statuses: runs,
      gate_executions: gates.length,
      end_to_end_ms: round(wallMs, 0),
      provider_ms_per_run_p50: round(percentile([...perRun.values()], 50), 0),
      provider_ms_all_gates: gates.reduce((s, g) => s + g.latency_ms, 0),
      engine_added_ms_per_gate_p50: percentile(added, 50),
      engine_added_ms_per_gate_p99: percentile(added, 99),
      // Where the added time goes: the claim to the call's start (prepare, quota, start_run),
      // and the call's end to the gate's completion (finish_run, checks, artifacts, complete).
      before_call_ms_p50: round(percentile(gates.map((g) => g.before_call_ms), 50), 1),
      after_call_ms_p50: round(percentile(gates.map((g) => g.after_call_ms), 50), 1),
      // CPU ms per gate execution of each stack process ("client": this process, the engine's
      // lanes; the dev stack's own tick runs in "gateway"), while the runs ran.
      cpu_ms_per_gate: cpuPer(cpuBefore, cpuAfter, gates.length),
      // How many of the machine's cores the stack kept busy while the runs ran.
      cores_busy: round(
        Object.values(cpuPer(cpuBefore, cpuAfter, 1)).reduce((a, b) => a + b, 0) / wallMs,
        2,
      ),
    };
  };

  // The first pass meets a cold pool: each new connection plans every statement of the run path
  // on its first calls, which a deployed function's long-lived pooled connections have long done.
  // The passes after it are the figures.
  const cold = await measure("cold", true);
  // The figure is the median of three passes (this machine is shared and noisy): the pass whose
  // p50 is the middle one is reported, with all three p50s beside it.
  const spreads = [];
  for (let i = 0; i < 3; i++) spreads.push(await measure("100-300 ms", true));
  const byP50 = [...spreads].sort((a, b) =>
    a.engine_added_ms_per_gate_p50 - b.engine_added_ms_per_gate_p50
  );
  const spread = byP50[1]!;
  const burst = await measure("lockstep", false);
  // The same load with fewer runs at once: where the added time starts to grow with the load.
  const fewer = [];
  for (const n of [10, 25].filter((n) => n < RUNS)) {
    fewer.push([`${n} runs`, await measure(`${n} runs`, true, n)] as const);
  }
  const result = {
    at: new Date().toISOString(),
    gates_per_run: STAGES,
    provider: "each call 100-300 ms, uniform",
    ...spread,
    passes_p50: spreads.map((m) => m.engine_added_ms_per_gate_p50),
    goal_p50_ms: GOAL_P50_MS,
    lockstep: {
      provider: "stage n: 50 + 50n ms in every run, so the 50 runs' gates start and end together",
      ...burst,
    },
    fewer_runs: Object.fromEntries(fewer.map(([pass, m]) => [pass, {
      engine_added_ms_per_gate_p50: m.engine_added_ms_per_gate_p50,
      engine_added_ms_per_gate_p99: m.engine_added_ms_per_gate_p99,
      end_to_end_ms: m.end_to_end_ms,
      cpu_ms_per_gate: m.cpu_ms_per_gate,
      cores_busy: m.cores_busy,
    }])),
    cold_pool: {
      engine_added_ms_per_gate_p50: cold.engine_added_ms_per_gate_p50,
      engine_added_ms_per_gate_p99: cold.engine_added_ms_per_gate_p99,
      end_to_end_ms: cold.end_to_end_ms,
      cpu_ms_per_gate: cold.cpu_ms_per_gate,
    },
    note: "duration_ms spans the claim to the completion's transaction start; added = duration - " +
      "the model call's recorded latency (prepare, quota, finish, checks, claim and complete); " +
      "the top-level figures are the median of three 100-300 ms passes (passes_p50), on the " +
      "pool the first pass warmed (cold_pool)",
  };
  const passes = [
    ["cold pool", cold],
    ["100-300 ms (median of 3)", spread],
    ["lockstep", burst],
    ...fewer,
  ] as const;
  console.log(table(
    passes.map(([pass, r]) => ({
      pass,
      runs: `${r.completed}/${r.runs} completed`,
      "end to end": `${r.end_to_end_ms} ms`,
      "provider, one run": `${r.provider_ms_per_run_p50} ms`,
      "added/gate p50": `${r.engine_added_ms_per_gate_p50} ms`,
      "added/gate p99": `${r.engine_added_ms_per_gate_p99} ms`,
      "PG CPU/gate": `${r.cpu_ms_per_gate.postgres ?? "?"} ms`,
      "cores busy": String(r.cores_busy),
      "all CPU/gate": `${round(Object.values(r.cpu_ms_per_gate).reduce((a, b) => a + b, 0), 2)} ms`,
    })),
    [
      "pass",
      "runs",
      "end to end",
      "provider, one run",
      "added/gate p50",
      "added/gate p99",
      "PG CPU/gate",
      "all CPU/gate",
      "cores busy",
    ],
  ));
  await Deno.writeTextFile(
    new URL("./results/workflows.json", import.meta.url),
    JSON.stringify(result, null, 2) + "\n",
  );
  for (const [pass, m] of passes) {
    if (m.completed !== m.runs) {
      console.error(
        `${pass}: only ${m.completed} of ${m.runs} runs completed: ${JSON.stringify(m.statuses)}`,
      );
      Deno.exitCode = 1;
    }
  }
  if (spread.engine_added_ms_per_gate_p50 > GOAL_P50_MS) {
    console.error(
      `engine added ${spread.engine_added_ms_per_gate_p50} ms per gate at p50 (goal ${GOAL_P50_MS})`,
    );
  }
} finally {
  await sql`delete from public.workflow_runs
    where template_id = (select id from public.workflow_templates where slug = ${slug})`;
  await sql`delete from public.workflow_templates where slug = ${slug}`;
  await sql.end();
  await deps.sql.end();
}
