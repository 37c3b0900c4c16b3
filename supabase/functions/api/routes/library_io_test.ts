import assert from "node:assert/strict";
import { findDemoCsv } from "../../../../dev/demo_csv.ts";
import { api, apiUrl, newUser } from "../../../../dev/testing.ts";
import type { LibraryDocument } from "../../_shared/library_format.ts";
import { expiredToken } from "./library_testing.ts";

/** An export without what legitimately differs between two accounts: timestamps. */
function normalised(doc: LibraryDocument) {
  return {
    catalogs: doc.catalogs,
    tags: doc.tags,
    prompts: doc.prompts.map(({ created_at: _c, published_at: _p, versions, ...p }) => ({
      ...p,
      versions: versions.map(({ created_at: _v, ...v }) => v),
    })),
  };
}

const csv = [
  "act,prompt,for_devs,type,contributor",
  'Linux Terminal,"Act as a terminal in ${Shell:bash}; run ${command}",TRUE,TEXT,f',
  "Painter,Paint ${subject},FALSE,IMAGE,someone@example.com",
].join("\n");

Deno.test("import: a CSV as text/csv or as JSON, once; re-importing skips by title", async () => {
  const user = await newUser("import-csv");
  const first = await api("POST", "/import", {
    auth: user,
    rawBody: csv,
    headers: { "content-type": "text/csv; charset=utf-8" },
  });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.deepEqual(first.body, {
    imported: 2,
    skipped: 0,
    catalogs: 2,
    catalogs_created: 2,
    versions: 2,
    tags_created: 1,
  });
  const again = await api("POST", "/import", { auth: user, body: { format: "csv", data: csv } });
  assert.equal(again.status, 200);
  assert.equal(again.body.imported, 0);
  assert.equal(again.body.skipped, 2);

  const doc: LibraryDocument = (await api("GET", "/export", { auth: user })).body;
  const terminal = doc.prompts.find((p) => p.title === "Linux Terminal")!;
  assert.equal(terminal.catalog, "Text prompts");
  assert.deepEqual(terminal.tags, ["developer"]);
  assert.equal(terminal.status, "published");
  assert.equal(terminal.versions[0]?.content, "Act as a terminal in {{shell}}; run {{command}}");
  assert.deepEqual(terminal.versions[0]?.variables, [
    { name: "shell", type: "string", required: false, default: "bash" },
    { name: "command", type: "string", required: true },
  ]);
  assert.equal(terminal.versions[0]?.source, "import");
});

Deno.test("export → import keeps versions, current version, tags, status, loose prompts", async () => {
  const doc: LibraryDocument = {
    format: "promptline.library",
    version: 1,
    catalogs: [{ name: "Work", description: "job things" }, { name: "Empty", description: null }],
    tags: ["spare"],
    prompts: [
      {
        catalog: "Work",
        title: "Standup",
        description: "daily",
        status: "archived",
        tags: ["team", "Daily"],
        current_version: 1,
        versions: [
          {
            version_number: 1,
            content: "Summarise {{notes}}",
            variables: [{ name: "notes", type: "string", required: true }],
            model_config: { model: "openai/gpt-4o-mini", temperature: 0.2 },
            summary: "first",
            source: "manual",
          },
          {
            version_number: 2,
            content: "Summarise {{notes}} in {{style}}",
            variables: [
              { name: "notes", type: "string", required: true },
              { name: "style", type: "enum", options: ["short", "long"], default: "short" },
            ],
            model_config: { max_tokens: 200 },
            summary: "second",
            source: "manual",
          },
          {
            version_number: 3,
            content: "Summarise {{notes}}",
            variables: [{ name: "notes", type: "string", required: true }],
            model_config: {},
            summary: "Restored from version 1",
            source: "restore",
            restored_from_version: 1,
          },
        ],
      },
      {
        catalog: null,
        title: "Loose",
        description: null,
        status: "draft",
        tags: [],
        versions: [{
          version_number: 1,
          content: "x",
          variables: [],
          model_config: {},
          summary: null,
          source: "manual",
        }],
      },
    ],
  };
  const a = await newUser("roundtrip-a");
  const imported = await api("POST", "/import", { auth: a, body: doc });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  assert.equal(imported.body.versions, 4);
  const exportedA = await api("GET", "/export", { auth: a });
  assert.equal(exportedA.status, 200);
  assert.match(exportedA.headers.get("content-disposition") ?? "", /attachment/);
  const standup = exportedA.body.prompts.find((p: { title: string }) => p.title === "Standup");
  assert.equal(standup.current_version, 1, "the current version is kept, not the newest");
  assert.deepEqual(standup.tags, ["Daily", "team"]);
  assert.equal(standup.status, "archived");
  assert.deepEqual(exportedA.body.tags, ["Daily", "spare", "team"]);

  const b = await newUser("roundtrip-b");
  assert.equal((await api("POST", "/import", { auth: b, body: exportedA.body })).status, 200);
  const exportedB = await api("GET", "/export", { auth: b });
  assert.deepEqual(normalised(exportedB.body), normalised(exportedA.body));
});

