import assert from "node:assert/strict";
import postgres from "postgres";
import { localEnv } from "../dev/env.ts";
import { api, newUser } from "../dev/testing.ts";
import { runStatements } from "./run_statements.ts";

Deno.test("the bench's run statements make a run as the API does, and only as the caller", async () => {
  const sql = postgres(localEnv.SUPABASE_DB_URL, { max: 1, onnotice: () => {} });
  const user = await newUser("run-statements");
  const other = await newUser("run-statements-other");
  try {
    const made = await api("POST", "/prompts", {
      auth: user,
      body: { title: "Bench", content: "Summarise the benefits of unit tests." },
    });
    assert.equal(made.status, 201);
    const [{ version }] = await sql<{ version: string }[]>`
      select current_version_id as version from public.prompts where id = ${made.body.id}`;
    const s = runStatements({ userId: user.id, promptId: made.body.id, versionId: version });
    for (const text of [s.prepare, s.start, s.finish]) assert.match(text, /^select [^\n]+;$/);

    const [prepared] = await sql.unsafe(s.prepare);
    assert.equal(prepared.prompt_id, made.body.id);
    await sql.unsafe(s.start);
    const [finished] = await sql.unsafe(s.finish);
    const [run] = await sql<{ status: string; user_id: string; cost_usd: string; logs: number }[]>`
      select r.status, r.user_id, r.cost_usd::text,
             (select count(*)::int from public.run_logs l where l.run_id = r.id) as logs
      from public.runs r where r.id = ${finished.id}`;
    assert.deepEqual({ ...run, cost_usd: typeof run.cost_usd }, {
      status: "success",
      user_id: user.id,
      cost_usd: "string", // priced
      logs: 3, // started, the provider's 429, the outcome
    });

    // As another user the prompt is not theirs: prepare finds nothing.
    const theirs = runStatements({ userId: other.id, promptId: made.body.id, versionId: version });
    assert.equal((await sql.unsafe(theirs.prepare)).length, 0);
  } finally {
    await sql`delete from auth.users where id in ${sql([user.id, other.id])}`;
    await sql.end();
  }
});
