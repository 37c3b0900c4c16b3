import assert from "node:assert/strict";
import { applyPatch } from "diff";
import { api, newUser } from "../../../../dev/testing.ts";
import { assertRefusesBadCredentials, blamedFields, newPrompt } from "./library_testing.ts";
import { MAX_EDIT_LENGTH, MAX_PATCH_CHARS } from "../version_diff.ts";

const vars = [{ name: "name", type: "string", required: true }];

Deno.test("versions: add, list newest first, read one, restore an old one", async () => {
  const user = await newUser("versions");
  const p = await newPrompt(user, {
    content: "Hello {{name}}.",
    variables: vars,
    model_config: { model: "m1", temperature: 0.5 },
  });
  const v1 = p.current_version;

  const v2 = await api("POST", `/prompts/${p.id}/versions`, {
    auth: user,
    body: { content: "Hello there, {{name}}.", summary: "warmer" },
  });
  assert.equal(v2.status, 201, JSON.stringify(v2.body));
  assert.equal(v2.body.version_number, 2);
  assert.equal(v2.body.source, "manual");
  assert.deepEqual(v2.body.variables, vars, "omitted variables carry over");
  assert.deepEqual(v2.body.model_config, { model: "m1", temperature: 0.5 }, "so does the config");

  const v3 = await api("POST", `/prompts/${p.id}/versions`, {
    auth: user,
    body: {
      content: "Hi {{name}}, in {{lang}}.",
      variables: [...vars, { name: "lang", type: "enum", options: ["en", "fr"], default: "en" }],
      model_config: {},
      source: "improve",
    },
  });
  assert.equal(v3.status, 201);
  assert.equal(v3.body.version_number, 3);
  assert.equal(v3.body.source, "improve");
  assert.deepEqual(v3.body.model_config, {}, "an explicit empty config is kept");

  const detail = await api("GET", `/prompts/${p.id}`, { auth: user });
  assert.equal(detail.body.current_version.id, v3.body.id, "the newest version is current");
  assert.equal(detail.body.version_count, 3);

  const listed = await api("GET", `/prompts/${p.id}/versions`, { auth: user });
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.items.map((v: { version_number: number }) => v.version_number), [
    3,
    2,
    1,
  ]);
  assert.deepEqual(listed.body.items.map((v: { is_current: boolean }) => v.is_current), [
    true,
    false,
    false,
  ]);
  assert.equal(listed.body.items[2].content_preview, "Hello {{name}}.");
  assert.equal(listed.body.items[2].content_chars, 15);
  assert.equal("content" in listed.body.items[0], false, "the list leaves full content out");

  const one = await api("GET", `/prompts/${p.id}/versions/${v1.id}`, { auth: user });
  assert.equal(one.status, 200);
  assert.deepEqual(one.body, v1);

  const restored = await api("POST", `/prompts/${p.id}/versions/${v1.id}/restore`, { auth: user });
  assert.equal(restored.status, 201, JSON.stringify(restored.body));
  assert.equal(restored.body.version_number, 4);
  assert.equal(restored.body.source, "restore");
  assert.equal(restored.body.restored_from_version, 1);
  assert.equal(restored.body.content, v1.content);
  assert.deepEqual(restored.body.variables, v1.variables);
  assert.deepEqual(restored.body.model_config, v1.model_config);
  const after = await api("GET", `/prompts/${p.id}`, { auth: user });
  assert.equal(after.body.current_version.id, restored.body.id);
  assert.equal(after.body.version_count, 4, "restoring adds a version, history stays");
});

