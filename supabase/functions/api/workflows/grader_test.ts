// Model-graded checks (issue 17): reading a grade without a server, then on the running stack
// with the LLM stand-in: a grader that passes the output (its call recorded as a workflow_gate run
// of the owner, its tokens and cost in the gate's and the run's totals); a grader whose verdict
// fails the output (the check's fail code, the run pauses); and a grader scripted to answer off
// its schema (GRADER_MISFIT).
import assert from "node:assert/strict";
import type postgres from "postgres";
import { newUser } from "../../../../dev/testing.ts";
import { adminSql } from "../run/testing.ts";
import { type GraderConfig, gradingText, readGrade } from "./grader.ts";
import { assertConsistent, drive, startInSql, timeline } from "./testing.ts";

const boolean: GraderConfig = {
  prompt: "Grade this answer: {{output}}",
  model: "anthropic/claude-3.5-haiku",
  schema: {
    type: "object",
    additionalProperties: false,
    required: ["pass", "reason"],
    properties: { pass: { type: "boolean" }, reason: { type: "string" } },
  },
};

const verdict: GraderConfig = {
  prompt: "Give a verdict on: {{ output }}",
  model: "anthropic/claude-3.5-haiku",
  schema: {
    type: "object",
    additionalProperties: false,
    required: ["verdict", "reason"],
    // the stand-in answers an enum's first value: this grader always says fail
    properties: { verdict: { type: "string", enum: ["fail", "pass"] }, reason: { type: "string" } },
  },
  pass_field: "verdict",
  pass_equals: "pass",
};

Deno.test("a grade is read from its pass field, or compared with pass_equals", () => {
  assert.equal(gradingText(verdict, "$& 42"), "Give a verdict on: $& 42", "output bound verbatim");
  assert.deepEqual(readGrade(boolean, { pass: true, reason: "clear" }), {
    passed: true,
    message: "the grader (anthropic/claude-3.5-haiku) passed it (pass = true): clear",
  });
  assert.equal(readGrade(boolean, { pass: "true" }).passed, false, "only true passes");
  assert.equal(readGrade(verdict, { verdict: "pass" }).passed, true);
  assert.equal(readGrade(verdict, { verdict: "fail" }).passed, false);
});

async function gradedTemplate(
  sql: postgres.Sql,
  config: GraderConfig,
): Promise<{ slug: string; remove: () => Promise<void> }> {
  const slug = `test-graded-${crypto.randomUUID().slice(0, 8)}`;
  const [t] = await sql`insert into public.workflow_templates (slug, name, type, step_count)
    values (${slug}, ${`Graded ${slug}`}, 'test', 1) returning id`;
  await sql`insert into public.workflow_specs (template_id, version, content_hash, intent_schema,
      stages, qa_config)
    values (${t!.id}, 1, '', ${sql.json([{ field: "topic", type: "string", required: true }])},
      ${
    sql.json([{
      id: "essay",
      gate: "G1",
      name: "Essay",
      model: "anthropic/claude-3.5-haiku",
      prompt: "Write a short paragraph about {{topic}}.",
      max_attempts: 1,
      checks: ["Graded"],
    }])
  },
      ${
    sql.json({
      checks: [{
        name: "Graded",
        type: "model_graded",
        severity: "critical",
        required: true,
        fail_code: "LOW_QUALITY",
        config: config as never,
      }],
    })
  })`;
  return {
    slug,
    remove: async () => {
      await sql`delete from public.workflow_runs where template_id = ${t!.id}`;
      await sql`delete from public.workflow_templates where id = ${t!.id}`;
    },
  };
}

Deno.test("a model-graded check passes through the run service: metered, priced, in the gate's totals", async () => {
  const sql = adminSql();
  const t = await gradedTemplate(sql, boolean);
  try {
    const user = await newUser("wf-graded-pass");
    const runId = await startInSql(sql, user, t.slug, { topic: "tides" });
    const run = await drive(user, runId);
    assert.equal(run.status, "completed", JSON.stringify(run.gates));
    const [gate] = run.gates;
    assert.equal(gate.status, "passed");
    const [result] = gate.validation_results;
    assert.equal(result.name, "Graded");
    assert.equal(result.passed, true);
    assert.match(
      result.message,
      /^the grader \(anthropic\/claude-3\.5-haiku\) passed it \(pass = true\)/,
    );
    const calls = await sql<
      { id: string; kind: string; user_id: string; status: string; tokens: number; cost: string }[]
    >`
      select id, kind::text, user_id, status::text,
        ((token_usage ->> 'prompt_tokens')::int + (token_usage ->> 'completion_tokens')::int) as tokens,
        cost_usd::text as cost
      from public.runs where id in (${gate.model_run_id}, ${result.model_run_id})`;
    assert.equal(calls.length, 2, "the gate's call and the grader's are two runs");
    for (const c of calls) {
      assert.deepEqual([c.kind, c.user_id, c.status], ["workflow_gate", user.id, "success"]);
      assert.ok(Number(c.cost) > 0, "priced");
    }
    const grader = calls.find((c) => c.id === result.model_run_id)!;
    const [input] = await sql<{ text: string }[]>`
      select coalesce(input ->> 'text', resolved_prompt, '') as text from public.runs
      where id = ${grader.id}`;
    assert.ok(
      input!.text.startsWith("Grade this answer: ") && input!.text.includes(gate.raw_output),
      "the grading prompt binds the gate's output",
    );
    assert.equal(
      gate.tokens_in + gate.tokens_out,
      calls.reduce((n, c) => n + c.tokens, 0),
      "the gate's tokens are both calls'",
    );
    await assertConsistent(sql, runId);
  } finally {
    await t.remove();
    await sql.end();
  }
});

Deno.test("a grader's failing verdict fails the check; an answer off its schema is GRADER_MISFIT", async () => {
  const sql = adminSql();
  const failing = await gradedTemplate(sql, verdict);
  const misfit = await gradedTemplate(sql, {
    ...boolean,
    prompt: "Grade this answer: {{output}} [[standin:misfit]]",
  });
  try {
    const user = await newUser("wf-graded-fail");
    const failingRun = await drive(
      user,
      await startInSql(sql, user, failing.slug, { topic: "tides" }),
    );
    assert.equal(failingRun.status, "paused");
    assert.equal(failingRun.pause_reason, "Gate G1 failed: LOW_QUALITY");
    assert.deepEqual(timeline(failingRun), [["G1", "failed", 1, ["LOW_QUALITY"]]]);
    assert.match(
      failingRun.gates[0].validation_results[0].message,
      /failed it \(verdict = "fail"\)/,
    );
    await assertConsistent(sql, failingRun.id);

    const misfitRun = await drive(
      user,
      await startInSql(sql, user, misfit.slug, { topic: "moons" }),
    );
    assert.equal(misfitRun.status, "paused");
    assert.equal(misfitRun.pause_reason, "Gate G1 failed: GRADER_MISFIT");
    const [result] = misfitRun.gates[0].validation_results;
    assert.equal(result.fail_code, "GRADER_MISFIT");
    assert.match(result.message, /^the grader's answer does not fit the check's schema/);
    assert.ok(result.model_run_id, "the misfit call is recorded, and counted");
    await assertConsistent(sql, misfitRun.id);
  } finally {
    await failing.remove();
    await misfit.remove();
    await sql.end();
  }
});
