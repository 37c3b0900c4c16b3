// `npm run bench:runs`: what POST /prompts/:id/runs adds on top of the provider call. The same
// prompt is sent to the LLM stand-in directly with the `openai` client; through a bare "floor"
// proxy with the same round trips and none of the work (bench/floor_proxy.ts); through the API
// (JWT auth, quota in Upstash/Redis, start_run + finish_run in SQL, the provider
// call, validators); and through Portkey's open-source gateway, started here and pointed at the
// same stand-in (bench/portkey.ts), with the same `openai` call as the direct one. The API is the
// api function in a process of its own (bench/api_process.ts, its handler behind Deno.serve, as
// the Edge Runtime runs a function, V8 heap capped likewise), as Portkey is; the same run through
// the dev stack's gateway (dev/gateway.ts: its routing, the auth emulator, the workflow ticker and
// the client's files in one process, which hosted Supabase does not run) is measured and
// reported beside it, not compared. At concurrency
// 1 and 32 with three provider behaviours, then the API alone at saturation for runs/s. The
// difference of the latencies is the cost of each path; the passes alternate in rounds. CPU per
// request of each process is read from /proc. Then Postgres alone: the run's SQL through pgbench,
// no API. Last, the verdicts: on the goal at concurrency 32, with, for an instant provider, the
// least any API could add (bench/run_goal.ts); and, case by case, Promptline against Portkey
// (added p50 and p99 at most Portkey's). Loopback only; bounded (a fixed number of requests per
// round). Results: bench/results/runs.json and tables.
import OpenAI from "openai";
import postgres from "postgres";
import { localEnv, need } from "../dev/env.ts";
import { api, apiUrl, newUser, type TestUser } from "../dev/testing.ts";
import { parseConfig } from "../supabase/functions/_shared/config.ts";
import { one } from "../supabase/functions/_shared/db.ts";
import { ApiProcess } from "./library_io.ts";
import { pgbench } from "./pgbench.ts";
import {
  describeSocket,
  inetSockets,
  offLoopback,
  type Portkey,
  portkeyHeaders,
  portkeyVersion,
  startPortkey,
} from "./portkey.ts";
import { cpuPer, sampleStackCpu } from "./process_cpu.ts";
import {
  type Added,
  closedLoopBound,
  GOAL,
  meetsGoal,
  type VersusPeer,
  versusPeer,
} from "./run_goal.ts";
import { runStatements, runTarget } from "./run_statements.ts";
import { percentile, round, table } from "./stats.ts";

const PROMPT = "Summarise the benefits of unit tests in one sentence.";

// Three provider behaviours:
// - "instant": the stand-in answers at once, so the API's own cost is all there is; at
//   concurrency 32 this saturates the machine and latency is mostly queueing.
// - "200 ms": every answer takes exactly 200 ms and all workers start together, so the 32
//   requests arrive in lockstep bursts (the worst case for a small machine).
// - "100-300 ms": answers take 100 to 300 ms (uniform, mean 200; a fast real model's spread) and
//   workers start at random offsets within 200 ms, as independent clients do. Delays come from a
//   seeded generator, so every pass sees the same sequence.
interface Phase {
  name: string;
  concurrency: number;
  requests: number;
  providerMs?: [number, number];
  staggerMs?: number;
}
const phases: Phase[] = [
  { name: "instant", concurrency: 1, requests: 200 },
  { name: "instant", concurrency: 32, requests: 1000 },
  { name: "200 ms", concurrency: 32, requests: 640, providerMs: [200, 200] },
  { name: "100-300 ms", concurrency: 32, requests: 960, providerMs: [100, 300], staggerMs: 200 },
];
const saturation = { concurrency: 64, requests: 3000 };
const GOAL_CONCURRENCY = 32;
/** The cases the Portkey comparison is about; the others are measured and reported too. */
const PEER_CASES = new Set(["instant c=1", "100-300 ms c=32"]);
const caseName = (p: { name: string; concurrency: number }) => `${p.name} c=${p.concurrency}`;
const warmup = 50;
const ROUNDS = 3;

