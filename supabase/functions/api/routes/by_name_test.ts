import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { blamedFields, createApiKey, newPrompt } from "./library_testing.ts";

Deno.test("by name: fetch by label with an ETag and a 304; moving the label changes the next fetch; runs by name@label record the version", async () => {
  const user = await newUser("apps");
  const name = `support-reply-${crypto.randomUUID().slice(0, 8)}`;
  const prompt = await newPrompt(user, {
    title: "Support reply",
    name,
    content: "Answer {{customer}} kindly.",
    variables: [{ name: "customer", type: "string", required: true }],
  });
  assert.equal(prompt.name, name);
  const v2 = await api("POST", `/prompts/${prompt.id}/versions`, {
    auth: user,
    body: { content: "Answer {{customer}} kindly and briefly." },
  });
  assert.equal(v2.status, 201);

  const moved = await api("PUT", `/prompts/${prompt.id}/labels/production`, {
    auth: user,
    body: { version_number: 1 },
  });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.version_number, 1);

  const first = await api("GET", `/prompts/by-name/${name}?label=production`, { auth: user });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.version_number, 1);
  assert.equal(first.body.content, "Answer {{customer}} kindly.");
  assert.deepEqual(first.body.variables, [{ name: "customer", type: "string", required: true }]);
  const etag = first.headers.get("etag")!;
  assert.ok(etag, "an ETag");
  assert.match(first.headers.get("cache-control")!, /no-cache/);
  const cached = await api("GET", `/prompts/by-name/${name}?label=production`, {
    auth: user,
    headers: { "if-none-match": etag },
  });
  assert.equal(cached.status, 304, "revalidated: not modified");
  const latest = await api("GET", `/prompts/by-name/${name}`, { auth: user });
  assert.equal(latest.body.version_number, 2, "latest is the current version");
  assert.notEqual(latest.headers.get("etag"), etag);

  await api("PUT", `/prompts/${prompt.id}/labels/production`, {
    auth: user,
    body: { version_number: 2 },
  });
  const after = await api("GET", `/prompts/by-name/${name}?label=production`, {
    auth: user,
    headers: { "if-none-match": etag },
  });
  assert.equal(after.status, 200, "the label moved: the old ETag no longer matches");
  assert.equal(after.body.version_number, 2);

  // Roll back, then run by name@label: the run records the label and the version it resolved to.
  await api("PUT", `/prompts/${prompt.id}/labels/production`, {
    auth: user,
    body: { version_number: 1 },
  });
  const run = await api("POST", `/prompts/by-name/${name}/runs?label=production`, {
    auth: user,
    body: { variables: { customer: "Ann" } },
  });
  assert.equal(run.status, 201, JSON.stringify(run.body));
  assert.equal(run.body.label, "production");
  assert.equal(run.body.version_id, first.body.version_id, "production resolved to version 1");
  assert.equal(run.body.status, "success");
  assert.match(run.body.resolved_prompt, /^Answer Ann kindly\./);

  const history = await api("GET", `/prompts/${prompt.id}/labels/history?label=production`, {
    auth: user,
  });
  assert.equal(history.status, 200);
  assert.deepEqual(
    history.body.items.map((
      m: { from_version_number: number | null; to_version_number: number },
    ) => [
      m.from_version_number,
      m.to_version_number,
    ]),
    [[2, 1], [1, 2], [null, 1]],
    "every move, newest first, with who and when",
  );
  assert.equal(history.body.items[0].moved_by, user.id);

  const twin = await api("POST", "/prompts", {
    auth: user,
    body: { title: "Twin", name, content: "x" },
  });
  assert.equal(twin.status, 409, "names are unique per user");
  assert.equal(twin.body.error.code, "prompt_name_taken");
  assert.deepEqual(twin.body.error.details.fields.map((f: { field: string }) => f.field), ["name"]);
  const other = await newPrompt(user, { title: "Other" });
  const renamed = await api("PATCH", `/prompts/${other.id}`, { auth: user, body: { name } });
  assert.equal(renamed.status, 409);
  assert.equal(renamed.body.error.code, "prompt_name_taken");

  const noLabel = await api("GET", `/prompts/by-name/${name}?label=staging`, { auth: user });
  assert.equal(noLabel.status, 404);
  assert.equal(noLabel.body.error.code, "label_not_found");
  const noRunLabel = await api("POST", `/prompts/by-name/${name}/runs?label=staging`, {
    auth: user,
    body: { variables: { customer: "Ann" } },
  });
  assert.equal(noRunLabel.status, 404);
  assert.equal(noRunLabel.body.error.code, "label_not_found");
  const latestReserved = await api("PUT", `/prompts/${prompt.id}/labels/latest`, {
    auth: user,
    body: { version_number: 1 },
  });
  assert.equal(latestReserved.status, 422);
  assert.equal(latestReserved.body.error.code, "label_reserved");
});

