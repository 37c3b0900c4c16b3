import { api, apiUrl, newUser } from "../dev/testing.ts";
const user = await newUser("probe");
import postgres from "postgres";
import { localEnv } from "../dev/env.ts";
const sqlx = postgres(localEnv.SUPABASE_DB_URL, { max: 1 });
await sqlx`update public.profiles set plan = 'enterprise' where id = ${user.id}`;
await sqlx.end();
const made = await api("POST", "/prompts", { auth: user, body: { title: "B", content: "Hello there." } });
const id = made.body.id;
const n = Number(Deno.args[0] ?? 100);
const agg: Record<string, number[]> = {};
const tot: number[] = [];
for (let i = 0; i < n; i++) {
  const s = performance.now();
  const res = await fetch(`${apiUrl}/prompts/${id}/runs`, { method: "POST", headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" }, body: "{}" });
  await res.json();
  tot.push(performance.now() - s);
  for (const part of (res.headers.get("server-timing") ?? "").split(", ")) {
    const [k, d] = part.split(";dur=");
    (agg[k] ??= []).push(Number(d));
  }
}
const med = (a: number[]) => { const b = [...a].sort((x, y) => x - y); return b[Math.floor(b.length / 2)]; };
console.log(tot.slice(-5));
console.log("total", med(tot).toFixed(2), Object.entries(agg).map(([k, v]) => `${k}=${med(v)}`).join(" "));
