// Key management needs a live, signed-in session. After a logout the access token still verifies
// until it expires, but it can no longer make API keys or change provider keys (its session_id
// is gone from auth.sessions, as GoTrue deletes it); and a Promptline API key can neither manage
// API keys nor change provider keys, so a leaked key cannot outlive its own revocation.
import assert from "node:assert/strict";
import { localEnv } from "../../../../dev/env.ts";
import { api, newUser, type TestUser } from "../../../../dev/testing.ts";
import { operations } from "../openapi_operations.ts";

const authUrl = `${localEnv.SUPABASE_URL}/auth/v1`;
const password = "correct-horse-42"; // dev/testing.ts signs users up with it

async function auth(path: string, init: RequestInit): Promise<Response> {
  const res = await fetch(`${authUrl}${path}`, {
    ...init,
    headers: {
      apikey: localEnv.SUPABASE_ANON_KEY ?? "",
      "content-type": "application/json",
      ...init.headers,
    },
  });
  return res;
}

/** A second session of the same user (another device), with its own access token. */
async function signIn(user: TestUser): Promise<TestUser> {
  const res = await auth("/token?grant_type=password", {
    method: "POST",
    body: JSON.stringify({ email: user.email, password }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  return { ...user, token: body.access_token };
}

async function logout(user: TestUser, scope: "global" | "local" | "others"): Promise<void> {
  const res = await auth(`/logout?scope=${scope}`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}` },
  });
  assert.equal(res.status, 204, await res.text());
}

const providerKey = () => `sk-test-${crypto.randomUUID().replaceAll("-", "")}`;

Deno.test("key management: after a global logout the old token makes no key and changes none", async () => {
  const user = await newUser("logout-keys");
  const stored = await api("PUT", "/provider-keys/openai", {
    auth: user,
    body: { key: providerKey() },
  });
  assert.equal(stored.status, 201, JSON.stringify(stored.body));

  await logout(user, "global");

  const made = await api("POST", "/api-keys", { auth: user, body: { name: "after logout" } });
  assert.equal(made.status, 401, JSON.stringify(made.body));
  assert.equal(made.body.error.code, "session_ended");
  const put = await api("PUT", "/provider-keys/openai", {
    auth: user,
    body: { key: providerKey() },
  });
  assert.equal(put.status, 401, JSON.stringify(put.body));
  assert.equal(put.body.error.code, "session_ended");
  const deleted = await api("DELETE", "/provider-keys/openai", { auth: user });
  assert.equal(deleted.status, 401, JSON.stringify(deleted.body));
  assert.equal(deleted.body.error.code, "session_ended");

  // Nothing was made or changed: a new session sees the one key it stored before.
  const again = await signIn(user);
  const keys = await api("GET", "/api-keys", { auth: again });
  assert.equal(keys.status, 200);
  assert.deepEqual(keys.body.items, [], "no API key was made");
  const providers = await api("GET", "/provider-keys", { auth: again });
  assert.equal(providers.body.items.length, 1, "the provider key is still there");
  assert.equal(providers.body.items[0].last4, stored.body.last4, "and unchanged");
  const fresh = await api("POST", "/api-keys", { auth: again, body: { name: "new session" } });
  assert.equal(fresh.status, 201, "a new session makes keys again");
});

Deno.test("key management: a local logout ends that session only", async () => {
  const user = await newUser("logout-local");
  const other = await signIn(user);
  await logout(user, "local");
  const ended = await api("POST", "/api-keys", { auth: user, body: { name: "ended" } });
  assert.equal(ended.status, 401, JSON.stringify(ended.body));
  assert.equal(ended.body.error.code, "session_ended");
  const live = await api("POST", "/api-keys", { auth: other, body: { name: "other session" } });
  assert.equal(live.status, 201, JSON.stringify(live.body));
  const put = await api("PUT", "/provider-keys/openai", {
    auth: other,
    body: { key: providerKey() },
  });
  assert.equal(put.status, 201, JSON.stringify(put.body));
});

// Every route that manages API keys, and every one that changes provider keys.
const sessionOnly = [
  "get /api/api-keys",
  "post /api/api-keys",
  "delete /api/api-keys/{id}",
  "put /api/provider-keys/{provider}",
  "delete /api/provider-keys/{provider}",
];

Deno.test("key management: a Promptline API key is refused on every key-management route", async () => {
  const doc = (await api("GET", "/openapi.json")).body;
  const managing = operations(doc)
    .filter((o) =>
      o.path.startsWith("/api/api-keys") ||
      (o.path.startsWith("/api/provider-keys") && o.method !== "get")
    )
    .map((o) => `${o.method} ${o.path}`);
  assert.deepEqual(managing.sort(), [...sessionOnly].sort(), "the list covers every such route");

  const user = await newUser("key-refused");
  const made = await api("POST", "/api-keys", { auth: user, body: { name: "script" } });
  assert.equal(made.status, 201);
  const key: string = made.body.key;
  const stored = await api("PUT", "/provider-keys/openai", {
    auth: user,
    body: { key: providerKey() },
  });
  assert.equal(stored.status, 201);

  const calls: [string, string, unknown?][] = [
    ["GET", "/api-keys"],
    ["POST", "/api-keys", { name: "child" }],
    ["DELETE", `/api-keys/${made.body.id}`],
    ["PUT", "/provider-keys/openai", { key: providerKey() }],
    ["DELETE", "/provider-keys/openai"],
  ];
  for (const [method, path, body] of calls) {
    for (const opts of [{ auth: key }, { headers: { "x-api-key": key } }]) {
      const res = await api(method, path, { ...opts, body });
      assert.equal(res.status, 403, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, "session_required", `${method} ${path}`);
    }
  }

  // Nothing changed, and the key still works where keys are meant to.
  const keys = await api("GET", "/api-keys", { auth: user });
  assert.deepEqual(keys.body.items.map((k: { revoked_at: unknown }) => k.revoked_at), [null]);
  const providers = await api("GET", "/provider-keys", { auth: user });
  assert.equal(providers.body.items[0].last4, stored.body.last4);
  assert.equal((await api("GET", "/provider-keys", { auth: key })).status, 200, "listing is fine");
  assert.equal((await api("GET", "/settings", { auth: key })).status, 200);
});
