import assert from "node:assert/strict";
import { api, apiUrl, newUser } from "./testing.ts";
import { importInParts } from "./import_library.ts";

Deno.test("importInParts: a library past one request's limits goes in parts; a rerun resumes", async () => {
  const user = await newUser("import-parts");
  const doc = {
    format: "promptline.library",
    version: 1,
    catalogs: [{ name: "Work", description: "kept from the first part" }],
    tags: ["spare"],
    prompts: Array.from({ length: 25 }, (_, i) => ({
      catalog: i % 2 ? "Work" : null,
      title: `Part prompt ${i}`,
      versions: [{ version_number: 1, content: `text ${i}` }],
    })),
  };
  const bytes = new TextEncoder().encode(JSON.stringify(doc));
  const auth = { authorization: `Bearer ${user.token}` };
  // Limits of 10 prompts (instead of 10,000) make three parts of 10, 10 and 5.
  const first = await importInParts(apiUrl, auth, bytes, { maxPrompts: 10 });
  assert.deepEqual(first, { parts: 3, imported: 25, skipped: 0, versions: 25 });
  const again = await importInParts(apiUrl, auth, bytes, { maxPrompts: 10, maxBytes: 500 });
  assert.equal(again.imported, 0);
  assert.equal(again.skipped, 25, "sent again, every part is skipped");
  assert.ok(again.parts > 3, "a byte limit makes more parts");
  const exported = await api("GET", "/export", { auth: user });
  assert.equal(exported.body.prompts.length, 25);
  assert.deepEqual(exported.body.catalogs, doc.catalogs);
  assert.deepEqual(exported.body.tags, ["spare"]);
});
