// The floor for bench:runs: a bare proxy with the run path's round trips and none of its work. Per
// request: an Upstash count (as the daily quota) while a trivial SQL statement runs (as
// start_run), the provider call with the `openai` client, and a second statement (finish_run).
// No auth, no RLS, no rows written, no validation. What it adds over calling
// the stand-in directly is what the hops themselves cost on this machine; the API's excess over
// it is the work of a run. Started by bench/runs.ts as its own process, like the gateway.
import OpenAI from "openai";
import { Redis } from "@upstash/redis";
import { localEnv, need } from "../dev/env.ts";
import { parseConfig } from "../supabase/functions/_shared/config.ts";
import { createSql } from "../supabase/functions/_shared/db.ts";

export function createFloorHandler(
  env: Record<string, string>,
): (req: Request) => Promise<Response> {
  // The API's own pool: its size, its sockets, its statement timeout.
  const sql = createSql({ ...parseConfig(env), dbPrepare: true });
  const redis = new Redis({
    url: need("UPSTASH_REDIS_REST_URL", env),
    token: need("UPSTASH_REDIS_REST_TOKEN", env),
  });
  const client = new OpenAI({
    apiKey: "standin-needs-no-key",
    baseURL: need("LLM_STANDIN_URL", env),
  });
  return async (req) => {
    const { prompt } = await req.json();
    await Promise.all([redis.incr("bench:floor"), sql`select 1 as started`]);
    const r = await client.chat.completions.create({
      model: "standin/echo",
      messages: [{ role: "user", content: prompt }],
    });
    await sql`select 2 as finished`;
    return Response.json({ status: "success", output: r.choices[0]?.message?.content });
  };
}

if (import.meta.main) {
  // Port 0: the system picks a free port, which the parent reads from the first line.
  Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: ({ port }) => console.log(`listening ${port}`) },
    createFloorHandler(localEnv),
  );
}
