import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { adminSql } from "../run/testing.ts";
import {
  assertRefusesBadCredentials,
  blamedFields,
  createApiKey,
  newPrompt,
} from "./library_testing.ts";

const variables = [
  { name: "name", type: "string", required: true, description: "who to greet" },
  { name: "tone", type: "enum", options: ["warm", "dry"], default: "warm" },
  { name: "count", type: "number", default: 2 },
];

Deno.test("prompts: create with its first version and tags in one call, read it back, list it", async () => {
  const user = await newUser("prompts");
  const catalog = await api("POST", "/catalogs", { auth: user, body: { name: "Greetings" } });
  const created = await api("POST", "/prompts", {
    auth: user,
    body: {
      title: "Greeter",
      description: "says hello",
      catalog_id: catalog.body.id,
      tags: ["Hello", "hello", "demo"],
      status: "draft",
      content: "Say hello to {{name}} in a {{tone}} way.",
      variables,
      model_config: { model: "gpt-4o-mini", temperature: 0.3, max_tokens: 200 },
      summary: "first draft",
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const p = created.body;
  assert.equal(p.title, "Greeter");
  assert.equal(p.catalog.name, "Greetings");
  assert.equal(p.version_count, 1);
  assert.equal(p.current_version.version_number, 1);
  assert.equal(p.current_version.summary, "first draft");
  assert.deepEqual(p.current_version.variables, variables);
  assert.deepEqual(p.current_version.model_config, {
    model: "gpt-4o-mini",
    temperature: 0.3,
    max_tokens: 200,
  });
  assert.deepEqual(p.tags.map((t: { name: string }) => t.name), ["demo", "Hello"]);
  assert.equal(p.last_run, null);
  assert.equal(p.published_at, null);

  const got = await api("GET", `/prompts/${p.id}`, { auth: user });
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, p);

  const listed = await api("GET", "/prompts", { auth: user });
  assert.equal(listed.status, 200);
  assert.equal(listed.body.items.length, 1);
  assert.equal(listed.body.items[0].id, p.id);
  assert.equal(listed.body.items[0].current_version_number, 1);
  assert.deepEqual(listed.body.items[0].tags, ["demo", "Hello"]);
  assert.equal(listed.body.next_cursor, null);

  const { key } = await createApiKey(user);
  const viaKey = await api("GET", `/prompts/${p.id}`, { auth: key });
  assert.equal(viaKey.status, 200, "an API key reads the same prompt");
  assert.equal(viaKey.body.id, p.id);

  const minimal = await api("POST", "/prompts", {
    auth: user,
    body: { title: "Bare", content: "" },
  });
  assert.equal(minimal.status, 201);
  assert.equal(minimal.body.catalog_id, null);
  assert.deepEqual(minimal.body.current_version.variables, []);
  assert.deepEqual(minimal.body.tags, []);
  assert.equal(minimal.body.status, "draft");
  assert.equal(minimal.body.visibility, "private");
});

Deno.test("prompts: creating in another user's catalog is a 404 on catalog_id and leaves nothing behind", async () => {
  const owner = await newUser("prompts-cat-owner");
  const other = await newUser("prompts-cat-other");
  const theirs = await api("POST", "/catalogs", { auth: owner, body: { name: "Private" } });
  const res = await api("POST", "/prompts", {
    auth: other,
    body: { title: "Intruder", content: "x", catalog_id: theirs.body.id, tags: ["leak"] },
  });
  assert.equal(res.status, 404);
  assert.equal(res.body.error.code, "catalog_not_found");
  assert.deepEqual(blamedFields(res.body), ["catalog_id"]);

  const unknown = await api("POST", "/prompts", {
    auth: other,
    body: { title: "Ghost", content: "x", catalog_id: crypto.randomUUID() },
  });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, "catalog_not_found");

  assert.deepEqual((await api("GET", "/prompts", { auth: other })).body.items, []);
  assert.deepEqual((await api("GET", "/tags", { auth: other })).body.items, [], "no tag was made");
  const catalogs = await api("GET", "/catalogs", { auth: owner });
  assert.equal(catalogs.body.items[0].prompt_count, 0);
});

Deno.test("prompts: the list filters by catalog, tag and status and pages newest first", async () => {
  const user = await newUser("prompts-list");
  const a = (await api("POST", "/catalogs", { auth: user, body: { name: "A" } })).body.id;
  const b = (await api("POST", "/catalogs", { auth: user, body: { name: "B" } })).body.id;
  const made: string[] = [];
  for (let i = 0; i < 5; i++) {
    const p = await newPrompt(user, {
      title: `P${i}`,
      catalog_id: i % 2 ? b : a,
      tags: i < 2 ? ["Keep"] : [],
      status: i === 4 ? "published" : "draft",
    });
    made.push(p.id);
  }
  // Editing P0 makes it the most recently updated.
  assert.equal(
    (await api("PATCH", `/prompts/${made[0]}`, { auth: user, body: { title: "P0 edited" } }))
      .status,
    200,
  );
  const expected = [made[0], made[4], made[3], made[2], made[1]];

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
    const res = await api("GET", `/prompts${q}`, { auth: user });
    assert.equal(res.status, 200);
    assert.ok(res.body.items.length <= 2);
    seen.push(...res.body.items.map((p: { id: string }) => p.id));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, expected, "every prompt once, most recently updated first");

  const ids = async (q: string) =>
    (await api("GET", `/prompts?${q}`, { auth: user })).body.items.map((p: { id: string }) => p.id);
  assert.deepEqual(await ids(`catalog_id=${b}`), [made[3], made[1]]);
  assert.deepEqual(await ids("tag=keep"), [made[0], made[1]], "tags match ignoring case");
  assert.deepEqual(await ids("status=published"), [made[4]]);
  assert.deepEqual(await ids(`catalog_id=${a}&status=draft`), [made[0], made[2]]);
  assert.deepEqual(await ids("tag=nothing"), []);

  for (
    const [q, field] of [
      ["cursor=garbage", "cursor"],
      ["status=deleted", "status"],
      ["catalog_id=nope", "catalog_id"],
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=ten", "limit"],
      [`tag=${"t".repeat(51)}`, "tag"],
    ]
  ) {
    const res = await api("GET", `/prompts?${q}`, { auth: user });
    assert.equal(res.status, 422, q);
    assert.deepEqual(blamedFields(res.body), [field], q);
  }
});

