// `npm run seed:demo`: loads the awesome-chatgpt-prompts CSV into a demo account
// (demo@promptline.local / demo-password), one catalog per prompt type, so a fresh stack has
// a library to browse, search and run. Safe to re-run: prompts already in a catalog are
// skipped by title.
//
// Only the demo user itself is created as the database owner (that is the auth service's job,
// the same insert the local auth emulator does). Everything else is written as that user, in
// one transaction under RLS, exactly as the API would, so the triggers and policies apply.
import postgres from "postgres";
import type { ImportCounts } from "../supabase/functions/_shared/library_format.ts";
import { asUser, one } from "../supabase/functions/_shared/db.ts";
import {
  type CsvPrompt,
  csvPromptsToLibrary,
  parsePromptCsv,
} from "../supabase/functions/_shared/prompt_csv.ts";
import { insertAuthUser } from "./auth_emulator.ts";
import { findDemoCsv } from "./demo_csv.ts";

export const demoEmail = "demo@promptline.local";
export const demoPassword = "demo-password";

type Sql = postgres.Sql;

/** The demo user's id, creating the user (bcrypt password, confirmed email) when missing. */
export async function ensureUser(sql: Sql, email: string, password: string): Promise<string> {
  return await sql.begin(async (tx) => {
    // The auth emulator's signup lock for this address, so the two never race.
    await tx`select pg_advisory_xact_lock(hashtext(${"auth.signup:" + email}))`;
    const [existing] = await tx<{ id: string }[]>`
      select id from auth.users where lower(email) = ${email} and deleted_at is null`;
    if (existing) return existing.id;
    const id = crypto.randomUUID();
    await insertAuthUser(tx, {
      id,
      email,
      password,
      appMeta: { provider: "email", providers: ["email"] },
      userMeta: { display_name: "Demo", email, email_verified: true, sub: id },
    });
    return id;
  });
}

export interface ImportResult {
  imported: number;
  skipped: number;
  catalogs: number;
}

/**
 * Imports the prompts for userId as that user (RLS) through public.import_library, the same
 * SQL as POST /import, which skips titles already present in their catalog.
 */
export async function importPrompts(
  sql: Sql,
  userId: string,
  prompts: CsvPrompt[],
): Promise<ImportResult> {
  const doc = csvPromptsToLibrary(prompts, "awesome-chatgpt-prompts (CC0)");
  return await asUser(sql, { sub: userId, role: "authenticated" }, async (tx) => {
    const { result } = one(
      await tx<{ result: ImportCounts }[]>`
      select public.import_library(${tx.json(doc as unknown as postgres.JSONValue)}) as result`,
    );
    return { imported: result.imported, skipped: result.skipped, catalogs: result.catalogs };
  });
}

export async function main(env: Record<string, string | undefined>): Promise<void> {
  const dbUrl = env.SUPABASE_DB_URL;
  if (!dbUrl) throw new Error("SUPABASE_DB_URL is not set (run through `npm run seed:demo`)");
  const csvPath = await findDemoCsv(env);
  const prompts = parsePromptCsv(await Deno.readTextFile(csvPath));
  const sql = postgres(dbUrl, { max: 1, onnotice: () => {}, prepare: env.DB_PREPARE !== "false" });
  try {
    const userId = await ensureUser(sql, demoEmail, demoPassword);
    const r = await importPrompts(sql, userId, prompts);
    console.log(
      `demo data: ${r.imported} prompts imported, ${r.skipped} already present, ` +
        `${r.catalogs} catalogs, for ${demoEmail} (password ${demoPassword})`,
    );
  } finally {
    await sql.end();
  }
}

if (import.meta.main) await main(Deno.env.toObject());