Deno.test("versions: diff by numbers or ids gives line and word parts, hunks, a patch and the changed fields", async () => {
  const user = await newUser("versions-diff");
  const p = await newPrompt(user, {
    content: "You are a helpful assistant.\nAnswer briefly.\nSign as Bot.\n",
    variables: vars,
  });
  const v2 = (await api("POST", `/prompts/${p.id}/versions`, {
    auth: user,
    body: { content: "You are a helpful assistant.\nAnswer very briefly.\nSign as Bot.\n" },
  })).body;

  const byNumber = await api("GET", `/prompts/${p.id}/diff?from=1&to=2`, { auth: user });
  assert.equal(byNumber.status, 200, JSON.stringify(byNumber.body));
  const d = byNumber.body;
  assert.deepEqual(d.from, { id: p.current_version.id, version_number: 1 });
  assert.deepEqual(d.to, { id: v2.id, version_number: 2 });
  assert.deepEqual(d.changed, ["content"], "variables carried over, so only content changed");
  assert.deepEqual(
    d.lines.filter((x: { removed: boolean }) => x.removed).map((x: { value: string }) => x.value),
    [
      "Answer briefly.\n",
    ],
  );
  assert.deepEqual(
    d.lines.filter((x: { added: boolean }) => x.added).map((x: { value: string }) => x.value),
    [
      "Answer very briefly.\n",
    ],
  );
  assert.deepEqual(
    d.words.filter((x: { added: boolean }) => x.added).map((x: { value: string }) =>
      x.value.trim()
    ),
    ["very"],
  );
  assert.equal(d.hunks.length, 1);
  assert.deepEqual(d.hunks[0].lines, [
    " You are a helpful assistant.",
    "-Answer briefly.",
    "+Answer very briefly.",
    " Sign as Bot.",
  ]);
  assert.equal(applyPatch(p.current_version.content, d.patch), v2.content);
  assert.equal(d.approximate, false);

  const byId = await api("GET", `/prompts/${p.id}/diff?from=${p.current_version.id}&to=${v2.id}`, {
    auth: user,
  });
  assert.equal(byId.status, 200);
  assert.deepEqual(byId.body, d, "ids and numbers name the same versions");

  const v3 = (await api("POST", `/prompts/${p.id}/versions`, {
    auth: user,
    body: { content: v2.content, variables: [], model_config: { temperature: 1 } },
  })).body;
  const fields = await api("GET", `/prompts/${p.id}/diff?from=2&to=${v3.id}`, { auth: user });
  assert.deepEqual(fields.body.changed, ["variables", "model_config"]);
  assert.deepEqual(fields.body.hunks, []);
  assert.ok(fields.body.variables.some((x: { removed: boolean }) => x.removed));

  const backwards = await api("GET", `/prompts/${p.id}/diff?from=3&to=1`, { auth: user });
  assert.equal(backwards.status, 200);
  assert.deepEqual(backwards.body.changed, ["content", "variables", "model_config"]);
  const same = await api("GET", `/prompts/${p.id}/diff?from=2&to=2`, { auth: user });
  assert.deepEqual(same.body.changed, []);
});

Deno.test("versions: the list pages newest first without gaps or repeats", async () => {
  const user = await newUser("versions-page");
  const p = await newPrompt(user, { content: "v1" });
  for (let i = 2; i <= 5; i++) {
    const res = await api("POST", `/prompts/${p.id}/versions`, {
      auth: user,
      body: { content: `v${i}` },
    });
    assert.equal(res.status, 201);
  }
  const seen: number[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
    const res = await api("GET", `/prompts/${p.id}/versions${q}`, { auth: user });
    assert.equal(res.status, 200);
    assert.ok(res.body.items.length <= 2);
    seen.push(...res.body.items.map((v: { version_number: number }) => v.version_number));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, [5, 4, 3, 2, 1]);
  const bad = await api("GET", `/prompts/${p.id}/versions?cursor=garbage`, { auth: user });
  assert.equal(bad.status, 422);
  assert.deepEqual(blamedFields(bad.body), ["cursor"]);
  const forged = btoa(JSON.stringify(["x"]));
  assert.equal(
    (await api("GET", `/prompts/${p.id}/versions?cursor=${forged}`, { auth: user })).status,
    422,
  );
});