Deno.test("prompts: the list pages prompts updated in the same millisecond each once", async () => {
  const user = await newUser("prompts-same-ms");
  const made: string[] = [];
  for (let i = 0; i < 3; i++) made.push((await newPrompt(user, { title: `S${i}` })).id);
  // Microseconds apart within one millisecond: a cursor that lost its microseconds (a JS Date)
  // would skip the rest of that millisecond.
  const sql = adminSql();
  try {
    await sql`update public.prompts
      set updated_at = '2026-11-30 10:00:00.000100+00'::timestamptz
        + (array_position(${made}::uuid[], id) * interval '1 microsecond')
      where id = any(${made}::uuid[])`;
  } finally {
    await sql.end();
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : "";
    const res = await api("GET", `/prompts?limit=1${q}`, { auth: user });
    seen.push(...res.body.items.map((p: { id: string }) => p.id));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, [...made].reverse());
});

Deno.test("prompts: PATCH edits fields, publishing stamps published_at once, moves between catalogs", async () => {
  const user = await newUser("prompts-patch");
  const other = await newUser("prompts-patch-other");
  const mine = (await api("POST", "/catalogs", { auth: user, body: { name: "Mine" } })).body.id;
  const theirs = (await api("POST", "/catalogs", { auth: other, body: { name: "Theirs" } })).body
    .id;
  const p = await newPrompt(user);

  const edited = await api("PATCH", `/prompts/${p.id}`, {
    auth: user,
    body: { title: "Renamed", description: "the goal", visibility: "public", catalog_id: mine },
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.equal(edited.body.title, "Renamed");
  assert.equal(edited.body.description, "the goal");
  assert.equal(edited.body.visibility, "public");
  assert.equal(edited.body.catalog.name, "Mine");
  assert.equal(edited.body.version_count, 1, "editing the prompt adds no version");
  assert.ok(edited.body.updated_at > p.updated_at);

  const published = await api("PATCH", `/prompts/${p.id}`, {
    auth: user,
    body: { status: "published" },
  });
  assert.equal(published.status, 200);
  assert.equal(published.body.status, "published");
  assert.ok(published.body.published_at);
  const archived = await api("PATCH", `/prompts/${p.id}`, {
    auth: user,
    body: { status: "archived", description: null },
  });
  assert.equal(archived.body.status, "archived");
  assert.equal(archived.body.description, null);
  const republished = await api("PATCH", `/prompts/${p.id}`, {
    auth: user,
    body: { status: "published" },
  });
  assert.equal(
    republished.body.published_at,
    published.body.published_at,
    "first publication kept",
  );

  const intoTheirs = await api("PATCH", `/prompts/${p.id}`, {
    auth: user,
    body: { catalog_id: theirs },
  });
  assert.equal(intoTheirs.status, 404);
  assert.equal(intoTheirs.body.error.code, "catalog_not_found");
  assert.deepEqual(blamedFields(intoTheirs.body), ["catalog_id"]);
  const intoNothing = await api("PATCH", `/prompts/${p.id}`, {
    auth: user,
    body: { catalog_id: crypto.randomUUID() },
  });
  assert.equal(intoNothing.status, 404);
  assert.equal(intoNothing.body.error.code, "catalog_not_found");
  const still = await api("GET", `/prompts/${p.id}`, { auth: user });
  assert.equal(still.body.catalog_id, mine, "a refused move changes nothing");

  const out = await api("PATCH", `/prompts/${p.id}`, { auth: user, body: { catalog_id: null } });
  assert.equal(out.status, 200);
  assert.equal(out.body.catalog, null);

  for (
    const [body, field] of [
      [{}, "json"],
      [{ title: "" }, "title"],
      [{ title: "   " }, "title"],
      [{ title: "t".repeat(301) }, "title"],
      [{ status: "deleted" }, "status"],
      [{ visibility: "friends" }, "visibility"],
      [{ catalog_id: "nope" }, "catalog_id"],
      [{ description: "d".repeat(2001) }, "description"],
      [{ content: "versions are added, not patched" }, "json"],
    ] as const
  ) {
    const res = await api("PATCH", `/prompts/${p.id}`, { auth: user, body });
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.deepEqual(blamedFields(res.body), [field], JSON.stringify(body));
  }
  const malformed = await api("PATCH", `/prompts/${p.id}`, { auth: user, rawBody: "{title:" });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error.code, "bad_request");
});

Deno.test("prompts: DELETE removes the prompt with its versions; again is a 404", async () => {
  const user = await newUser("prompts-delete");
  const p = await newPrompt(user, { tags: ["gone"] });
  const deleted = await api("DELETE", `/prompts/${p.id}`, { auth: user });
  assert.equal(deleted.status, 204);
  assert.equal((await api("GET", `/prompts/${p.id}`, { auth: user })).status, 404);
  assert.equal((await api("GET", `/prompts/${p.id}/versions`, { auth: user })).status, 404);
  assert.equal((await api("DELETE", `/prompts/${p.id}`, { auth: user })).status, 404);
  const tags = await api("GET", "/tags", { auth: user });
  assert.equal(tags.body.items[0].prompt_count, 0, "the tag stays, unattached");
});

Deno.test("prompts: bad bodies are 422 naming each field (each bad variable too), 413 for huge content", async () => {
  const user = await newUser("prompts-bad");
  const base = { title: "T", content: "c" };
  const cases: [Record<string, unknown>, string[]][] = [
    [{}, ["content", "title"]],
    [{ title: "T" }, ["content"]],
    [{ content: "c" }, ["title"]],
    [{ title: 7, content: "c" }, ["title"]],
    [{ ...base, content: ["c"] }, ["content"]],
    [{ ...base, extra: 1 }, ["json"]],
    [{ ...base, status: "live" }, ["status"]],
    [{ ...base, catalog_id: "x" }, ["catalog_id"]],
    [{ ...base, tags: "a,b" }, ["tags"]],
    [{ ...base, tags: ["ok", ""] }, ["tags.1"]],
    [{ ...base, tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, ["tags"]],
    [{ ...base, summary: "s".repeat(1001) }, ["summary"]],
    [{ ...base, variables: { name: "x" } }, ["variables"]],
    [{ ...base, variables: [{ name: "1x", type: "string" }] }, ["variables.0.name"]],
    [{ ...base, variables: [{ name: "x", type: "date" }] }, ["variables.0.type"]],
    [{ ...base, variables: [{ name: "x", type: "string", colour: 1 }] }, ["variables.0"]],
    [{ ...base, variables: [{ name: "x", type: "string", required: "yes" }] }, [
      "variables.0.required",
    ]],
    [{ ...base, variables: [{ name: "a", type: "string" }, { name: "b", type: "enum" }] }, [
      "variables.1.options",
    ]],
    [{
      ...base,
      variables: [{ name: "a", type: "enum", options: ["x", "x"] }],
    }, ["variables.0.options"]],
    [{ ...base, variables: [{ name: "a", type: "string", options: ["x"] }] }, [
      "variables.0.options",
    ]],
    [{ ...base, variables: [{ name: "a", type: "number", default: "2" }] }, [
      "variables.0.default",
    ]],
    [{ ...base, variables: [{ name: "a", type: "enum", options: ["x"], default: "y" }] }, [
      "variables.0.default",
    ]],
    [{ ...base, variables: [{ name: "a", type: "string" }, { name: "a", type: "number" }] }, [
      "variables.1.name",
    ]],
    [{ ...base, model_config: { temperature: 3 } }, ["model_config.temperature"]],
    [{ ...base, model_config: { max_tokens: 1.5 } }, ["model_config.max_tokens"]],
    [{ ...base, model_config: { model: "" } }, ["model_config.model"]],
    [{ ...base, model_config: { top_p: 1 } }, ["model_config"]],
    [{
      ...base,
      variables: [{
        name: "e",
        type: "enum",
        options: Array.from({ length: 101 }, (_, i) => `o${i}`),
      }],
    }, ["variables.0.options"]],
    [{
      ...base,
      variables: Array.from({ length: 20 }, (_, i) => ({
        name: `v${i}`,
        type: "string",
        default: "d".repeat(4_000),
      })),
    }, ["variables"]],
  ];
  for (const [body, fields] of cases) {
    const res = await api("POST", "/prompts", { auth: user, body });
    assert.equal(
      res.status,
      422,
      `${JSON.stringify(body).slice(0, 120)}: ${JSON.stringify(res.body)}`,
    );
    assert.equal(res.body.error.code, "validation_failed");
    assert.deepEqual(blamedFields(res.body).sort(), fields, JSON.stringify(body).slice(0, 120));
  }

  const huge = await api("POST", "/prompts", {
    auth: user,
    body: { title: "Huge", content: "x".repeat(100_001) },
  });
  assert.equal(huge.status, 413);
  assert.equal(huge.body.error.code, "too_large");
  assert.deepEqual(blamedFields(huge.body), ["content"]);
  const atLimit = await api("POST", "/prompts", {
    auth: user,
    body: { title: "At the limit", content: "é".repeat(100_000) },
  });
  assert.equal(atLimit.status, 201, "100 000 characters (200 000 bytes) are accepted");
  assert.equal(atLimit.body.current_version.content.length, 100_000);

  const malformed = await api("POST", "/prompts", { auth: user, rawBody: "{not json" });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error.code, "bad_request");
  const notAnObject = await api("POST", "/prompts", { auth: user, body: [base] });
  assert.equal(notAnObject.status, 422);

  assert.equal((await api("GET", "/prompts/not-a-uuid", { auth: user })).status, 422);
  const unknown = await api("GET", `/prompts/${crypto.randomUUID()}`, { auth: user });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, "prompt_not_found");
  for (const method of ["PATCH", "DELETE"]) {
    const res = await api(method, `/prompts/${crypto.randomUUID()}`, {
      auth: user,
      body: method === "PATCH" ? { title: "x" } : undefined,
    });
    assert.equal(res.status, 404, method);
  }
  const list = await api("GET", "/prompts", { auth: user });
  assert.equal(list.body.items.length, 1, "only the valid prompt was created");
  for (const res of [huge, malformed, unknown]) {
    assert.ok(!JSON.stringify(res.body).includes("    at "), "no stack trace");
  }
});

