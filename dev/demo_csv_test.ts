import assert from "node:assert/strict";
import { parsePromptCsv } from "../supabase/functions/_shared/prompt_csv.ts";
import { findDemoCsv } from "./demo_csv.ts";

Deno.test("the shipped CSV converts into 848 prompts with valid variables", async () => {
  const csv = await Deno.readTextFile(await findDemoCsv(Deno.env.toObject()));
  const rows = parsePromptCsv(csv);
  assert.equal(rows.length, 848);
  assert.equal(new Set(rows.map((r) => r.title)).size, 848, "titles are unique");
  assert.equal(rows.filter((r) => r.forDevs).length, 72);
  for (const r of rows) {
    for (const v of r.variables) assert.match(v.name, /^[A-Za-z_][A-Za-z0-9_]{0,63}$/);
    assert.ok(r.content.length <= 100_000);
  }
  assert.ok(rows.some((r) => r.variables.length > 0));
});

Deno.test("PROMPTLINE_DEMO_CSV overrides where the CSV is looked for", async () => {
  assert.equal(await findDemoCsv({ PROMPTLINE_DEMO_CSV: "/tmp/x.csv" }), "/tmp/x.csv");
});