Deno.test("versions: bad input is a 4xx naming the field; unknown ids are 404", async () => {
  const user = await newUser("versions-bad");
  const p = await newPrompt(user);
  const other = await newPrompt(user, { title: "Other prompt" });
  const path = `/prompts/${p.id}/versions`;

  const cases: [Record<string, unknown>, string[]][] = [
    [{}, ["content"]],
    [{ content: 1 }, ["content"]],
    [{ content: "c", source: "restore" }, ["source"]],
    [{ content: "c", source: "import" }, ["source"]],
    [{ content: "c", title: "no" }, ["json"]],
    [{ content: "c", summary: 5 }, ["summary"]],
    [{ content: "c", variables: [{ name: "ok", type: "boolean", default: "true" }] }, [
      "variables.0.default",
    ]],
    [{ content: "c", variables: [{ type: "string" }] }, ["variables.0.name"]],
    [{ content: "c", model_config: { temperature: -1 } }, ["model_config.temperature"]],
    [{ content: "c", model_config: "fast" }, ["model_config"]],
  ];
  for (const [body, fields] of cases) {
    const res = await api("POST", path, { auth: user, body });
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.deepEqual(blamedFields(res.body).sort(), fields, JSON.stringify(body));
  }
  const huge = await api("POST", path, { auth: user, body: { content: "y".repeat(100_001) } });
  assert.equal(huge.status, 413);
  assert.equal(huge.body.error.code, "too_large");
  assert.deepEqual(blamedFields(huge.body), ["content"]);
  const malformed = await api("POST", path, { auth: user, rawBody: "{content:" });
  assert.equal(malformed.status, 400);
  const listed = await api("GET", path, { auth: user });
  assert.equal(listed.body.items.length, 1, "no bad request added a version");

  const unknownPrompt = crypto.randomUUID();
  for (
    const [method, p2, body] of [
      ["GET", `/prompts/${unknownPrompt}/versions`, undefined],
      ["POST", `/prompts/${unknownPrompt}/versions`, { content: "c" }],
      ["GET", `/prompts/${unknownPrompt}/diff?from=1&to=1`, undefined],
    ] as const
  ) {
    const res = await api(method, p2, { auth: user, body });
    assert.equal(res.status, 404, `${method} ${p2}`);
    assert.equal(res.body.error.code, "prompt_not_found");
  }

  const v1 = p.current_version.id;
  const otherV1 = other.current_version.id;
  for (
    const [method, p2] of [
      ["GET", `${path}/${crypto.randomUUID()}`],
      ["POST", `${path}/${crypto.randomUUID()}/restore`],
      // A real version, but of another prompt: not found under this one.
      ["GET", `${path}/${otherV1}`],
      ["POST", `${path}/${otherV1}/restore`],
    ] as const
  ) {
    const res = await api(method, p2, { auth: user });
    assert.equal(res.status, 404, `${method} ${p2}`);
    assert.equal(res.body.error.code, "version_not_found");
  }
  assert.equal((await api("GET", `${path}/nope`, { auth: user })).status, 422);
  assert.equal((await api("POST", `${path}/nope/restore`, { auth: user })).status, 422);
  assert.equal((await api("GET", `/prompts/${p.id}`, { auth: user })).body.version_count, 1);

  for (
    const [q, field] of [
      ["to=1", "from"],
      ["from=1", "to"],
      ["from=0&to=1", "from"],
      ["from=1&to=abc", "to"],
      ["from=1.5&to=1", "from"],
    ] as const
  ) {
    const res = await api("GET", `/prompts/${p.id}/diff?${q}`, { auth: user });
    assert.equal(res.status, 422, q);
    assert.ok(blamedFields(res.body).includes(field), `${q}: ${JSON.stringify(res.body)}`);
  }
  for (
    const [q, field] of [
      ["from=1&to=9", "to"],
      [`from=${otherV1}&to=${v1}`, "from"],
    ]
  ) {
    const res = await api("GET", `/prompts/${p.id}/diff?${q}`, { auth: user });
    assert.equal(res.status, 404, q);
    assert.equal(res.body.error.code, "version_not_found");
    assert.deepEqual(blamedFields(res.body), [field]);
  }
});

