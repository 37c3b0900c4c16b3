import postgres from "postgres";
import { localEnv } from "../dev/env.ts";
import { api, apiUrl, newUser } from "../dev/testing.ts";
const sql = postgres(localEnv.SUPABASE_DB_URL, { max: 1 });
const user = await newUser("load");
await sql`update public.profiles set plan = 'enterprise' where id = ${user.id}`;
const made = await api("POST", "/prompts", { auth: user, body: { title: "B", content: "Summarise the benefits of unit tests in one sentence." } });
const id = made.body.id;
const base = Deno.env.get("BASE") ?? apiUrl;
const n = Number(Deno.args[0] ?? 1000), c = Number(Deno.args[1] ?? 32);
let next = 0, bad = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: c }, async () => {
  while (next++ < n) {
    const res = await fetch(`${base}/prompts/${id}/runs`, { method: "POST", headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" }, body: "{}" });
    if (res.status !== 201) { bad++; if (bad < 2) console.log(res.status, await res.clone().text()); }
    await res.arrayBuffer();
  }
}));
console.log(`rps ${(n / ((performance.now() - t0) / 1000)).toFixed(1)} bad ${bad}`);
await sql`delete from auth.users where id = ${user.id}`;
await sql.end();
