import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { assertRefusesBadCredentials, blamedFields, newPrompt } from "./library_testing.ts";

const names = (tags: { name: string }[]) => tags.map((t) => t.name);

Deno.test("tags: create, list with prompt counts, rename, set a prompt's tags by name, delete", async () => {
  const user = await newUser("tags");
  const sql = await api("POST", "/tags", { auth: user, body: { name: " SQL " } });
  assert.equal(sql.status, 201, JSON.stringify(sql.body));
  assert.equal(sql.body.name, "SQL", "names are trimmed");
  assert.equal(sql.body.prompt_count, 0);

  const p = await newPrompt(user);
  const q = await newPrompt(user, { title: "Second", tags: ["sql"] });
  assert.deepEqual(names(q.tags), ["SQL"], "an existing tag keeps its spelling");

  const set = await api("PUT", `/prompts/${p.id}/tags`, {
    auth: user,
    body: { tags: ["sql", "Writing", "writing", "go"] },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(names(set.body.tags), ["go", "SQL", "Writing"]);
  const detail = await api("GET", `/prompts/${p.id}`, { auth: user });
  assert.deepEqual(names(detail.body.tags), ["go", "SQL", "Writing"]);

  const listed = await api("GET", "/tags", { auth: user });
  assert.equal(listed.status, 200);
  assert.deepEqual(
    listed.body.items.map((t: { name: string; prompt_count: number }) => [t.name, t.prompt_count]),
    [["go", 1], ["SQL", 2], ["Writing", 1]],
  );

  const renamed = await api("PATCH", `/tags/${sql.body.id}`, {
    auth: user,
    body: { name: "Rust" },
  });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, "Rust");
  assert.equal(renamed.body.prompt_count, 2);
  const recased = await api("PATCH", `/tags/${sql.body.id}`, {
    auth: user,
    body: { name: "rust" },
  });
  assert.equal(recased.status, 200, "a tag can change its own case");
  const search = await api("GET", "/search?q=rust", { auth: user });
  assert.equal(search.body.items.length, 2, "renamed tags are searchable");

  const cleared = await api("PUT", `/prompts/${p.id}/tags`, { auth: user, body: { tags: [] } });
  assert.equal(cleared.status, 200);
  assert.deepEqual(cleared.body.tags, []);

  const deleted = await api("DELETE", `/tags/${sql.body.id}`, { auth: user });
  assert.equal(deleted.status, 204);
  assert.deepEqual((await api("GET", `/prompts/${q.id}`, { auth: user })).body.tags, []);
  assert.equal((await api("DELETE", `/tags/${sql.body.id}`, { auth: user })).status, 404);
});

Deno.test("tags: names are unique ignoring case (409 naming the field); pages are keyset", async () => {
  const user = await newUser("tags-dup");
  const a = await api("POST", "/tags", { auth: user, body: { name: "Alpha" } });
  const dup = await api("POST", "/tags", { auth: user, body: { name: "aLPHA" } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, "conflict");
  assert.deepEqual(blamedFields(dup.body), ["name"]);
  const b = await api("POST", "/tags", { auth: user, body: { name: "Beta" } });
  const clash = await api("PATCH", `/tags/${b.body.id}`, { auth: user, body: { name: "ALPHA" } });
  assert.equal(clash.status, 409);
  assert.deepEqual(blamedFields(clash.body), ["name"]);
  assert.equal(a.status, 201);

  for (const n of ["c", "D", "e"]) {
    assert.equal((await api("POST", "/tags", { auth: user, body: { name: n } })).status, 201);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
    const res = await api("GET", `/tags${q}`, { auth: user });
    assert.equal(res.status, 200);
    seen.push(...names(res.body.items));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, ["Alpha", "Beta", "c", "D", "e"]);
  assert.equal((await api("GET", "/tags?cursor=bad", { auth: user })).status, 422);
});

Deno.test("tags: bad input is a 4xx naming the field; unknown ids are 404", async () => {
  const user = await newUser("tags-bad");
  const tag = (await api("POST", "/tags", { auth: user, body: { name: "ok" } })).body;
  const p = await newPrompt(user);
  for (
    const [body, field] of [
      [{}, "name"],
      [{ name: "" }, "name"],
      [{ name: "   " }, "name"],
      [{ name: "t".repeat(51) }, "name"],
      [{ name: 5 }, "name"],
      [{ name: "x", colour: "red" }, "json"],
    ] as const
  ) {
    for (const [method, path] of [["POST", "/tags"], ["PATCH", `/tags/${tag.id}`]] as const) {
      const res = await api(method, path, { auth: user, body });
      assert.equal(res.status, 422, `${method} ${JSON.stringify(body)}`);
      assert.deepEqual(blamedFields(res.body), [field], `${method} ${JSON.stringify(body)}`);
    }
  }
  for (
    const [body, field] of [
      [{}, "tags"],
      [{ tags: "a" }, "tags"],
      [{ tags: [1] }, "tags.0"],
      [{ tags: ["ok", " "] }, "tags.1"],
      [{ tags: ["t".repeat(51)] }, "tags.0"],
      [{ tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, "tags"],
    ] as const
  ) {
    const res = await api("PUT", `/prompts/${p.id}/tags`, { auth: user, body });
    assert.equal(res.status, 422, JSON.stringify(body).slice(0, 80));
    assert.deepEqual(blamedFields(res.body), [field], JSON.stringify(body).slice(0, 80));
  }
  for (const [method, path] of [["POST", "/tags"], ["PUT", `/prompts/${p.id}/tags`]] as const) {
    const res = await api(method, path, { auth: user, rawBody: "{oops" });
    assert.equal(res.status, 400, method);
    assert.equal(res.body.error.code, "bad_request");
  }
  const unknown = crypto.randomUUID();
  const cases = [
    ["PATCH", `/tags/${unknown}`, { name: "x" }, "tag_not_found"],
    ["DELETE", `/tags/${unknown}`, undefined, "tag_not_found"],
    ["PUT", `/prompts/${unknown}/tags`, { tags: ["x"] }, "prompt_not_found"],
  ] as const;
  for (const [method, path, body, code] of cases) {
    const res = await api(method, path, { auth: user, body });
    assert.equal(res.status, 404, `${method} ${path}`);
    assert.equal(res.body.error.code, code);
  }
  assert.equal((await api("PATCH", "/tags/nope", { auth: user, body: { name: "x" } })).status, 422);
  assert.deepEqual(names((await api("GET", "/tags", { auth: user })).body.items), ["ok"]);
});

Deno.test("tags: another user's tags and prompts are 404; their names do not clash with yours", async () => {
  const owner = await newUser("tags-owner");
  const other = await newUser("tags-other");
  const tag = (await api("POST", "/tags", { auth: owner, body: { name: "Secret" } })).body;
  const p = await newPrompt(owner, { tags: ["Secret"] });

  const same = await api("POST", "/tags", { auth: other, body: { name: "secret" } });
  assert.equal(same.status, 201, "names are unique per user only");
  assert.deepEqual(names((await api("GET", "/tags", { auth: other })).body.items), ["secret"]);

  const rename = await api("PATCH", `/tags/${tag.id}`, { auth: other, body: { name: "Mine" } });
  assert.equal(rename.status, 404);
  const del = await api("DELETE", `/tags/${tag.id}`, { auth: other });
  assert.equal(del.status, 404);
  const put = await api("PUT", `/prompts/${p.id}/tags`, { auth: other, body: { tags: ["x"] } });
  assert.equal(put.status, 404);
  assert.equal(put.body.error.code, "prompt_not_found");

  // Tagging your own prompt by the owner's tag name makes your own tag, never attaches theirs.
  const mine = await newPrompt(other);
  const tagged = await api("PUT", `/prompts/${mine.id}/tags`, {
    auth: other,
    body: { tags: ["SECRET"] },
  });
  assert.deepEqual(tagged.body.tags.map((t: { id: string }) => t.id), [same.body.id]);

  const ownerTags = await api("GET", "/tags", { auth: owner });
  assert.deepEqual(
    ownerTags.body.items.map((
      t: { name: string; prompt_count: number },
    ) => [t.name, t.prompt_count]),
    [["Secret", 1]],
  );
});

Deno.test("tags: every route refuses missing, expired and revoked credentials", async () => {
  const user = await newUser("tags-auth");
  const tag = (await api("POST", "/tags", { auth: user, body: { name: "t" } })).body;
  const p = await newPrompt(user);
  await assertRefusesBadCredentials(user, [
    { method: "GET", path: "/tags" },
    { method: "POST", path: "/tags", body: { name: "n" } },
    { method: "PATCH", path: `/tags/${tag.id}`, body: { name: "n" } },
    { method: "DELETE", path: `/tags/${tag.id}` },
    { method: "PUT", path: `/prompts/${p.id}/tags`, body: { tags: ["n"] } },
  ]);
  assert.deepEqual(names((await api("GET", "/tags", { auth: user })).body.items), ["t"]);
});
