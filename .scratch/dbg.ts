import postgres from "postgres";
import { asUser } from "../supabase/functions/_shared/db.ts";
import { localEnv } from "../dev/env.ts";
const sql = postgres(localEnv.SUPABASE_DB_URL, { max: 1, debug: (_c, q, p) => console.log(q, p) });
const r = await asUser(sql, { sub: "84b702cd-b60b-490c-b04e-1f83a753eb2c", role: "authenticated" }, (tx) => tx`select auth.uid(), current_user, current_setting('request.jwt.claim.sub', true) s`);
console.log(r);
await sql.end();