Deno.test("import: the 848 demo prompts, exported and imported by a fresh user, are the same library", async () => {
  const demo = await Deno.readTextFile(await findDemoCsv(Deno.env.toObject()));
  const a = await newUser("demo-a");
  const first = await api("POST", "/import", {
    auth: a,
    rawBody: demo,
    headers: { "content-type": "text/csv" },
  });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.imported, 848);
  assert.equal(first.body.skipped, 0);
  const exportedA = await api("GET", "/export", { auth: a });
  assert.equal(exportedA.body.prompts.length, 848);
  assert.equal(
    exportedA.body.prompts.filter((p: { tags: string[] }) => p.tags.includes("developer")).length,
    72,
  );

  const b = await newUser("demo-b");
  const second = await api("POST", "/import", { auth: b, body: exportedA.body });
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.equal(second.body.imported, 848);
  const exportedB = await api("GET", "/export", { auth: b });
  assert.deepEqual(normalised(exportedB.body), normalised(exportedA.body));

  const replay = await api("POST", "/import", { auth: b, body: exportedA.body });
  assert.deepEqual([replay.body.imported, replay.body.skipped], [0, 848]);
});

Deno.test("import: bad documents are 4xx and import nothing", async () => {
  const user = await newUser("import-bad");
  const base = { format: "promptline.library", version: 1 };
  const prompt = (over: Record<string, unknown>) => ({
    ...base,
    prompts: [{
      catalog: null,
      title: "P",
      versions: [{ version_number: 1, content: "x" }],
      ...over,
    }],
  });
  const cases: [unknown, number, string][] = [
    [{ format: "promptline.library", version: 2 }, 422, "validation_failed"],
    [{ format: "zip" }, 422, "validation_failed"],
    [{ ...base, prompts: "all" }, 422, "validation_failed"],
    [prompt({ title: "" }), 422, "validation_failed"],
    [prompt({ status: "gone" }), 422, "validation_failed"],
    [prompt({ versions: [{ version_number: 1, content: 5 }] }), 422, "validation_failed"],
    [prompt({ versions: [{ version_number: 1, content: "x".repeat(100_001) }] }), 413, "too_large"],
    [prompt({ current_version: 9 }), 422, "invalid_library"],
    // Valid in shape, refused by SQL's variable rules (duplicate names).
    [
      prompt({
        versions: [{
          version_number: 1,
          content: "x",
          variables: [{ name: "a", type: "string" }, { name: "a", type: "string" }],
        }],
      }),
      422,
      "invalid_library",
    ],
    [
      prompt({ versions: [{ version_number: 1, content: "x", source: "restore" }] }),
      422,
      "invalid_library",
    ],
    [{ format: "csv", data: "" }, 422, "validation_failed"],
    [{ format: "csv", data: "name,text\nx,y\n" }, 422, "invalid_csv"],
    [{ format: "csv", data: 'act,prompt\n"open,quote\n' }, 422, "invalid_csv"],
  ];
  for (const [body, status, code] of cases) {
    const res = await api("POST", "/import", { auth: user, body });
    assert.equal(
      res.status,
      status,
      `${JSON.stringify(body).slice(0, 200)} → ${JSON.stringify(res.body).slice(0, 300)}`,
    );
    assert.equal(res.body.error.code, code, JSON.stringify(res.body).slice(0, 300));
  }
  const sqlRefusal = await api("POST", "/import", {
    auth: user,
    body: {
      ...base,
      prompts: [
        { catalog: null, title: "Fine", versions: [{ version_number: 1, content: "ok" }] },
        {
          catalog: null,
          title: "Broken",
          versions: [{ version_number: 1, content: "x", source: "restore" }],
        },
      ],
    },
  });
  assert.match(
    sqlRefusal.body.error.message,
    /^prompt 2 \(Broken\)/,
    "the message names the prompt",
  );

  const noType = await api("POST", "/import", {
    auth: user,
    rawBody: csv,
    headers: { "content-type": "text/plain" },
  });
  assert.equal(noType.status, 415);
  const noBody = await fetchWithoutBody(user.token);
  assert.equal(noBody, 415);
  const malformed = await api("POST", "/import", { auth: user, rawBody: "{oops" });
  assert.equal(malformed.status, 400);

  const exported = await api("GET", "/export", { auth: user });
  assert.deepEqual(exported.body.prompts, [], "nothing of the refused imports was kept");
  assert.deepEqual(exported.body.catalogs, []);
});

