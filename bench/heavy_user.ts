// A heavy user for the benches: a fresh account with the 848 demo prompts imported through
// POST /import (the real path), plus extra versions on a third of them, written as that user
// under RLS so every trigger runs. Removed afterwards (the auth.users cascade deletes it all).
import postgres from "postgres";
import { findDemoCsv } from "../dev/demo_csv.ts";
import { need } from "../dev/env.ts";
import { api, newUser, type TestUser } from "../dev/testing.ts";

export interface HeavyUser {
  user: TestUser;
  promptIds: string[];
  sql: postgres.Sql;
  /** Runs fn in one transaction as the user, the way the api function does. */
  asUser<T>(fn: (tx: postgres.TransactionSql) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

export async function heavyUser(
  env: Record<string, string>,
  opts: { extraVersions: number; poolMax: number },
): Promise<HeavyUser> {
  const user = await newUser("bench");
  const csv = await Deno.readTextFile(await findDemoCsv(env));
  const res = await api("POST", "/import", {
    auth: user,
    rawBody: csv,
    headers: { "content-type": "text/csv" },
  });
  if (res.status !== 200 || res.body.imported !== 848) {
    throw new Error(`import failed: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  const sql = postgres(need("SUPABASE_DB_URL", env), {
    max: opts.poolMax,
    prepare: env.DB_PREPARE !== "false",
    onnotice: () => {},
  });
  const claims = JSON.stringify({ sub: user.id, role: "authenticated", aud: "authenticated" });
  const asUser = <T>(fn: (tx: postgres.TransactionSql) => Promise<T>) =>
    sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${claims}, true)`;
      return await fn(tx);
    }) as Promise<T>;
  const promptIds =
    (await asUser((tx) => tx<{ id: string }[]>`select id from public.prompts order by title`)).map((
      r,
    ) => r.id);
  // Every third prompt gets `extraVersions` more versions (edits appended to its content).
  await asUser((tx) =>
    tx`
      insert into public.prompt_versions (prompt_id, content, summary)
      select p.id, v.content || E'\n\nRevision ' || n, 'revision ' || n
      from public.prompts p
      join public.prompt_versions v on v.id = p.current_version_id
      cross join generate_series(1, ${opts.extraVersions}) as n
      where p.id = any (${promptIds.filter((_, i) => i % 3 === 0)}::uuid[])
      order by p.id, n`
  );
  return {
    user,
    promptIds,
    sql,
    asUser,
    async cleanup() {
      await sql`delete from auth.users where id = ${user.id}`;
      await sql.end();
    },
  };
}
