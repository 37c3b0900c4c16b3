// The SQL of one run as the API sends it (supabase/functions/api/run/store.ts), with literal
// values, for benches that drive Postgres without the API: prepare_run, start_run and
// finish_run, one statement each in its own implicit transaction, each with the caller's claims
// (the settings are the first FROM item, as callerSettings and serviceCallerSettings put them):
// prepare_run as authenticated, start_run and finish_run as service_role (callers cannot write
// runs), each selecting what the API selects. start_run keeps the new run's id in a session
// setting, `bench.run`, where finish_run finds it.
import type postgres from "postgres";
import { api, type TestUser } from "../dev/testing.ts";
import { runColumns } from "../supabase/functions/api/run/record.ts";

export interface RunTarget {
  userId: string;
  promptId: string;
  versionId: string;
}

/** One statement per line, as single-user mode and pgbench read them: comments dropped, lines joined. */
export function oneLine(sql: string): string {
  return sql.split("\n").map((l) => l.replace(/--.*$/, "").trim()).filter(Boolean).join(" ");
}

/** A prompt of the user's, made through the API, and its version: what the statements run. */
export async function runTarget(sql: postgres.Sql, user: TestUser): Promise<RunTarget> {
  const made = await api("POST", "/prompts", {
    auth: user,
    body: { title: "Bench", content: "Summarise the benefits of unit tests." },
  });
  if (made.status !== 201) throw new Error(`POST /prompts: ${made.status}`);
  const [row] = await sql<{ version: string }[]>`
    select current_version_id as version from public.prompts where id = ${made.body.id}`;
  if (!row) throw new Error(`prompt ${made.body.id} not found after POST /prompts`);
  return { userId: user.id, promptId: made.body.id, versionId: row.version };
}
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The caller's claims, under the role the API sets for the statement. */
function caller(userId: string, role: "authenticated" | "service_role"): string {
  const claims = JSON.stringify({ sub: userId, role: "authenticated" });
  return `(select set_config('role', '${role}', true) as role, ` +
    `set_config('request.jwt.claims', ${literal(claims)}, true) as claims, ` +
    `set_config('request.jwt.claim.sub', ${literal(userId)}, true) as claim_sub, ` +
    `set_config('request.jwt.claim.role', 'authenticated', true) as claim_role) as caller`;
}

/** The two statements of a stand-in run that succeeds, one line each, each ending in `;`. */
export function runStatements(t: RunTarget): { start: string; finish: string } {
  const asService = `from ${caller(t.userId, "service_role")} cross join lateral`;
  const servicePrompt = `case when caller.role = 'service_role' then ${
    literal(t.promptId)
  }::uuid end`;
  return {
    start: `select set_config('bench.run', r.run_id::text, false) as run_id, r.replayed, r.plan, ` +
      `r.model_id, r.target, r.temperature, r.max_tokens, r.validators, r.resolved_prompt ` +
      `${asService} public.start_run(` +
      `p_prompt_id => ${servicePrompt}, p_version_id => null, p_model => null, ` +
      `p_temperature => null, p_max_tokens => null, p_variables => '{}', p_text => null, ` +
      `p_kind => 'prompt', p_idempotency_key => null, p_timeout_ms => 60000, ` +
      `p_streamed => false, p_project_keys => '{}', p_standin => true, ` +
      `p_with_keys => true) as r;`,
    finish:
      `select ${
        oneLine(runColumns)
      } ${asService} public.finish_run(p_run_id => case when caller.role = ` +
      `'service_role' then current_setting('bench.run')::uuid end, p_status => 'success', ` +
      `p_output => 'Unit tests catch regressions.', p_token_usage => '{"prompt_tokens":9,` +
      `"completion_tokens":30,"total_tokens":39,"cached_tokens":0,"reasoning_tokens":0}', ` +
      `p_latency_ms => 3, p_model_metadata => '{"provider_id":"standin"}', ` +
      `p_error_message => null, p_attempts => 1, p_validation_status => 'skipped', ` +
      `p_validation_results => '[]', ` +
      `p_logs => '[{"level":"warn","message":"provider answered 429"}]') as r;`,
  };
}