Deno.test("versions: another user's prompt and versions are 404 on every route", async () => {
  const owner = await newUser("versions-owner");
  const other = await newUser("versions-other");
  const p = await newPrompt(owner);
  const vid = p.current_version.id;
  for (
    const [method, path, body] of [
      ["GET", `/prompts/${p.id}/versions`, undefined],
      ["POST", `/prompts/${p.id}/versions`, { content: "hijack" }],
      ["GET", `/prompts/${p.id}/versions/${vid}`, undefined],
      ["POST", `/prompts/${p.id}/versions/${vid}/restore`, undefined],
      ["GET", `/prompts/${p.id}/diff?from=1&to=1`, undefined],
      ["GET", `/prompts/${p.id}/diff?from=${vid}&to=${vid}`, undefined],
    ] as const
  ) {
    const res = await api(method, path, { auth: other, body });
    assert.equal(res.status, 404, `${method} ${path}: ${JSON.stringify(res.body)}`);
  }
  // The other user's own prompt cannot reach the owner's version either.
  const theirs = await newPrompt(other);
  const cross = await api("POST", `/prompts/${theirs.id}/versions/${vid}/restore`, { auth: other });
  assert.equal(cross.status, 404);
  const diff = await api("GET", `/prompts/${theirs.id}/diff?from=1&to=${vid}`, { auth: other });
  assert.equal(diff.status, 404);
  const still = await api("GET", `/prompts/${p.id}`, { auth: owner });
  assert.equal(still.body.version_count, 1);
});

Deno.test("versions: every route refuses missing, expired and revoked credentials", async () => {
  const user = await newUser("versions-auth");
  const p = await newPrompt(user);
  const vid = p.current_version.id;
  await assertRefusesBadCredentials(user, [
    { method: "GET", path: `/prompts/${p.id}/versions` },
    { method: "POST", path: `/prompts/${p.id}/versions`, body: { content: "c" } },
    { method: "GET", path: `/prompts/${p.id}/versions/${vid}` },
    { method: "POST", path: `/prompts/${p.id}/versions/${vid}/restore` },
    { method: "GET", path: `/prompts/${p.id}/diff?from=1&to=1` },
  ]);
  assert.equal((await api("GET", `/prompts/${p.id}`, { auth: user })).body.version_count, 1);
});

// About `chars` characters of prose in lines of about 80, and the same with `k` words edited,
// spread evenly over it.
const WORDS = "the model should answer briefly and cite each source it uses".split(" ");
function prose(chars: number): string {
  const words: string[] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    const w = WORDS[(i * 7 + (i >> 3)) % WORDS.length] ?? "x";
    words.push(i % 12 === 11 ? `${w}\n` : w);
    n += w.length + 1;
  }
  return words.join(" ").slice(0, chars);
}
function scatter(text: string, k: number): string {
  const words = text.split(" ");
  const step = Math.floor(words.length / k);
  for (let i = 0; i < k; i++) {
    const at = i * step + (step >> 1);
    words[at] = (words[at] ?? "").toUpperCase(); // the same length: still within the content cap
  }
  return words.join(" ");
}

Deno.test("versions: a diff past its bounds is a 422 diff_too_large naming the limit; a moderate one works", async () => {
  const user = await newUser("versions-diff-large");
  const big = prose(100_000);
  const p = await newPrompt(user, { content: big });
  const v2 = await api("POST", `/prompts/${p.id}/versions`, {
    auth: user,
    body: { content: scatter(big, 2_000) },
  });
  assert.equal(v2.status, 201, JSON.stringify(v2.body));

  for (const attempt of ["computed", "remembered"]) {
    const res = await api("GET", `/prompts/${p.id}/diff?from=1&to=2`, { auth: user });
    assert.equal(res.status, 422, `${attempt}: ${JSON.stringify(res.body).slice(0, 300)}`);
    assert.equal(res.body.error.code, "diff_too_large");
    assert.match(res.body.error.message, /over the limit of 100000/);
    const details = res.body.error.details;
    assert.equal(details.reason, "patch_too_large");
    assert.ok(details.patch_chars > MAX_PATCH_CHARS);
    assert.equal(details.limits.max_patch_chars, MAX_PATCH_CHARS);
    assert.deepEqual(details.limits.max_edit_length, MAX_EDIT_LENGTH);
    assert.deepEqual(details.from, { id: p.current_version.id, version_number: 1 });
    assert.deepEqual(details.to, { id: v2.body.id, version_number: 2 });
    assert.equal(res.headers.get("etag"), null, "a refusal carries no ETag");
    // What still works: both versions, read in full.
    const read = await Promise.all(
      details.versions.map((path: string) => api("GET", path, { auth: user })),
    );
    assert.deepEqual(read.map((r) => [r.status, r.body.content]), [
      [200, big],
      [200, v2.body.content],
    ]);
  }

  // A moderate change of the same large version is an exact diff.
  const v3 = await api("POST", `/prompts/${p.id}/versions`, {
    auth: user,
    body: { content: scatter(big, 20) },
  });
  assert.equal(v3.status, 201);
  const ok = await api("GET", `/prompts/${p.id}/diff?from=1&to=3`, { auth: user });
  assert.equal(ok.status, 200, JSON.stringify(ok.body).slice(0, 300));
  assert.equal(ok.body.approximate, false);
  assert.equal(
    ok.body.words.filter((x: { added: boolean }) => x.added).length,
    20,
    "each edited word, and nothing else",
  );
  assert.equal(applyPatch(big, ok.body.patch), v3.body.content);
});