const median = (xs: number[]) => percentile(xs, 50);
/** The round-by-round median of each figure. */
function medianOf(ms: Measured[]): Measured {
  const [first] = ms;
  if (!first) throw new Error("no rounds to take the median of");
  const m = (k: "p50" | "p99" | "rps") => round(median(ms.map((x) => x[k])));
  return {
    concurrency: first.concurrency,
    requests: first.requests,
    errors: ms.reduce((n, x) => n + x.errors, 0),
    p50: m("p50"),
    p99: m("p99"),
    rps: m("rps"),
    cpu_ms: Object.fromEntries(
      Object.keys(first.cpu_ms).map((k) => [k, round(median(ms.map((x) => x.cpu_ms[k] ?? 0)))]),
    ),
  };
}

/** A table row: the figures of a pass and its CPU per request. */
function tableRow(path: string, provider: string, x: Measured): Record<string, string | number> {
  const { cpu_ms, ...figures } = x;
  return { path, provider, ...figures, cpu: cpuSummary(cpu_ms) };
}

/** "postgres 3.1, gateway 2.6, …" (ms of CPU per request, largest first), for the table. */
function cpuSummary(cpu: Record<string, number>): string {
  const parts = Object.entries(cpu).filter(([, v]) => v >= 0.01).sort((a, b) => b[1] - a[1]);
  const total = round(parts.reduce((n, [, v]) => n + v, 0));
  return parts.length ? `${total}: ${parts.map(([k, v]) => `${k} ${v}`).join(", ")}` : "";
}

/** CPU ms per request of each process, and their sum as `total`. */
function withTotal(cpu: Record<string, number>): Record<string, number> {
  const kept = Object.entries(cpu).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
  return { total: round(kept.reduce((n, [, v]) => n + v, 0)), ...Object.fromEntries(kept) };
}

/** The passes of each round. */
type Pass = "direct" | "floor" | "api" | "v1" | "gateway" | "portkey";

/** One case of Promptline against Portkey: added latency over direct, both, and CPU per run. */
interface PeerCase extends VersusPeer {
  case: string;
  /** One of the two cases the comparison is about (PEER_CASES). */
  issue_case: boolean;
  provider_ms: [number, number];
  stagger_ms: number;
  promptline_added_ms: Added;
  /** The same run through the OpenAI-compatible endpoint (POST /v1/chat/completions). */
  v1_added_ms: Added;
  /** The same run through the dev stack's gateway (dev/gateway.ts) instead of the function alone. */
  dev_gateway_added_ms: Added;
  portkey_added_ms: Added;
  errors: { promptline: number; portkey: number };
  /** Promptline's runs of this case in SQL: all of them recorded, successful and priced. */
  promptline_runs: { expected: number; runs: number; priced: number };
  cpu_ms_per_run: Record<"direct" | "promptline" | "portkey", Record<string, number>>;
}

