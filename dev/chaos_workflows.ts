// npm run chaos:workflows: durable workflows under failure, on the chaos stack (chaos_stack.ts;
// the stack other tests use is never touched). Five users each start the seeded research brief
// (three gates) with a provider that takes 2.5 s per answer, advanced only by the stack's own
// tick (what pg_cron does in production). Then:
//   (a) the worker dies mid-gate: kill -9 the gateway while gates are running; its leases must
//       expire and those gates be retried (a LEASE_EXPIRED attempt, then one that passes);
//   (b) the whole stack restarts (every process and Postgres stopped, then started) while the
//       five runs are in flight.
// All five must complete. After each, for every run: no gate attempt executed twice, and the
// run's totals equal the sum of its gates (and the cost that of the model calls); at the end, no
// gate left running: workflows/testing.ts's assertConsistent. It prints the figures and tears its
// stack down: about two minutes, mostly the two lease expiries; at most five.
import postgres from "postgres";
import { localEnv, need } from "./env.ts";
import { newUser, type TestUser } from "./testing.ts";
import { assertConsistent } from "../supabase/functions/api/workflows/testing.ts";
import { leaseSecondsFor } from "../supabase/functions/api/workflows/engine.ts";
import { parseConfig } from "../supabase/functions/_shared/config.ts";
import {
  apiBase,
  healthStatus,
  ports,
  recovery,
  runChaos,
  secs,
  signal,
  sleep,
  stackCommand,
} from "./chaos_stack.ts";

const RUNS = 5;
const DEADLINE_MS = 300_000;
const say = (msg: string) => console.log(`[chaos:workflows] ${msg}`);

interface GateRow {
  run_id: string;
  gate_id: string;
  attempt: number;
  status: string;
  fail_codes: string[];
}

async function startRun(user: TestUser, i: number): Promise<string> {
  const res = await fetch(`${apiBase()}/workflows/runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: JSON.stringify({
      template: "research-brief",
      intent: { topic: `tides, part ${i} [[standin:slow=2500]]` },
    }),
  });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`start: ${res.status} ${JSON.stringify(body)}`);
  return body.id as string;
}

async function scenario(): Promise<boolean> {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 2, onnotice: () => {} });
  const problems: string[] = [];
  const figures: [string, string][] = [];
  const leaseS = leaseSecondsFor(parseConfig(localEnv).llm);
  try {
    const users = await Promise.all([...Array(RUNS)].map((_, i) => newUser(`chaos-wf-${i}`)));
    const runIds = await Promise.all(users.map((u, i) => startRun(u, i)));
    const t0 = Date.now();
    const gates = () =>
      sql<GateRow[]>`select run_id, gate_id, attempt, status::text, fail_codes
        from public.gate_executions where run_id in ${sql(runIds)}
        order by run_id, gate_order, attempt`;
    const running = async () => (await gates()).filter((g) => g.status === "running");
    const waitFor = async (what: string, ok: () => Promise<boolean>, ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        if (await ok()) return true;
        await sleep(500);
      }
      problems.push(`${what}: not within ${secs(ms)}`);
      return false;
    };
    const checkRuns = async (after: string) => {
      for (const id of runIds) {
        await assertConsistent(sql, id, { inFlight: true }).catch((e) =>
          problems.push(`after ${after}, run ${id}: ${e instanceof Error ? e.message : e}`)
        );
      }
    };

    // (a) The worker dies mid-gate.
    await waitFor(
      "gates running before the kill",
      async () => (await running()).length > 0,
      30_000,
    );
    const caught = await running();
    const killedAt = Date.now();
    await signal(ports().api, "KILL");
    say(`(a) kill -9 the gateway with ${caught.length} gate(s) running`);
    const back = await recovery(killedAt);
    figures.push(["gateway", `back in ${secs(back)}`]);
    // Each caught gate: its attempt ends failed with LEASE_EXPIRED once the lease (leaseS) has
    // expired, and a later attempt of the same gate passes.
    const retried = async () => {
      const all = await gates();
      return caught.every((c) => {
        const same = all.filter((g) => g.run_id === c.run_id && g.gate_id === c.gate_id);
        const killed = same.find((g) => g.attempt === c.attempt);
        return killed?.status === "failed" && killed.fail_codes.includes("LEASE_EXPIRED") &&
          same.some((g) => g.attempt > c.attempt && g.status === "passed");
      });
    };
    if (await waitFor("the killed gates retried and passed", retried, (leaseS + 30) * 1000)) {
      figures.push([
        "worker killed",
        `${caught.length} gate(s) caught; each failed LEASE_EXPIRED and its next attempt ` +
        `passed ${secs(Date.now() - killedAt)} after the kill (lease ${leaseS} s)`,
      ]);
    }
    await checkRuns("the kill");

    // (b) The whole stack restarts with the runs in flight.
    const [open] = await sql<{ n: number }[]>`select count(*)::int as n from public.workflow_runs
      where id in ${sql(runIds)} and status in ('pending', 'running')`;
    await waitFor(
      "a gate running before the restart",
      async () => (await running()).length > 0,
      20_000,
    );
    const inFlight = (await running()).length;
    const stoppedAt = Date.now();
    await sql.end({ timeout: 2 });
    await stackCommand("down");
    if ((await healthStatus()) !== null) problems.push("the API answered with the stack down");
    await stackCommand("up");
    say(
      `(b) the whole stack restarted with ${open!.n} run(s) in flight, ${inFlight} gate(s) running`,
    );
    figures.push(["restart", `the stack was back in ${secs(Date.now() - stoppedAt)}`]);
    const sql2 = postgres(need("SUPABASE_DB_URL"), { max: 2, onnotice: () => {} });
    try {
      const done = () =>
        sql2<{ status: string }[]>`select status::text from public.workflow_runs
          where id in ${sql2(runIds)}`;
      await waitFor(
        "all runs completed after the restart",
        async () => (await done()).every((r) => r.status === "completed"),
        (leaseS + 60) * 1000,
      );
      const finals = (await done()).map((r) => r.status);
      const all = await sql2<GateRow[]>`select run_id, gate_id, attempt, status::text, fail_codes
        from public.gate_executions where run_id in ${sql2(runIds)}`;
      const expired = all.filter((g) => g.fail_codes.includes("LEASE_EXPIRED")).length;
      figures.push([
        "runs",
        `${finals.filter((s) => s === "completed").length} of ${RUNS} completed ` +
        `${secs(Date.now() - t0)} after they started; ${all.length} gate executions, ` +
        `${expired} ended LEASE_EXPIRED (the kill's and the restart's)`,
      ]);
      for (const id of runIds) {
        await assertConsistent(sql2, id).catch((e) =>
          problems.push(`after the restart, run ${id}: ${e instanceof Error ? e.message : e}`)
        );
      }
      if (!problems.length) {
        figures.push([
          "consistency",
          "no gate running, no attempt twice, totals the sum of the gates and of the calls",
        ]);
      }
    } finally {
      await sql2.end({ timeout: 2 });
    }
  } finally {
    await sql.end({ timeout: 2 }).catch(() => {});
  }
  console.log("\nchaos:workflows figures (its own stack, ports 55321-55390)");
  for (const [k, v] of figures) console.log(`  ${k.padEnd(14)} ${v}`);
  if (problems.length) {
    console.log(`\nFAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  } else {
    console.log("\nPASSED: every run completed through a killed worker and a restarted stack.");
  }
  return problems.length === 0;
}

if (import.meta.main) await runChaos("chaos-workflows", DEADLINE_MS, scenario);
