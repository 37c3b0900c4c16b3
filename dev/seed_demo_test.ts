// Runs the importer against the stack's database with a throwaway user, then deletes that
// user (the cascade removes everything imported for them).
import assert from "node:assert/strict";
import postgres from "postgres";
import { need } from "./env.ts";
import { one } from "../supabase/functions/_shared/db.ts";
import { parsePromptCsv } from "../supabase/functions/_shared/prompt_csv.ts";
import { ensureUser, importPrompts } from "./seed_demo.ts";

const csv = [
  "act,prompt,for_devs,type,contributor",
  'Linux Terminal,"Act as a terminal in ${Shell Name:bash}; first command: ${command}",TRUE,TEXT,f',
  "Painter,Paint ${subject} in ${style:oil},FALSE,IMAGE,someone@example.com",
  "Poet,Write a poem.,FALSE,TEXT,poet",
].join("\n");

Deno.test("the demo importer creates the user, catalogs, versions and tags once", async () => {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  const email = `seed-demo-${crypto.randomUUID()}@test.local`;
  try {
    const userId = await ensureUser(sql, email, "pw-123456");
    assert.equal(await ensureUser(sql, email, "pw-123456"), userId, "the user is created once");
    const [login] = await sql`
      select encrypted_password = extensions.crypt('pw-123456', encrypted_password) as ok
      from auth.users where id = ${userId}`;
    assert.ok(login, "the user is in auth.users");
    assert.equal(login.ok, true, "the password is stored as bcrypt");

    const prompts = parsePromptCsv(csv);
    assert.deepEqual(await importPrompts(sql, userId, prompts), {
      imported: 3,
      skipped: 0,
      catalogs: 2,
    });
    assert.deepEqual(await importPrompts(sql, userId, prompts), {
      imported: 0,
      skipped: 3,
      catalogs: 2,
    }, "re-running imports nothing new");

    const rows = await sql<
      {
        catalog: string;
        title: string;
        status: string;
        version_number: number;
        content: string;
        variables: unknown;
        source: string;
        tags: string[];
      }[]
    >`
      select c.name as catalog, p.title, p.status::text, v.version_number, v.content, v.variables,
             v.source::text,
             array(select t.name from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
                   where pt.prompt_id = p.id order by t.name) as tags
      from public.prompts p
      join public.catalogs c on c.id = p.catalog_id
      join public.prompt_versions v on v.id = p.current_version_id
      where p.user_id = ${userId}
      order by p.title`;
    assert.equal(rows.length, 3, "one prompt per CSV row, each with a current version");
    const [terminal, painter, poet] = rows;
    assert.ok(terminal && painter && poet);
    assert.equal(terminal.catalog, "Text prompts");
    assert.equal(painter.catalog, "Image prompts");
    assert.equal(
      terminal.content,
      "Act as a terminal in {{shell_name}}; first command: {{command}}",
    );
    assert.deepEqual(terminal.variables, [
      { name: "shell_name", type: "string", required: false, default: "bash" },
      { name: "command", type: "string", required: true },
    ]);
    assert.equal(terminal.version_number, 1);
    assert.equal(terminal.source, "import");
    assert.equal(terminal.status, "published");
    assert.deepEqual(terminal.tags, ["developer"], "developer prompts are tagged");
    assert.deepEqual(painter.tags, []);
    assert.deepEqual(poet.variables, []);
    const versions = one(
      await sql`
      select count(*)::int as n from public.prompt_versions where user_id = ${userId}`,
    );
    assert.equal(versions.n, 3, "re-running adds no versions");
  } finally {
    await sql`delete from auth.users where email = ${email}`;
    await sql.end();
  }
});