/** The comparison with Portkey: a table, then a verdict per case and where the CPU goes. */
function printPeer(version: string, cases: PeerCase[]) {
  const num = (x: number | null) => (x === null ? "n/a" : x);
  console.log(
    `\nPromptline against Portkey's gateway ${version}, same stand-in, same rounds (ms added ` +
      "over calling the stand-in directly; /v1 = the same run through POST /v1/chat/completions; " +
      "dev gw = the runs route through the dev stack's gateway, not compared; " +
      "goal: Promptline's p50 and p99 <= Portkey's; * = " +
      "the issue's cases):",
  );
  console.log(table(
    cases.map((c) => ({
      case: `${c.case}${c.issue_case ? " *" : ""}`,
      "promptline p50": c.promptline_added_ms.p50,
      "promptline p99": c.promptline_added_ms.p99,
      "/v1 p50": c.v1_added_ms.p50,
      "/v1 p99": c.v1_added_ms.p99,
      "dev gw p50": c.dev_gateway_added_ms.p50,
      "dev gw p99": c.dev_gateway_added_ms.p99,
      "portkey p50": c.portkey_added_ms.p50,
      "portkey p99": c.portkey_added_ms.p99,
      "ratio p50": num(c.ratio.p50),
      "ratio p99": num(c.ratio.p99),
      verdict: c.met ? "met" : "not met",
    })),
    [
      "case",
      "promptline p50",
      "promptline p99",
      "/v1 p50",
      "/v1 p99",
      "dev gw p50",
      "dev gw p99",
      "portkey p50",
      "portkey p99",
      "ratio p50",
      "ratio p99",
      "verdict",
    ],
  ));
  for (const c of cases) {
    const pl = c.promptline_added_ms;
    const pk = c.portkey_added_ms;
    const over = [
      c.over_ms.p50 > 0 ? `p50 by ${c.over_ms.p50} ms` : "",
      c.over_ms.p99 > 0 ? `p99 by ${c.over_ms.p99} ms` : "",
    ].filter(Boolean).join(", ");
    const errors = c.errors.promptline || c.errors.portkey
      ? ` [errors: Promptline ${c.errors.promptline}, Portkey ${c.errors.portkey}]`
      : "";
    const r = c.promptline_runs;
    const runs = r.runs === r.expected && r.priced === r.expected
      ? `every run recorded and priced (${r.runs})`
      : `runs recorded ${r.runs}, priced ${r.priced}, of ${r.expected} calls`;
    console.log(
      `  ${c.case}${c.issue_case ? " *" : ""}: ${c.met ? "met" : `not met (${over})`}: ` +
        `Promptline +${pl.p50} / +${pl.p99}, Portkey +${pk.p50} / +${pk.p99} ` +
        `(ratio ${num(c.ratio.p50)} / ${num(c.ratio.p99)}); ${runs}${errors}`,
    );
    const cpu = (k: keyof PeerCase["cpu_ms_per_run"]) => {
      const { total, ...by } = c.cpu_ms_per_run[k];
      return `${total} (${Object.entries(by).map(([p, v]) => `${p} ${v}`).join(", ")})`;
    };
    console.log(
      `      CPU ms per run: Promptline ${cpu("promptline")}; Portkey ${cpu("portkey")}; ` +
        `direct ${cpu("direct")}`,
    );
  }
}

/** mulberry32: a small seeded PRNG, so every pass draws the same "random" delays. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The provider delay of each request, in order: the same list for every pass of a phase. */
function delays(phase: Phase, count: number): number[] {
  const [lo, hi] = phase.providerMs ?? [0, 0];
  const rand = seeded(42);
  return Array.from({ length: count }, () => Math.round(lo + (hi - lo) * rand()));
}

interface Measured {
  concurrency: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  rps: number;
  /** CPU ms per request of each local stack process and of this client (Linux only). */
  cpu_ms: Record<string, number>;
}

/**
 * `concurrency` workers, `requests` calls in all, each timed from send to full body. Request i
 * gets delays[i]; with staggerMs, each worker first waits a (seeded) random part of it.
 */
async function load(
  concurrency: number,
  requests: number,
  call: (delayMs: number) => Promise<boolean>,
  delayList: number[] = [],
  staggerMs = 0,
): Promise<Measured> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const offsets = seeded(7);
  const cpuBefore = sampleStackCpu();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    if (staggerMs) await new Promise((r) => setTimeout(r, offsets() * staggerMs));
    while (next < requests) {
      const i = next++;
      const s = performance.now();
      const ok = await call(delayList[i] ?? 0).catch(() => false);
      samples.push(performance.now() - s);
      if (!ok) errors++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuPer(cpuBefore, sampleStackCpu(), requests);
  return {
    concurrency,
    requests,
    errors,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    rps: round(requests / seconds, 1),
    cpu_ms: cpu,
  };
}

/** Starts bench/floor_proxy.ts in its own process; resolves to its URL and a way to stop it. */
async function startFloor(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./floor_proxy.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!/listening (\d+)/.test(seen)) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the floor proxy exited before listening");
    seen += value;
  }
  const port = /listening (\d+)/.exec(seen)![1];
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: async () => {
      child.kill("SIGTERM");
      await reader.cancel().catch(() => {});
      await child.status;
    },
  };
}

interface SqlAlone {
  clients: number;
  runs: number;
  runs_per_second: number;
  /** CPU ms of Postgres per run. */
  postgres_cpu_ms: number;
}

/**
 * Postgres alone: a run's two statements as the API sends them (bench/run_statements.ts),
 * through pgbench on as many connections as the API's pool has, with no API in front. A fresh
 * prompt each round, as each API phase has. The median of the rounds.
 */
