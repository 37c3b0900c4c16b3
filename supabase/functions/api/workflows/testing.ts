// Helpers for the workflow tests on the running stack: the engine's tick through its route (the
// service role's key), driving a run until it settles, a privileged look at the rows, and test
// specs of their own (inserted as the database owner, removed after).
import assert from "node:assert/strict";
import type postgres from "postgres";
import { need } from "../../../../dev/env.ts";
import { api, type TestUser } from "../../../../dev/testing.ts";

export const serviceKey = need("SUPABASE_SERVICE_ROLE_KEY");

/** One tick of the engine, through POST /workflows/tick; the gates it ran. */
export async function tick(): Promise<{ run_id: string; gate_id: string; gate_status: string }[]> {
  const res = await api("POST", "/workflows/tick", { auth: serviceKey, body: {} });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.gates;
}

const settled = new Set(["paused", "completed", "failed", "cancelled"]);

/**
 * Ticks until the run is paused or ended, and returns it as its owner reads it. A tick that ran
 * nothing (another worker holds the gate: the tick the API starts in the background) waits a
 * little before the next; the loop is bounded by ticks, not by time.
 */
// deno-lint-ignore no-explicit-any
export async function drive(user: TestUser, runId: string, maxTicks = 400): Promise<any> {
  for (let i = 0; i < maxTicks; i++) {
    const run = await api("GET", `/workflows/runs/${runId}`, { auth: user });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    if (settled.has(run.body.status)) return run.body;
    const ran = await tick();
    if (ran.length === 0) await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} did not settle in ${maxTicks} ticks`);
}

/**
 * What must hold after any run: no gate left running, one row per attempt, exact totals, and the
 * cost is the gates' calls' (graders' included).
 */
export async function assertConsistent(
  sql: postgres.Sql,
  runId: string,
  // A run still in flight may have a gate running; the rest holds at any moment.
  { inFlight = false }: { inFlight?: boolean } = {},
): Promise<void> {
  const [row] = await sql`
    select (select count(*)::int from public.gate_executions g
        where g.run_id = r.id and g.status = 'running') as running,
      (select count(*)::int from (select 1 from public.gate_executions g where g.run_id = r.id
        group by g.gate_id, g.attempt having count(*) > 1) d) as duplicates,
      r.total_cost_usd = (select coalesce(sum(g.cost_usd), 0) from public.gate_executions g
        where g.run_id = r.id) as cost_ok,
      r.total_tokens_in = (select coalesce(sum(g.tokens_in), 0) from public.gate_executions g
        where g.run_id = r.id) as tokens_in_ok,
      r.total_tokens_out = (select coalesce(sum(g.tokens_out), 0) from public.gate_executions g
        where g.run_id = r.id) as tokens_out_ok,
      r.total_cost_usd = (select coalesce(sum(x.cost_usd), 0) from public.runs x
        where x.id in (select g.model_run_id from public.gate_executions g where g.run_id = r.id
          union all -- a model-graded check's grading call
          select (v.value ->> 'model_run_id')::uuid from public.gate_executions g
          cross join lateral jsonb_array_elements(g.validation_results) v
          where g.run_id = r.id and v.value ? 'model_run_id')) as cost_is_the_calls
    from public.workflow_runs r where r.id = ${runId}`;
  const { running, ...rest } = row!;
  // Gates run one at a time, so a run in flight has at most one running.
  assert.ok(running <= (inFlight ? 1 : 0), `${running} gate(s) running`);
  assert.deepEqual(rest, {
    duplicates: 0,
    cost_ok: true,
    tokens_in_ok: true,
    tokens_out_ok: true,
    cost_is_the_calls: true,
  });
}

/** The gate timeline as [gate_id, status, attempt, fail codes]. */
// deno-lint-ignore no-explicit-any
export function timeline(run: any): [string, string, number, string[]][] {
  // deno-lint-ignore no-explicit-any
  return run.gates.map((g: any) => [g.gate_id, g.status, g.attempt, g.fail_codes]);
}

const checks = [
  {
    name: "Notes file",
    type: "file_exists",
    severity: "critical",
    required: true,
    fail_code: "MISSING_ARTIFACT",
    config: { file: "NOTES.md" },
  },
  {
    name: "Notes headings",
    type: "contains_headings",
    severity: "warning",
    required: true,
    fail_code: "HEADING_MISMATCH",
    config: { file: "NOTES.md", headings: ["Notes"] },
  },
];

function stage(id: string, gate: string, prompt: string, required: boolean, maxAttempts: number) {
  return {
    id,
    gate,
    name: `Stage ${gate}`,
    phase: "research",
    agent: "test-agent",
    model: "anthropic/claude-3.5-haiku",
    prompt,
    required,
    max_attempts: maxAttempts,
    checks: ["Notes file", "Notes headings"],
    response_schema: {
      type: "object",
      additionalProperties: false,
      required: ["notes"],
      properties: { notes: { type: "string", minLength: 5 } },
    },
    artifact: {
      file_name: "NOTES.md",
      path: `${id}/NOTES.md`,
      sections: [{ heading: "Notes", field: "notes" }],
    },
  };
}

/**
 * A two-gate template of the test's own: G1 (required, 3 attempts) binds {{topic}}, so a
 * directive in the topic scripts it; G2 (not required, 2 attempts) carries `secondPrompt`'s
 * directives in its own text. `maxCost` sets cost_profile.max.cost_usd.
 */
export async function testTemplate(
  sql: postgres.Sql,
  opts: { secondPrompt?: string; secondModel?: string; maxCost?: number } = {},
): Promise<{ slug: string; remove: () => Promise<void> }> {
  const slug = `test-wf-${crypto.randomUUID().slice(0, 8)}`;
  const [t] = await sql`insert into public.workflow_templates (slug, name, type, step_count)
    values (${slug}, ${`Test ${slug}`}, 'test', 2) returning id`;
  const stages = [
    stage("first", "G1", "Take notes in JSON about {{topic}}.", true, 3),
    stage(
      "second",
      "G2",
      `Summarise in JSON these notes on {{topic}}: {{first}} ${opts.secondPrompt ?? ""}`,
      false,
      2,
    ),
  ];
  if (opts.secondModel) stages[1]!.model = opts.secondModel;
  await sql`insert into public.workflow_specs (template_id, version, content_hash, intent_schema,
      stages, qa_config, cost_profile)
    values (${t!.id}, 1, '', ${sql.json([{ field: "topic", type: "string", required: true }])}, ${
    sql.json(stages)
  },
      ${sql.json({ min_pass_rate: 0.5, block_on_critical: true, checks })},
      ${sql.json(opts.maxCost === undefined ? {} : { max: { cost_usd: opts.maxCost } })})`;
  return {
    slug,
    remove: async () => {
      await sql`delete from public.workflow_runs where template_id = ${t!.id}`;
      await sql`delete from public.workflow_templates where id = ${t!.id}`;
    },
  };
}

/**
 * Starts a run as its owner straight in SQL: no tick is kicked (the API's start kicks one; the
 * dev stack's periodic tick may still come). `then` runs as the database owner in the same
 * transaction, before any tick can see the run.
 */
export async function startInSql(
  sql: postgres.Sql,
  user: TestUser,
  template: string,
  intent: Record<string, unknown>,
  then?: (tx: postgres.TransactionSql, runId: string) => Promise<unknown>,
): Promise<string> {
  const claims = JSON.stringify({ sub: user.id, role: "authenticated" });
  return await sql.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true),
      set_config('request.jwt.claims', ${claims}, true)`;
    const [row] = await tx<{ id: string }[]>`
      select public.start_workflow_run(${template}, ${tx.json(intent as never)}) as id`;
    await tx`select set_config('role', 'postgres', true)`;
    await then?.(tx, row!.id);
    return row!.id;
  }) as string;
}
