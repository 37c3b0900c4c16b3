// `npm run bench:runs`: what POST /prompts/:id/runs adds on top of the provider call. The same
// prompt is sent to the LLM stand-in directly with the `openai` client, and through the API
// (JWT auth, quota in Upstash/Redis, prepare + start_run + finish_run in SQL, the provider call,
// validators), at concurrency 1 and 32, then the API alone at saturation for runs/s. The
// difference of the latencies is the API's cost. Loopback only; bounded (a fixed number of
// requests per phase). Results: bench/results/runs.json and a table on stdout.
import OpenAI from "openai";
import postgres from "postgres";
import { localEnv } from "../dev/env.ts";
import { api, apiUrl, newUser, type TestUser } from "../dev/testing.ts";
import { percentile, round, table } from "./stats.ts";

const PROMPT = "Summarise the benefits of unit tests in one sentence.";
// providerMs = 0: a provider that answers at once, so the API's own cost is all there is and
// concurrency 32 saturates the machine (latency = queueing). providerMs = 200: a provider with a
// (fast) real model's latency, the load a gateway actually sees; the stand-in sleeps that long.
const phases = [
  { concurrency: 1, requests: 200, providerMs: 0 },
  { concurrency: 32, requests: 2000, providerMs: 0 },
  { concurrency: 32, requests: 960, providerMs: 200 },
];
const promptFor = (providerMs: number) =>
  providerMs ? `${PROMPT} [[standin:slow=${providerMs}]]` : PROMPT;
const saturation = { concurrency: 64, requests: 3000 };
const warmup = 50;

interface Measured {
  concurrency: number;
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  rps: number;
}

/** `concurrency` workers, `requests` calls in all, each timed from send to full body. */
async function load(
  concurrency: number,
  requests: number,
  call: () => Promise<boolean>,
): Promise<Measured> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < requests) {
      next++;
      const s = performance.now();
      const ok = await call().catch(() => false);
      samples.push(performance.now() - s);
      if (!ok) errors++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  return {
    concurrency,
    requests,
    errors,
    p50: round(percentile(samples, 50)),
    p99: round(percentile(samples, 99)),
    rps: round(requests / seconds, 1),
  };
}

async function benchUser(sql: postgres.Sql, label: string): Promise<TestUser> {
  const user = await newUser(label);
  // Enterprise: the bench makes thousands of runs in a day.
  await sql`update public.profiles set plan = 'enterprise' where id = ${user.id}`;
  return user;
}

async function main() {
  const sql = postgres(localEnv.SUPABASE_DB_URL, { max: 2, onnotice: () => {} });
  const users: TestUser[] = [];
  try {
    const client = new OpenAI({
      apiKey: "standin-needs-no-key",
      baseURL: localEnv.LLM_STANDIN_URL,
      timeout: 60_000,
      maxRetries: 0,
    });
    const direct = (content: string) => async () => {
      const r = await client.chat.completions.create({
        model: "standin/echo",
        messages: [{ role: "user", content }],
      });
      return typeof r.choices[0]?.message?.content === "string";
    };
    const viaApi = (user: TestUser, promptId: string) => async () => {
      const res = await fetch(`${apiUrl}/prompts/${promptId}/runs`, {
        method: "POST",
        headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
        body: "{}",
      });
      const body = await res.json();
      return res.status === 201 && body.status === "success";
    };
    const setup = async (label: string, content = PROMPT) => {
      const user = await benchUser(sql, label);
      users.push(user);
      const made = await api("POST", "/prompts", {
        auth: user,
        body: { title: "Bench", content },
      });
      if (made.status !== 201) throw new Error(`POST /prompts: ${made.status}`);
      return viaApi(user, made.body.id);
    };

    const rows: Record<string, string | number>[] = [];
    const results: Record<string, unknown>[] = [];
    for (const phase of phases) {
      const content = promptFor(phase.providerMs);
      const run = await setup(`bench-runs-c${phase.concurrency}`, content);
      const plain = direct(content);
      await load(Math.min(phase.concurrency, 8), warmup, plain);
      await load(Math.min(phase.concurrency, 8), warmup, run);
      const d = await load(phase.concurrency, phase.requests, plain);
      const a = await load(phase.concurrency, phase.requests, run);
      const added = { p50: round(a.p50 - d.p50), p99: round(a.p99 - d.p99) };
      results.push({
        concurrency: phase.concurrency,
        provider_ms: phase.providerMs,
        direct: d,
        api: a,
        added_ms: added,
      });
      const provider = `provider ${phase.providerMs} ms`;
      rows.push(
        { path: "stand-in direct", provider, ...d },
        { path: "POST /prompts/:id/runs", provider, ...a },
        {
          path: "added by the API",
          provider,
          concurrency: phase.concurrency,
          p50: added.p50,
          p99: added.p99,
        },
      );
    }
    const sat = await load(
      saturation.concurrency,
      saturation.requests,
      await setup("bench-runs-sat"),
    );
    rows.push({ path: "API at saturation", provider: "provider 0 ms", ...sat });

    const out = {
      measured_at: new Date().toISOString(),
      machine: { cores: navigator.hardwareConcurrency, deno: Deno.version.deno },
      note:
        "loopback; gateway, stand-in, Postgres, Redis, bridge and this client share the machine",
      phases: results,
      saturation: { ...sat, runs_per_second: sat.rps },
      goal: { added_p50_ms_at_c32: 10, added_p99_ms_at_c32: 30 },
    };
    await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(
      new URL("./results/runs.json", import.meta.url),
      JSON.stringify(out, null, 2) + "\n",
    );
    console.log(
      table(rows, ["path", "provider", "concurrency", "requests", "errors", "p50", "p99", "rps"]),
    );
    console.log("(latencies in ms; rps = requests per second; results in bench/results/runs.json)");
  } finally {
    // The bench's users (and, by cascade, their thousands of runs) are not kept.
    for (const u of users) await sql`delete from auth.users where id = ${u.id}`;
    await sql.end();
  }
}

if (import.meta.main) await main();