async function sqlAlone(sql: postgres.Sql, users: TestUser[]): Promise<SqlAlone> {
  const clients = parseConfig(localEnv).dbPoolMax;
  const perClient = 300;
  const rounds: SqlAlone[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const user = await benchUser(sql, "bench-runs-sql");
    users.push(user);
    const s = runStatements(await runTarget(sql, user));
    const script = `${s.start}\n${s.finish}\n`;
    await pgbench(need("SUPABASE_DB_URL"), script, clients, 20); // warm-up
    const before = sampleStackCpu();
    const res = await pgbench(need("SUPABASE_DB_URL"), script, clients, perClient);
    const cpu = cpuPer(before, sampleStackCpu(), res.processed);
    rounds.push({
      clients,
      runs: res.processed,
      runs_per_second: round(res.tps, 1),
      postgres_cpu_ms: cpu.postgres ?? 0,
    });
  }
  return {
    clients,
    runs: median(rounds.map((x) => x.runs)),
    runs_per_second: round(median(rounds.map((x) => x.runs_per_second)), 1),
    postgres_cpu_ms: round(median(rounds.map((x) => x.postgres_cpu_ms))),
  };
}

async function benchUser(sql: postgres.Sql, label: string): Promise<TestUser> {
  const user = await newUser(label);
  // Enterprise: the bench makes thousands of runs in a day.
  await sql`update public.profiles set plan = 'enterprise' where id = ${user.id}`;
  return user;
}

