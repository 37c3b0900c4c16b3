import postgres from "postgres";
import { localEnv } from "../dev/env.ts";
const sql = postgres(localEnv.SUPABASE_DB_URL, { max: 1, prepare: true });
const time = async (label: string, f: () => Promise<unknown>, n = 500) => {
  for (let i = 0; i < 50; i++) await f();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) { const s = performance.now(); await f(); xs.push(performance.now() - s); }
  xs.sort((a, b) => a - b);
  console.log(label.padEnd(30), "p50", xs[n >> 1].toFixed(3), "p90", xs[Math.floor(n * 0.9)].toFixed(3));
};
await time("select 1", () => sql`select 1`);
await time("select $1", () => sql`select ${"x"}::text`);
await time("begin;select;commit", () => sql.begin((tx) => tx`select 1`));
const r = await fetch("http://127.0.0.1:54380", { method: "POST", headers: { authorization: "Bearer local-upstash-token-not-a-secret" }, body: JSON.stringify(["PING"]) });
console.log(r.status, await r.text());
await time("bridge PING", async () => { const r = await fetch("http://127.0.0.1:54380", { method: "POST", headers: { authorization: "Bearer local-upstash-token-not-a-secret" }, body: JSON.stringify(["PING"]) }); await r.text(); });
await time("standin health", async () => { const r = await fetch("http://127.0.0.1:54390/v1/models"); await r.text(); });
await sql.end();