async function fetchWithoutBody(token: string): Promise<number> {
  const res = await fetch(`${apiUrl}/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
  });
  await res.body?.cancel();
  return res.status;
}

Deno.test("import/export: credentials are required and only the caller's library moves", async () => {
  const owner = await newUser("io-owner");
  const other = await newUser("io-other");
  await api("POST", "/import", { auth: owner, body: { format: "csv", data: csv } });
  const theirs = await api("GET", "/export", { auth: other });
  assert.equal(theirs.status, 200);
  assert.deepEqual([theirs.body.prompts, theirs.body.catalogs, theirs.body.tags], [[], [], []]);
  const { body: key } = await api("POST", "/api-keys", { auth: owner, body: { name: "io" } });
  const viaKey = await api("GET", "/export", { headers: { "x-api-key": key.key } });
  assert.equal(viaKey.body.prompts.length, 2, "an API key exports its owner's library");
  assert.equal((await api("GET", "/export")).status, 401);
  assert.equal((await api("GET", "/export", { auth: await expiredToken(owner) })).status, 401);
  assert.equal((await api("POST", "/import", { body: { format: "csv", data: csv } })).status, 401);
});

const tiny = (n: number, over: Record<string, unknown> = {}) => ({
  catalog: n % 3 ? `Catalog ${n % 3}` : null,
  title: `Prompt ${String(n).padStart(5, "0")}`,
  versions: [{ version_number: 1, content: `text ${n}` }],
  ...over,
});

Deno.test("export: streamed in pages, one whole document in export_library's order", async () => {
  const user = await newUser("export-pages");
  // 1,001 prompts: export pages of 500, 500 and 1; import batches of 1,000 and 1.
  const prompts = Array.from({ length: 1001 }, (_, i) => tiny(i));
  const imported = await api("POST", "/import", {
    auth: user,
    body: { format: "promptline.library", version: 1, prompts },
  });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  assert.deepEqual(
    [imported.body.imported, imported.body.versions, imported.body.catalogs],
    [1001, 1001, 2],
  );
  const res = await fetch(`${apiUrl}/export`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
  assert.equal(res.headers.get("content-length"), null, "streamed, not sized up front");
  const doc: LibraryDocument = JSON.parse(await res.text());
  assert.equal(doc.format, "promptline.library");
  assert.deepEqual(doc.catalogs.map((c) => c.name), ["Catalog 1", "Catalog 2"]);
  const keys = doc.prompts.map((p) =>
    `${p.catalog === null ? 0 : 1}:${p.catalog?.toLowerCase() ?? ""}:${p.title}`
  );
  assert.equal(new Set(keys).size, 1001, "every prompt once, none twice across pages");
  assert.deepEqual(keys, [...keys].sort(), "loose prompts first, then by catalog and title");

  const again = await api("POST", "/import", { auth: user, body: doc });
  assert.deepEqual([again.body.imported, again.body.skipped], [0, 1001], "batches skip too");
});

Deno.test("import: the batches of one request are one transaction; a refusal names its prompt", async () => {
  const user = await newUser("import-batches");
  const prompts = Array.from({ length: 1001 }, (_, i) => tiny(i));
  prompts[1000] = tiny(1000, {
    versions: [{ version_number: 1, content: "x", source: "restore" }],
  });
  const res = await api("POST", "/import", {
    auth: user,
    body: { format: "promptline.library", version: 1, prompts },
  });
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.match(res.body.error.message, /^prompt 1001 \(Prompt 01000\)/, "numbered in the document");
  const exported = await api("GET", "/export", { auth: user });
  assert.deepEqual(exported.body.prompts, [], "the first batch of 1,000 was rolled back too");

  const bad = Array.from({ length: 3 }, (_, i) => tiny(i));
  bad[2] = tiny(2, { status: "gone" });
  const invalid = await api("POST", "/import", {
    auth: user,
    body: { format: "promptline.library", version: 1, prompts: bad },
  });
  assert.equal(invalid.status, 422);
  assert.equal(invalid.body.error.details.fields[0].field, "prompts.2.status");
});

Deno.test("import: over 10,000 prompts or 25 MB is a 413 that names the limit", async () => {
  const user = await newUser("import-limits");
  const many = await api("POST", "/import", {
    auth: user,
    body: {
      format: "promptline.library",
      version: 1,
      prompts: Array.from({ length: 10_001 }, (_, i) => tiny(i)),
    },
  });
  assert.equal(many.status, 413, JSON.stringify(many.body).slice(0, 300));
  assert.equal(many.body.error.code, "too_large");
  assert.match(many.body.error.message, /at most 10000 prompts per import/);

  const rows = Array.from({ length: 10_001 }, (_, i) => `Act ${i},Say ${i},FALSE,TEXT,me`);
  const csvMany = await api("POST", "/import", {
    auth: user,
    rawBody: ["act,prompt,for_devs,type,contributor", ...rows].join("\n"),
    headers: { "content-type": "text/csv" },
  });
  assert.equal(csvMany.status, 413);
  assert.match(csvMany.body.error.message, /at most 10000 prompts per import/);
  rows[1500] = "Act 1500,,FALSE,TEXT,me";
  const csvBad = await api("POST", "/import", {
    auth: user,
    rawBody: ["act,prompt,for_devs,type,contributor", ...rows.slice(0, 2000)].join("\n"),
    headers: { "content-type": "text/csv" },
  });
  assert.equal(csvBad.status, 422);
  assert.equal(csvBad.body.error.code, "invalid_csv");
  assert.match(csvBad.body.error.message, /^CSV row 1502:/, "the row in the whole file");
  // A parse error in a later batch names its row in the whole file too.
  rows[1500] = 'Act 1500,"unclosed, FALSE,TEXT,me';
  rows[1501] = 'Act 1501,"x" y",FALSE,TEXT,me';
  const csvUnreadable = await api("POST", "/import", {
    auth: user,
    rawBody: ["act,prompt,for_devs,type,contributor", ...rows.slice(0, 2000)].join("\n"),
    headers: { "content-type": "text/csv" },
  });
  assert.equal(csvUnreadable.status, 422, JSON.stringify(csvUnreadable.body));
  assert.equal(csvUnreadable.body.error.code, "invalid_csv");
  assert.match(csvUnreadable.body.error.message, /^CSV row 150\d: unreadable CSV/);
  // A quote inside a field that does not start with one (the records are cut by quotes).
  rows[1500] = 'Act 1500,a 5" screen,FALSE,TEXT,me';
  rows[1501] = "Act 1501,Say 1501,FALSE,TEXT,me";
  const csvStray = await api("POST", "/import", {
    auth: user,
    rawBody: ["act,prompt,for_devs,type,contributor", ...rows.slice(0, 2000)].join("\n"),
    headers: { "content-type": "text/csv" },
  });
  assert.equal(csvStray.status, 422, JSON.stringify(csvStray.body));
  assert.equal(csvStray.body.error.code, "invalid_csv");
  assert.match(
    csvStray.body.error.message,
    /^CSV row 1502: unreadable CSV: a quote inside a field/,
  );

  // 26 MB, with its length, and as a stream without one (the limit counts while reading).
  const big = new TextEncoder().encode(
    JSON.stringify({ format: "promptline.library", version: 1, tags: ["x".repeat(26 << 20)] }),
  );
  for (
    const body of [big, ReadableStream.from([big.subarray(0, 1 << 24), big.subarray(1 << 24)])]
  ) {
    const res = await fetch(`${apiUrl}/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body,
    });
    const json = await res.json();
    assert.equal(res.status, 413);
    assert.deepEqual(json.error, { code: "too_large", message: "request body over 25 MB" });
  }
  const exported = await api("GET", "/export", { auth: user });
  assert.deepEqual(exported.body.prompts, [], "nothing of the refused imports was kept");
});