async function main() {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 2, onnotice: () => {} });
  const users: TestUser[] = [];
  const floorProxy = await startFloor();
  // The api function alone, as the Edge Runtime runs it, with the stack's stand-in as provider.
  const fn = await ApiProcess.start({ PROMPTLINE_LOCAL_STACK: "1" });
  let portkey: Portkey | undefined;
  try {
    portkey = await startPortkey();
    const openai = (baseURL: string, defaultHeaders?: Record<string, string>) =>
      new OpenAI({
        apiKey: "standin-needs-no-key",
        baseURL,
        defaultHeaders,
        timeout: 60_000,
        maxRetries: 0,
      });
    // The same text either way: the API renders {{delay_ms}} into the stand-in's directive.
    const withDelay = (ms: number) => ms ? `${PROMPT} [[standin:slow=${ms}]]` : PROMPT;
    // The direct pass and the Portkey pass make the same call; only the base URL and Portkey's
    // two headers (provider "openai", custom host: the stand-in) differ.
    const completion = (client: OpenAI) => async (delayMs: number) => {
      const r = await client.chat.completions.create({
        model: "standin/echo",
        messages: [{ role: "user", content: withDelay(delayMs) }],
      });
      return typeof r.choices[0]?.message?.content === "string";
    };
    const direct = completion(openai(need("LLM_STANDIN_URL")));
    const viaPortkey = completion(
      openai(portkey.baseURL, portkeyHeaders(need("LLM_STANDIN_URL"))),
    );
    // Every socket of Portkey's process, looked at after each of its passes: all on loopback.
    const pk = portkey;
    const loopback = { checks: 0, sockets: 0, off: new Set<string>() };
    const checkLoopback = () => {
      const sockets = inetSockets(pk.pid);
      loopback.checks++;
      loopback.sockets += sockets.length;
      for (const s of offLoopback(sockets)) loopback.off.add(describeSocket(s));
    };
    const floor = async (delayMs: number) => {
      const res = await fetch(floorProxy.url, {
        method: "POST",
        body: JSON.stringify({ prompt: withDelay(delayMs) }),
      });
      const body = await res.json();
      return res.status === 200 && body.status === "success";
    };
    const viaApi = (base: string, user: TestUser, promptId: string, delayed: boolean) =>
    async (
      ms: number,
    ) => {
      const res = await fetch(`${base}/prompts/${promptId}/runs`, {
        method: "POST",
        headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
        body: delayed ? JSON.stringify({ variables: { delay_ms: ms } }) : "{}",
      });
      const body = await res.json();
      return res.status === 201 && body.status === "success";
    };
    // The same prompt, by name, through the OpenAI-compatible endpoint with the openai client.
    const viaV1 = (user: TestUser, name: string, delayed: boolean) => {
      const client = new OpenAI({
        apiKey: user.token,
        baseURL: `${fn.url}/v1`,
        timeout: 60_000,
        maxRetries: 0,
      });
      return async (ms: number) => {
        const params = { model: `prompt:${name}`, messages: [] };
        const r = await client.chat.completions.create(
          (delayed ? { ...params, variables: { delay_ms: ms } } : params) as typeof params,
        );
        return typeof r.choices[0]?.message?.content === "string";
      };
    };
    const setup = async (label: string, delayed: boolean) => {
      const user = await benchUser(sql, label);
      users.push(user);
      const made = await api("POST", "/prompts", {
        auth: user,
        body: delayed
          ? {
            title: "Bench",
            content: `${PROMPT} [[standin:slow={{delay_ms}}]]`,
            variables: [{ name: "delay_ms", type: "number", required: true }],
          }
          : { title: "Bench", content: PROMPT },
      });
      if (made.status !== 201) throw new Error(`POST /prompts: ${made.status}`);
      return {
        user,
        run: viaApi(fn.url, user, made.body.id, delayed),
        viaGateway: viaApi(apiUrl, user, made.body.id, delayed),
        v1: viaV1(user, made.body.name, delayed),
      };
    };
    // Every API call of a phase made a run, recorded and priced: counted in SQL afterwards.
    const recorded = async (user: TestUser, expected: number) => {
      const counts = await sql<{ runs: number; priced: number }[]>`
        select count(*)::int as runs,
               (count(*) filter (where status = 'success' and cost_usd is not null))::int as priced
        from public.runs where user_id = ${user.id}`;
      const { runs, priced } = one(counts); // an aggregate: one row
      return { expected, runs, priced };
    };

    const rows: Record<string, string | number>[] = [];
    const results: Record<string, unknown>[] = [];
    const atGoal: { provider: string; added: Added; direct: Measured; floor: Measured }[] = [];
    const peerCases: PeerCase[] = [];
    for (const phase of phases) {
      const delayed = phase.providerMs !== undefined;
      const { user, run, v1, viaGateway } = await setup(
        `bench-runs-c${phase.concurrency}`,
        delayed,
      );
      const list = delays(phase, phase.requests);
      const calls: Record<Pass, (ms: number) => Promise<boolean>> = {
        direct,
        floor,
        api: run,
        v1,
        gateway: viaGateway,
        portkey: viaPortkey,
      };
      for (const k of ["direct", "floor", "api", "v1", "gateway", "portkey"] as const) {
        await load(Math.min(phase.concurrency, 8), warmup, calls[k], delays(phase, warmup));
      }
      // This machine is shared and its speed drifts over seconds: the passes alternate in
      // rounds, each figure the median of the rounds. Direct, API, /v1 and Portkey rotate (each
      // round starts one place further on); the floor, the API's reference, and the run through
      // the dev gateway come last.
      const rounds: Record<Pass, Measured>[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        const rotation: Pass[] = ["direct", "api", "v1", "portkey"];
        const at = r % rotation.length;
        const order = [
          ...rotation.slice(at),
          ...rotation.slice(0, at),
          "floor" as const,
          "gateway" as const,
        ];
        const m: Partial<Record<Pass, Measured>> = {};
        for (const k of order) {
          m[k] = await load(phase.concurrency, phase.requests, calls[k], list, phase.staggerMs);
          if (k === "portkey") checkLoopback();
        }
        rounds.push({
          direct: m.direct!,
          floor: m.floor!,
          api: m.api!,
          v1: m.v1!,
          gateway: m.gateway!,
          portkey: m.portkey!,
        });
      }
      const d = medianOf(rounds.map((x) => x.direct));
      const f = medianOf(rounds.map((x) => x.floor));
      const a = medianOf(rounds.map((x) => x.api));
      const p = medianOf(rounds.map((x) => x.portkey));
      const v = medianOf(rounds.map((x) => x.v1));
      const g = medianOf(rounds.map((x) => x.gateway));
      const addedBy = (k: Exclude<Pass, "direct">): Added[] =>
        rounds.map((x) => ({
          p50: round(x[k].p50 - x.direct.p50),
          p99: round(x[k].p99 - x.direct.p99),
        }));
      const medianAdded = (xs: Added[]): Added => ({
        p50: round(median(xs.map((x) => x.p50))),
        p99: round(median(xs.map((x) => x.p99))),
      });
      const addedByRound = addedBy("api");
      const added = medianAdded(addedByRound);
      const floorAddedByRound = addedBy("floor");
      const floorAdded = medianAdded(floorAddedByRound);
      const portkeyAddedByRound = addedBy("portkey");
      const portkeyAdded = medianAdded(portkeyAddedByRound);
      const v1AddedByRound = addedBy("v1");
      const v1Added = medianAdded(v1AddedByRound);
      const gatewayAddedByRound = addedBy("gateway");
      const gatewayAdded = medianAdded(gatewayAddedByRound);
      peerCases.push({
        case: caseName(phase),
        issue_case: PEER_CASES.has(caseName(phase)),
        provider_ms: phase.providerMs ?? [0, 0],
        stagger_ms: phase.staggerMs ?? 0,
        promptline_added_ms: added,
        v1_added_ms: v1Added,
        dev_gateway_added_ms: gatewayAdded,
        portkey_added_ms: portkeyAdded,
        ...versusPeer(added, portkeyAdded),
        errors: { promptline: a.errors, portkey: p.errors },
        // The runs route's (alone and through the dev gateway) and /v1's requests made runs.
        promptline_runs: await recorded(user, 3 * (warmup + ROUNDS * phase.requests)),
        cpu_ms_per_run: {
          direct: withTotal(d.cpu_ms),
          promptline: withTotal(a.cpu_ms),
          portkey: withTotal(p.cpu_ms),
        },
      });
      results.push({
        provider: phase.name,
        concurrency: phase.concurrency,
        provider_ms: phase.providerMs ?? [0, 0],
        stagger_ms: phase.staggerMs ?? 0,
        direct: d,
        floor: f,
        api: a,
        added_ms: added,
        added_ms_by_round: addedByRound,
        floor_added_ms: floorAdded,
        floor_added_ms_by_round: floorAddedByRound,
        v1: v,
        v1_added_ms: v1Added,
        v1_added_ms_by_round: v1AddedByRound,
        dev_gateway: g,
        dev_gateway_added_ms: gatewayAdded,
        dev_gateway_added_ms_by_round: gatewayAddedByRound,
        portkey: p,
        portkey_added_ms: portkeyAdded,
        portkey_added_ms_by_round: portkeyAddedByRound,
        rounds,
      });
      const provider = phase.name;
      if (phase.concurrency === GOAL_CONCURRENCY) {
        atGoal.push({ provider, added, direct: d, floor: f });
      }
      const spread = (xs: Added[]) =>
        `p50 ${xs.map((x) => x.p50).join(" / ")}; p99 ${xs.map((x) => x.p99).join(" / ")}`;
      const addedRow = (path: string, x: Added, by: Added[]) => ({
        path,
        provider,
        concurrency: phase.concurrency,
        p50: x.p50,
        p99: x.p99,
        rounds: spread(by),
      });
      rows.push(
        tableRow("stand-in direct", provider, d),
        tableRow("floor proxy", provider, f),
        tableRow("POST /prompts/:id/runs", provider, a),
        tableRow("POST /v1/chat/completions", provider, v),
        tableRow("runs through the dev gateway", provider, g),
        tableRow("Portkey gateway", provider, p),
        addedRow("added by the floor proxy", floorAdded, floorAddedByRound),
        addedRow("added by the API", added, addedByRound),
        addedRow("added by /v1/chat/completions", v1Added, v1AddedByRound),
        addedRow("added through the dev gateway", gatewayAdded, gatewayAddedByRound),
        addedRow("added by Portkey", portkeyAdded, portkeyAddedByRound),
      );
    }
    const sat = await load(
      saturation.concurrency,
      saturation.requests,
      (await setup("bench-runs-sat", false)).run,
    );
    rows.push(tableRow("API at saturation", "instant", sat));
    const pgOnly = await sqlAlone(sql, users);

    // The goal, case by case; and, for an instant provider (where latency is throughput), the
    // least any API could add: it makes at least the floor's round trips (its CPU less its
    // trivial SQL) and runs at least this SQL (Postgres alone's CPU per run).
    const cores = navigator.hardwareConcurrency;
    const verdicts = atGoal.map(({ provider, added, direct, floor }) => {
      const cpu = (x: Measured) => Object.values(x.cpu_ms).reduce((n, v) => n + v, 0);
      const leastCpu = cpu(floor) - (floor.cpu_ms.postgres ?? 0) + pgOnly.postgres_cpu_ms;
      return {
        provider,
        concurrency: GOAL_CONCURRENCY,
        added_ms: added,
        met: meetsGoal(added),
        ...(provider === "instant"
          ? {
            least_cpu_ms_per_run: round(leastCpu),
            least_added_mean_ms: closedLoopBound(GOAL_CONCURRENCY, cores, leastCpu, direct.p50),
          }
          : {}),
      };
    });

    const portkeySection = {
      version: portkeyVersion(),
      command: "node --import bench/portkey_loopback.mjs " +
        `node_modules/@portkey-ai/gateway/build/start-server.js --port=${portkey.port} --headless`,
      env: "only PATH, NODE_ENV=production, TRUSTED_CUSTOM_HOSTS=127.0.0.1",
      listen: `127.0.0.1:${portkey.port}`,
      headers: portkeyHeaders(need("LLM_STANDIN_URL")),
      goal: "Promptline's added p50 and p99 (over calling the stand-in directly) <= Portkey's",
      loopback: {
        socket_checks: loopback.checks,
        sockets_seen: loopback.sockets,
        off_loopback: [...loopback.off],
        refused_connections: portkey.refused(),
      },
      cases: peerCases,
    };

    const out = {
      measured_at: new Date().toISOString(),
      machine: { cores: navigator.hardwareConcurrency, deno: Deno.version.deno },
      note:
        "loopback; the api function, the dev gateway, stand-in, Postgres, Redis, bridge, Portkey " +
        "and this client share the machine",
      phases: results,
      saturation: { ...sat, runs_per_second: sat.rps },
      sql_alone: pgOnly,
      goal: {
        concurrency: GOAL_CONCURRENCY,
        added_p50_ms: GOAL.p50,
        added_p99_ms: GOAL.p99,
        verdicts,
      },
      portkey: portkeySection,
    };
    await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(
      new URL("./results/runs.json", import.meta.url),
      JSON.stringify(out, null, 2) + "\n",
    );
    console.log(
      table(rows, [
        "path",
        "provider",
        "concurrency",
        "requests",
        "errors",
        "p50",
        "p99",
        "rps",
        "cpu",
        "rounds",
      ]),
    );
    console.log(
      `(latencies in ms, median of ${ROUNDS} rounds; requests per round; rps = requests per ` +
        "second; cpu = ms of CPU per request in all, then by process, from /proc; results in " +
        "bench/results/runs.json)",
    );
    console.log(
      `\nPostgres alone (pgbench: a run's 2 statements on ${pgOnly.clients} connections, no API): ` +
        `${pgOnly.runs_per_second} runs/s, ${pgOnly.postgres_cpu_ms} ms of Postgres CPU per run`,
    );
    console.log(
      `goal: added p50 <= ${GOAL.p50} ms and p99 <= ${GOAL.p99} ms at c=${GOAL_CONCURRENCY}`,
    );
    for (const v of verdicts) {
      const least = v.least_added_mean_ms === undefined ? "" : `; no API that makes the floor's ` +
        `round trips and runs this SQL can add less than ${v.least_added_mean_ms} ms on average ` +
        `here (${v.least_cpu_ms_per_run} ms of CPU per run on ${cores} cores)`;
      console.log(
        `  ${v.provider}: ${v.met ? "met" : "not met"} (+${v.added_ms.p50} / +${v.added_ms.p99})` +
          least,
      );
    }
    printPeer(portkeySection.version, peerCases);
    const lb = portkeySection.loopback;
    console.log(
      lb.off_loopback.length || lb.refused_connections.length
        ? `Portkey went off loopback: ${[...lb.off_loopback, ...lb.refused_connections].join("; ")}`
        : `Portkey stayed on loopback: listening on ${portkeySection.listen} only; ${lb.sockets_seen} ` +
          `sockets in ${lb.socket_checks} checks, all loopback; no connection refused`,
    );
  } finally {
    await portkey?.stop();
    await floorProxy.stop();
    await fn.stop();
    // The bench's users (and, by cascade, their thousands of runs) are not kept.
    for (const u of users) await sql`delete from auth.users where id = ${u.id}`;
    await sql.end();
  }
}

if (import.meta.main) await main();