Deno.test("prompts: another user's prompt is a 404 on every route and stays untouched", async () => {
  const owner = await newUser("prompts-owner");
  const other = await newUser("prompts-other");
  const p = await newPrompt(owner, { title: "Owner's" });
  for (
    const [method, body] of [["GET", undefined], ["PATCH", { title: "Mine now" }], [
      "DELETE",
      undefined,
    ]] as const
  ) {
    const res = await api(method, `/prompts/${p.id}`, { auth: other, body });
    assert.equal(res.status, 404, method);
    assert.equal(res.body.error.code, "prompt_not_found");
  }
  assert.deepEqual((await api("GET", "/prompts", { auth: other })).body.items, []);
  const still = await api("GET", `/prompts/${p.id}`, { auth: owner });
  assert.equal(still.status, 200);
  assert.equal(still.body.title, "Owner's");
});

Deno.test("prompts: every route refuses missing, expired and revoked credentials", async () => {
  const user = await newUser("prompts-auth");
  const p = await newPrompt(user);
  await assertRefusesBadCredentials(user, [
    { method: "GET", path: "/prompts" },
    { method: "POST", path: "/prompts", body: { title: "T", content: "c" } },
    { method: "GET", path: `/prompts/${p.id}` },
    { method: "PATCH", path: `/prompts/${p.id}`, body: { title: "x" } },
    { method: "DELETE", path: `/prompts/${p.id}` },
  ]);
  const still = await api("GET", `/prompts/${p.id}`, { auth: user });
  assert.equal(still.body.title, "A prompt", "nothing changed");
});
