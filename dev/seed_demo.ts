// `npm run seed:demo`: loads the awesome-chatgpt-prompts CSV into a demo account
// (demo@promptline.local / demo-password), one catalog per prompt type, so a fresh stack has
// a library to browse, search and run. Safe to re-run: prompts already in a catalog are
// skipped by title.
//
// Only the demo user itself is created as the database owner (that is the auth service's job,
// the same insert the local auth emulator does). Everything else is written as that user, in
// one transaction under RLS, exactly as the API would, so the triggers and policies apply.
import postgres from "postgres";
import { catalogName, type DemoPrompt, findDemoCsv, parseDemoCsv } from "./demo_csv.ts";

export const demoEmail = "demo@promptline.local";
export const demoPassword = "demo-password";

// GoTrue's instance id for single-tenant projects, as the auth emulator writes it.
const zeroInstance = "00000000-0000-0000-0000-000000000000";

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
    const userMeta = { display_name: "Demo", email, email_verified: true, sub: id };
    await tx`
      insert into auth.users (
        instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
        raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous,
        confirmation_token, recovery_token, email_change_token_new, email_change
      ) values (
        ${zeroInstance}, ${id}, 'authenticated', 'authenticated', ${email},
        extensions.crypt(${password}, extensions.gen_salt('bf')), now(),
        ${tx.json({ provider: "email", providers: ["email"] })}, ${tx.json(userMeta)},
        now(), now(), false, '', '', '', ''
      )`;
    return id;
  });
}

export interface ImportResult {
  imported: number;
  skipped: number;
  catalogs: number;
}

/** Imports the prompts for userId as that user (RLS), skipping titles already present. */
export async function importPrompts(
  sql: Sql,
  userId: string,
  prompts: DemoPrompt[],
): Promise<ImportResult> {
  const claims = JSON.stringify({ sub: userId, role: "authenticated" });
  return await sql.begin(async (tx) => {
    await tx`select set_config('role', 'authenticated', true),
                    set_config('request.jwt.claims', ${claims}, true)`;
    const result: ImportResult = { imported: 0, skipped: 0, catalogs: 0 };
    const byCatalog = Map.groupBy(prompts, (p) => catalogName(p.type));
    for (const [name, group] of byCatalog) {
      const catalogId = await ensureCatalog(tx, name);
      result.catalogs++;
      const existing = new Set(
        (await tx<{ title: string }[]>`
          select title from public.prompts where catalog_id = ${catalogId}`).map((r) => r.title),
      );
      for (const p of group) {
        if (existing.has(p.title)) {
          result.skipped++;
          continue;
        }
        await insertPrompt(tx, catalogId, p);
        existing.add(p.title);
        result.imported++;
      }
    }
    return result;
  });
}

async function ensureCatalog(tx: postgres.TransactionSql, name: string): Promise<string> {
  const [found] = await tx<{ id: string }[]>`
    select id from public.catalogs where lower(name) = lower(${name})`;
  if (found) return found.id;
  const [created] = await tx<{ id: string }[]>`
    insert into public.catalogs (name, description)
    values (${name}, 'Imported from awesome-chatgpt-prompts (CC0).')
    returning id`;
  return created.id;
}

async function insertPrompt(tx: postgres.TransactionSql, catalogId: string, p: DemoPrompt) {
  // Contributors are GitHub handles or e-mail addresses; only handles are worth showing.
  const by = p.contributor && !p.contributor.includes("@")
    ? ` Contributed by ${p.contributor}.`
    : "";
  const [prompt] = await tx<{ id: string }[]>`
    insert into public.prompts (catalog_id, title, description, status, published_at)
    values (${catalogId}, ${p.title}, ${`Act as: ${p.title}.${by}`.slice(0, 2000)},
            'published', now())
    returning id`;
  // The version triggers number it 1 and make it the prompt's current version.
  await tx`
    insert into public.prompt_versions (prompt_id, content, variables, source, summary)
    values (${prompt.id}, ${p.content}, ${tx.json(p.variables as unknown as postgres.JSONValue)},
            'import', 'Imported from awesome-chatgpt-prompts')`;
  if (p.forDevs) await tx`select public.set_prompt_tags(${prompt.id}, ${["developer"]}::text[])`;
}

export async function main(env: Record<string, string | undefined>): Promise<void> {
  const dbUrl = env.SUPABASE_DB_URL;
  if (!dbUrl) throw new Error("SUPABASE_DB_URL is not set (run through `npm run seed:demo`)");
  const csvPath = await findDemoCsv(env);
  const prompts = parseDemoCsv(await Deno.readTextFile(csvPath));
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
