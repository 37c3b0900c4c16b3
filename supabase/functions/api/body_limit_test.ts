import assert from "node:assert/strict";
import { api, newUser } from "../../../dev/testing.ts";

Deno.test("body limit: 2 MB for ordinary routes (413 in our error shape), 25 MB for imports", async () => {
  const user = await newUser("body-limit");
  const big = "x".repeat(3 * 1024 * 1024);
  const res = await api("POST", "/catalogs", { auth: user, body: { name: "n", description: big } });
  assert.equal(res.status, 413);
  assert.equal(res.body.error.code, "too_large");

  // 3 MB of CSV: past the ordinary limit, within the import's; it is read and imported.
  const row = `"Big prompt","${"word ".repeat(200)}",FALSE,TEXT,me\n`;
  const csv = "act,prompt,for_devs,type,contributor\n" +
    Array.from(
      { length: Math.ceil(big.length / row.length) },
      (_, i) => row.replace("Big prompt", `Big prompt ${i}`),
    ).join("");
  const imported = await api("POST", "/import", {
    auth: user,
    rawBody: csv,
    headers: { "content-type": "text/csv" },
  });
  assert.ok(csv.length > 2 * 1024 * 1024);
  assert.equal(imported.status, 200, JSON.stringify(imported.body).slice(0, 300));
  assert.equal(imported.body.imported, Math.ceil(big.length / row.length));
});
