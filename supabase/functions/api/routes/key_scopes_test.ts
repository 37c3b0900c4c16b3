// Scoped API keys (issue 19): every refusal of a key beyond its scope is a 403 naming the
// missing scope; a key restricted to listed prompts reaches only those; the admin scope is for
// admins; sessions are not scoped.
import assert from "node:assert/strict";
import OpenAI from "openai";
import { api, apiUrl, newUser, type TestUser } from "../../../../dev/testing.ts";
import { newPrompt } from "./library_testing.ts";
import { adminSql } from "../run/testing.ts";
import { addressedPrompt, requiredScope } from "../key_scope.ts";

const variables = [{ name: "name", type: "string", default: "you" }];

async function keyWith(user: TestUser, body: Record<string, unknown>): Promise<string> {
  const res = await api("POST", "/api-keys", { auth: user, body: { name: "scoped", ...body } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.key;
}

Deno.test("key scopes: each scope's routes refuse a key without it, naming the scope", async () => {
  const user = await newUser("scopes");
  const name = `scoped-${crypto.randomUUID().slice(0, 8)}`;
  const prompt = await newPrompt(user, { name, content: "Hi {{name}}", variables });
  const readOnly = await keyWith(user, { scopes: ["read"] });
  const runOnly = await keyWith(user, { scopes: ["run"] });
  const writeOnly = await keyWith(user, { scopes: ["write"] });

  const calls: [string, string, unknown, "read" | "run" | "write"][] = [
    ["GET", "/prompts", undefined, "read"],
    ["GET", `/prompts/${prompt.id}`, undefined, "read"],
    ["GET", `/prompts/by-name/${name}`, undefined, "read"],
    ["GET", "/runs", undefined, "read"],
    ["GET", "/usage", undefined, "read"],
    ["POST", `/prompts/${prompt.id}/runs`, { variables: { name: "x" } }, "run"],
    ["POST", `/prompts/by-name/${name}/render`, { variables: { name: "x" } }, "run"],
    ["POST", `/prompts/by-name/${name}/runs`, { variables: { name: "x" } }, "run"],
    ["POST", "/prompts", { title: "New", content: "x" }, "write"],
    ["PATCH", `/prompts/${prompt.id}`, { title: "Renamed" }, "write"],
    ["POST", `/prompts/${prompt.id}/versions`, { content: "v2" }, "write"],
    ["PUT", `/prompts/${prompt.id}/labels/production`, { version_number: 1 }, "write"],
  ];
  const keys = { read: readOnly, run: runOnly, write: writeOnly };
  for (const [method, path, body, scope] of calls) {
    for (const [has, key] of Object.entries(keys)) {
      const res = await api(method, path, { auth: key, body });
      if (has === scope) {
        assert.ok(
          res.status < 300,
          `${method} ${path} with ${has}: ${res.status} ${JSON.stringify(res.body)}`,
        );
      } else {
        assert.equal(res.status, 403, `${method} ${path} with ${has}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, "insufficient_scope");
        assert.equal(res.body.error.details.required_scope, scope);
        assert.match(res.body.error.message, new RegExp(`lacks the ${scope} scope`));
      }
    }
  }
  // The OpenAI-compatible endpoint needs run, and says so in OpenAI's shape.
  await assert.rejects(
    () =>
      new OpenAI({ baseURL: `${apiUrl}/v1`, apiKey: readOnly, maxRetries: 0 }).chat.completions
        .create({ model: `prompt:${name}`, messages: [] }),
    (e) => e instanceof OpenAI.PermissionDeniedError && e.code === "insufficient_scope",
  );
  const listed = await api("GET", "/api-keys", { auth: user });
  assert.deepEqual(
    listed.body.items.map((k: { scopes: string[] }) => k.scopes).sort(),
    [["read"], ["run"], ["write"]],
  );
});

Deno.test("key scopes: a key restricted to listed prompts reaches only those", async () => {
  const user = await newUser("restricted");
  const mine = await newPrompt(user, {
    name: `allowed-${crypto.randomUUID().slice(0, 8)}`,
    variables,
  });
  const other = await newPrompt(user, {
    name: `other-${crypto.randomUUID().slice(0, 8)}`,
    variables,
  });
  const key = await keyWith(user, { scopes: ["read", "run"], prompt_ids: [mine.id] });

  assert.equal((await api("GET", `/prompts/${mine.id}`, { auth: key })).status, 200);
  assert.equal((await api("GET", `/prompts/by-name/${mine.name}`, { auth: key })).status, 200);
  const ran = await api("POST", `/prompts/by-name/${mine.name}/runs`, {
    auth: key,
    body: { variables: { name: "x" } },
  });
  assert.equal(ran.status, 201, JSON.stringify(ran.body));
  for (
    const [method, path] of [
      ["GET", `/prompts/${other.id}`],
      ["GET", `/prompts/by-name/${other.name}`],
      ["POST", `/prompts/${other.id}/runs`],
      ["GET", "/prompts"],
      ["GET", "/export"],
    ] as const
  ) {
    const res = await api(method, path, { auth: key, body: method === "POST" ? {} : undefined });
    assert.equal(res.status, 403, `${method} ${path}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, "prompt_not_allowed");
  }
  const client = new OpenAI({ baseURL: `${apiUrl}/v1`, apiKey: key, maxRetries: 0 });
  const ok = await client.chat.completions.create({ model: `prompt:${mine.name}`, messages: [] });
  assert.equal(ok.object, "chat.completion");
  await assert.rejects(
    () => client.chat.completions.create({ model: `prompt:${other.name}`, messages: [] }),
    (e) => e instanceof OpenAI.PermissionDeniedError && e.code === "prompt_not_allowed",
  );
  await assert.rejects(
    () =>
      client.chat.completions.create({
        model: "gpt-4o-mini",
        messages: [{ role: "user", content: "x" }],
      }),
    (e) => e instanceof OpenAI.PermissionDeniedError,
    "a restricted key runs no plain model",
  );

  const stranger = await newUser("restricted-other");
  const foreign = await api("POST", "/api-keys", {
    auth: stranger,
    body: { name: "x", prompt_ids: [mine.id] },
  });
  assert.equal(foreign.status, 404, "a key cannot list someone else's prompt");
});

Deno.test("key scopes: the admin scope is an admin's, and an admin's key needs it for the admin area", async () => {
  const user = await newUser("scope-admin");
  const refused = await api("POST", "/api-keys", {
    auth: user,
    body: { name: "x", scopes: ["admin"] },
  });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, "admin_scope_forbidden");

  const sql = adminSql();
  try {
    await sql`update public.profiles set role = 'admin' where id = ${user.id}`;
    const plain = await keyWith(user, { scopes: ["read"] });
    const admin = await keyWith(user, { scopes: ["read", "admin"] });
    const without = await api("GET", "/admin/dashboard", { auth: plain });
    assert.equal(without.status, 403);
    assert.equal(without.body.error.details.required_scope, "admin");
    const withIt = await api("GET", "/admin/dashboard", { auth: admin });
    assert.equal(withIt.status, 200, JSON.stringify(withIt.body));
  } finally {
    await sql`delete from auth.users where id = ${user.id}`;
    await sql.end();
  }
});

Deno.test("key scopes: which scope a request needs, and which prompt it addresses", () => {
  assert.equal(requiredScope("GET", "/api/prompts"), "read");
  assert.equal(requiredScope("GET", "/api/v1/models"), "read");
  assert.equal(requiredScope("POST", "/api/v1/chat/completions"), "run");
  assert.equal(requiredScope("POST", "/api/prompts/by-name/x/render"), "run");
  assert.equal(requiredScope("POST", "/api/runs/abc/cancel"), "run");
  assert.equal(requiredScope("DELETE", "/api/prompts/abc"), "write");
  assert.equal(requiredScope("GET", "/api/admin/users"), "admin");
  const id = crypto.randomUUID();
  assert.deepEqual(addressedPrompt(`/api/prompts/${id}/runs`, null), { id });
  assert.deepEqual(addressedPrompt("/api/prompts/by-name/a-b/render", null), { name: "a-b" });
  assert.deepEqual(addressedPrompt("/api/v1/chat/completions", { model: "prompt:a@prod" }), {
    name: "a",
  });
  assert.equal(addressedPrompt("/api/v1/chat/completions", { model: "gpt-4o" }), null);
  assert.equal(addressedPrompt("/api/prompts", null), null);
});
