import { localEnv } from "../dev/env.ts";
import { newUser } from "../dev/testing.ts";
import { createDeps } from "../supabase/functions/api/deps.ts";
import { finishRun, prepareRun, startRun } from "../supabase/functions/api/run/engine.ts";
import { createPrompt } from "../supabase/functions/api/run/testing.ts";
const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1" });
const owner = await newUser("eng");
const prompt = await createPrompt(owner, "Hello");
const claims = { sub: owner.id, role: "authenticated", aud: "authenticated", email: "x@example.com", exp: 2e9, iat: 1e9, iss: "http://127.0.0.1:54321/auth/v1", app_metadata: { provider: "email", providers: ["email"] }, user_metadata: {}, aal: "aal1", session_id: crypto.randomUUID(), is_anonymous: false };
const outcome = { status: "success" as const, output: "done", usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5, cached_tokens: 0, reasoning_tokens: 0 }, latencyMs: 5, attempts: 1, metadata: { provider_id: "standin" }, error: null, logs: [] };
const skipped = { status: "skipped" as const, results: [] };
const t = { prep: [] as number[], start: [] as number[], finish: [] as number[] };
for (let i = 0; i < 400; i++) {
  let s = performance.now();
  const p = await prepareRun(deps, claims, prompt.id, { variables: {} }, null);
  t.prep.push(performance.now() - s); s = performance.now();
  const st = await startRun(deps, claims, p, { variables: {}, resolvedPrompt: "Hello", temperature: null, maxTokens: null, idempotencyKey: null, stream: false });
  t.start.push(performance.now() - s); s = performance.now();
  await finishRun(deps.sql, claims, st.runId, outcome, skipped);
  t.finish.push(performance.now() - s);
}
for (const [k, xs] of Object.entries(t)) { const y = xs.slice(100).sort((a, b) => a - b); console.log(k, "p50", y[y.length >> 1].toFixed(3), "p90", y[Math.floor(y.length * .9)].toFixed(3)); }
await deps.sql.end(); Deno.exit(0);