Deno.test("by name: render checks the variables like a run (a 422 per variable) and calls no model", async () => {
  const user = await newUser("render");
  const name = `render-${crypto.randomUUID().slice(0, 8)}`;
  await newPrompt(user, {
    title: "Render me",
    name,
    content: "Write {{count}} {{tone}} lines about {{topic}}.",
    variables: [
      { name: "count", type: "number", required: true },
      { name: "tone", type: "enum", options: ["warm", "dry"], default: "warm" },
      { name: "topic", type: "string", required: true },
    ],
  });
  const ok = await api("POST", `/prompts/by-name/${name}/render`, {
    auth: user,
    body: { variables: { count: 3, topic: "tea" } },
  });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.text, "Write 3 warm lines about tea.");
  assert.deepEqual(ok.body.variables, { count: 3, tone: "warm", topic: "tea" });
  assert.equal((await api("GET", "/runs", { auth: user })).body.items.length, 0, "no run");

  const bad = await api("POST", `/prompts/by-name/${name}/render`, {
    auth: user,
    body: { variables: { count: "three", tone: "loud", extra: 1 } },
  });
  assert.equal(bad.status, 422);
  assert.deepEqual(blamedFields(bad.body).sort(), [
    "variables.count",
    "variables.extra",
    "variables.tone",
    "variables.topic",
  ]);

  const chat = await newPrompt(user, {
    title: "Chat",
    name: `${name}-chat`,
    content: undefined,
    messages: [
      { role: "system", content: "You are {{persona}}." },
      { role: "user", content: "Hello" },
    ],
    variables: [{ name: "persona", type: "string", required: true }],
  });
  assert.equal(chat.current_version.content, "[system]\nYou are {{persona}}.\n\n[user]\nHello");
  const rendered = await api("POST", `/prompts/by-name/${name}-chat/render`, {
    auth: user,
    body: { variables: { persona: "a pirate" } },
  });
  assert.equal(rendered.body.type, "chat");
  assert.deepEqual(rendered.body.messages, [
    { role: "system", content: "You are a pirate." },
    { role: "user", content: "Hello" },
  ]);
  const both = await api("POST", "/prompts", {
    auth: user,
    body: { title: "Both", content: "x", messages: [{ role: "user", content: "y" }] },
  });
  assert.equal(both.status, 422, "content or messages, not both");
});

Deno.test("by name: another user's names and labels are a 404, with a JWT and with an API key", async () => {
  const owner = await newUser("owner");
  const other = await newUser("other");
  const otherKey = (await createApiKey(other)).key;
  const name = `secret-${crypto.randomUUID().slice(0, 8)}`;
  const prompt = await newPrompt(owner, { name, content: "Hi {{name}}" });
  await api("PUT", `/prompts/${prompt.id}/labels/production`, {
    auth: owner,
    body: { version_number: 1 },
  });
  for (const auth of [other, otherKey]) {
    for (
      const [method, path, body] of [
        ["GET", `/prompts/by-name/${name}?label=production`, undefined],
        ["POST", `/prompts/by-name/${name}/render`, { variables: {} }],
        ["POST", `/prompts/by-name/${name}/runs?label=production`, { variables: { name: "x" } }],
        ["GET", `/prompts/${prompt.id}/labels`, undefined],
        ["PUT", `/prompts/${prompt.id}/labels/production`, { version_number: 1 }],
        ["DELETE", `/prompts/${prompt.id}/labels/production`, undefined],
        ["GET", `/prompts/${prompt.id}/labels/history`, undefined],
      ] as const
    ) {
      const res = await api(method, path, { auth, body });
      assert.equal(res.status, 404, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, "prompt_not_found");
    }
  }
  const still = await api("GET", `/prompts/by-name/${name}?label=production`, { auth: owner });
  assert.equal(still.body.version_number, 1, "nothing moved");
});

Deno.test("chat prompts: search, diff, export and import handle them like text prompts", async () => {
  const user = await newUser("chat-io");
  const marker = `zq${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const chat = await newPrompt(user, {
    title: "Chat io",
    content: undefined,
    messages: [
      { role: "system", content: `You are a ${marker} assistant.` },
      { role: "user", content: "Help with {{task}}." },
    ],
    variables: [{ name: "task", type: "string" }],
    response_format: { name: "answer", schema: { type: "object" } },
  });
  const found = await api("GET", `/search?q=${marker}`, { auth: user });
  assert.deepEqual(
    found.body.items.map((i: { id: string }) => i.id),
    [chat.id],
    "found by a message",
  );

  const v2 = await api("POST", `/prompts/${chat.id}/versions`, {
    auth: user,
    body: { messages: [{ role: "user", content: "Only help with {{task}}." }] },
  });
  assert.equal(v2.status, 201, JSON.stringify(v2.body));
  const diff = await api(
    "GET",
    `/prompts/${chat.id}/diff?from=${chat.current_version.id}&to=${v2.body.id}`,
    { auth: user },
  );
  assert.equal(diff.status, 200, JSON.stringify(diff.body));
  assert.ok(diff.body.changed.includes("content"), "the written-out messages differ");

  const doc = (await api("GET", "/export", { auth: user })).body;
  const exported = doc.prompts.find((p: { title: string }) => p.title === "Chat io");
  assert.equal(exported.name, chat.name);
  assert.deepEqual(exported.versions[0].messages, chat.current_version.messages);
  assert.deepEqual(exported.versions[0].response_format, {
    name: "answer",
    schema: { type: "object" },
  });

  const other = await newUser("chat-io-import");
  const imported = await api("POST", "/import", { auth: other, body: doc });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  const fetched = await api("GET", `/prompts/by-name/${chat.name}?version=1`, { auth: other });
  assert.equal(fetched.status, 200, JSON.stringify(fetched.body));
  assert.equal(fetched.body.type, "chat");
  assert.deepEqual(fetched.body.messages, chat.current_version.messages);
  assert.deepEqual(fetched.body.response_format, { name: "answer", schema: { type: "object" } });
});
