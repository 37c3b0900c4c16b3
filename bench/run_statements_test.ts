import assert from "node:assert/strict";
import postgres from "postgres";
import { need } from "../dev/env.ts";
import { newUser } from "../dev/testing.ts";
import { oneLine, runStatements, runTarget } from "./run_statements.ts";

Deno.test("the bench's run statements make a run as the API does, and only as the caller", async () => {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  const user = await newUser("run-statements");
  const other = await newUser("run-statements-other");
  try {
    const target = await runTarget(sql, user);
    const s = runStatements(target);
    for (const text of [s.start, s.finish]) assert.match(text, /^select [^\n]+;$/);

    const [started] = await sql.unsafe(s.start);
    assert.ok(started, "start records a run of the caller's prompt");
    assert.equal(started.resolved_prompt, "Summarise the benefits of unit tests.");
    assert.equal(started.target.key_source, "standin");
    const [finished] = await sql.unsafe(s.finish);
    assert.ok(finished, "finish returns the run");
    const [run] = await sql<{ status: string; user_id: string; cost_usd: string; logs: number }[]>`
      select r.status, r.user_id, r.cost_usd::text,
             (select count(*)::int from public.run_logs l where l.run_id = r.id) as logs
      from public.runs r where r.id = ${finished.id}`;
    assert.ok(run, "the run is recorded");
    assert.deepEqual({ ...run, cost_usd: typeof run.cost_usd }, {
      status: "success",
      user_id: user.id,
      cost_usd: "string", // priced
      logs: 3, // started, the provider's 429, the outcome
    });

    // As another user the prompt is not theirs: start_run refuses it.
    const theirs = runStatements({ ...target, userId: other.id });
    await assert.rejects(sql.unsafe(theirs.start), { code: "PL404", hint: "prompt_not_found" });
  } finally {
    await sql`delete from auth.users where id in ${sql([user.id, other.id])}`;
    await sql.end();
  }
});

Deno.test("one statement per line, comments dropped", () => {
  assert.equal(oneLine("select 1 -- why\n  , 2;\n\n"), "select 1 , 2;");
});