Deno.test("versions: a diff is cached by its pair: the same body, an ETag, 304 on If-None-Match; never for another user", async () => {
  const owner = await newUser("versions-diff-cache");
  const other = await newUser("versions-diff-cache-other");
  const p = await newPrompt(owner, { content: "One.\nTwo.\nThree.\n" });
  const v2 = (await api("POST", `/prompts/${p.id}/versions`, {
    auth: owner,
    body: { content: "One.\nTwo, changed.\nThree.\n" },
  })).body;
  const path = `/prompts/${p.id}/diff?from=1&to=2`;

  const first = await api("GET", path, { auth: owner });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const etag = first.headers.get("etag");
  assert.ok(etag, "an ETag");
  assert.match(etag, /^"[^"]+"$/, "a strong ETag");
  const cacheControl = first.headers.get("cache-control") ?? "";
  assert.match(cacheControl, /\bprivate\b/);
  assert.match(cacheControl, /\bmax-age=\d+/);
  assert.match(cacheControl, /\bimmutable\b/);
  assert.equal(first.headers.get("content-type"), "application/json; charset=utf-8");

  // By numbers or by ids, the same pair: the same body and the same ETag.
  const again = await api("GET", `/prompts/${p.id}/diff?from=${p.current_version.id}&to=${v2.id}`, {
    auth: owner,
  });
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, first.body);
  assert.equal(again.headers.get("etag"), etag);
  const reversed = await api("GET", `/prompts/${p.id}/diff?from=2&to=1`, { auth: owner });
  assert.equal(reversed.status, 200);
  assert.notEqual(reversed.headers.get("etag"), etag, "from 2 to 1 is another diff");

  for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`]) {
    const notModified = await api("GET", path, {
      auth: owner,
      headers: { "if-none-match": ifNoneMatch },
    });
    assert.equal(notModified.status, 304, ifNoneMatch);
    assert.equal(notModified.body, null, "no body");
    assert.equal(notModified.headers.get("etag"), etag);
  }
  const stale = await api("GET", path, { auth: owner, headers: { "if-none-match": '"other"' } });
  assert.equal(stale.status, 200);
  assert.deepEqual(stale.body, first.body);

  // Another user gets neither the cached diff nor a 304, even naming its ETag.
  for (const headers of [{}, { "if-none-match": etag }] as Record<string, string>[]) {
    const res = await api("GET", path, { auth: other, headers });
    assert.equal(res.status, 404, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "prompt_not_found");
    assert.equal(res.headers.get("etag"), null);
  }
  const theirs = await newPrompt(other);
  const cross = await api(
    "GET",
    `/prompts/${theirs.id}/diff?from=${p.current_version.id}&to=${v2.id}`,
    { auth: other, headers: { "if-none-match": etag } },
  );
  assert.equal(cross.status, 404, "the owner's versions under another user's prompt");
  assert.equal(cross.body.error.code, "version_not_found");
});
