// Integration tests against the running stack: providers, and users' own keys stored encrypted.
import assert from "node:assert/strict";
import { adminSql } from "../run/testing.ts";
import postgres from "postgres";
import { localEnv, need } from "../../../../dev/env.ts";
import { api, type ApiResponse, newUser, type TestUser } from "../../../../dev/testing.ts";
import { asUser } from "../../_shared/db.ts";
import { createApp } from "../app.ts";
import { createDeps } from "../deps.ts";
import { loadProviderKey } from "../provider_key_store.ts";

/** Every response body and header a test saw, to prove no key ever comes back. */
class Seen {
  texts: string[] = [];
  async call(method: string, path: string, opts: Parameters<typeof api>[2] = {}) {
    const res: ApiResponse = await api(method, path, opts);
    this.texts.push(JSON.stringify(res.body), JSON.stringify([...res.headers]));
    return res;
  }
  assertNever(secret: string) {
    for (const t of this.texts) {
      assert.ok(!t.includes(secret), `a response contained the key: ${t}`);
    }
  }
}

const freshKey = () => `sk-test-${crypto.randomUUID().replaceAll("-", "")}WXYZ`;

Deno.test("providers: lists enabled providers with limits, the stand-in labelled", async () => {
  const user = await newUser("providers");
  const res = await api("GET", "/providers", { auth: user });
  assert.equal(res.status, 200);
  const byId = new Map(res.body.items.map((p: { id: string }) => [p.id, p]));
  // The provider's address is its row's (no URL lives in the code).
  const sql = adminSql();
  const [row] = await sql<{ base_url: string }[]>`
    select base_url from public.providers where id = 'openrouter'`;
  await sql.end();
  assert.ok(row);
  assert.deepEqual(byId.get("openrouter"), {
    id: "openrouter",
    name: "OpenRouter",
    base_url: row.base_url,
    is_standin: false,
    limits: { requests_per_minute: 60, requests_per_day: 1000, tokens_per_minute: 200000 },
    has_key: false,
  });
  // The gateway runs the local stack, where the stand-in is offered (and says so).
  assert.equal((byId.get("standin") as { is_standin: boolean }).is_standin, true);
  assert.equal((await api("GET", "/providers")).status, 401);
});

Deno.test("provider keys: store, replace, list and delete; only last4 ever shown", async () => {
  const user = await newUser("pkeys");
  const seen = new Seen();
  const first = freshKey();
  const put = await seen.call("PUT", "/provider-keys/openai", { auth: user, body: { key: first } });
  assert.equal(put.status, 201);
  assert.equal(put.body.provider, "openai");
  assert.equal(put.body.last4, "WXYZ");
  assert.deepEqual(Object.keys(put.body).sort(), ["created_at", "last4", "provider", "updated_at"]);

  const second = `${freshKey()}9876`;
  const replaced = await seen.call("PUT", "/provider-keys/openai", {
    auth: user,
    body: { key: second },
  });
  assert.equal(replaced.status, 200, "a second PUT replaces the key");
  assert.equal(replaced.body.last4, "9876");
  assert.equal(replaced.body.created_at, put.body.created_at);

  const list = await seen.call("GET", "/provider-keys", { auth: user });
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((k: { provider: string; last4: string }) => k), [
    {
      provider: "openai",
      last4: "9876",
      created_at: put.body.created_at,
      updated_at: replaced.body.updated_at,
    },
  ]);
  const providers = await seen.call("GET", "/providers", { auth: user });
  assert.equal(
    providers.body.items.find((p: { id: string }) => p.id === "openai").has_key,
    true,
  );
  seen.assertNever(first);
  seen.assertNever(second);
  seen.assertNever(second.slice(0, -4));

  // What SQL holds is ciphertext; it opens only with the server secret, for this user's row.
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    const claims = { sub: user.id, role: "authenticated" };
    const [raw] = await asUser(
      sql,
      claims,
      (tx) =>
        tx<{ encrypted_key: Uint8Array; iv: Uint8Array }[]>`
        select encrypted_key, iv from public.provider_keys where provider_id = 'openai'`,
    );
    assert.ok(raw, "the user's openai key is stored");
    assert.ok(!new TextDecoder().decode(raw.encrypted_key).includes(second.slice(0, 12)));
    const opened = await asUser(
      sql,
      claims,
      (tx) => loadProviderKey(tx, need("PROVIDER_KEY_ENCRYPTION_SECRET"), user.id, "openai"),
    );
    assert.equal(opened, second);
    const none = await asUser(
      sql,
      claims,
      (tx) => loadProviderKey(tx, need("PROVIDER_KEY_ENCRYPTION_SECRET"), user.id, "gemini"),
    );
    assert.equal(none, null);
  } finally {
    await sql.end();
  }

  const del = await seen.call("DELETE", "/provider-keys/openai", { auth: user });
  assert.equal(del.status, 204);
  assert.equal((await api("DELETE", "/provider-keys/openai", { auth: user })).status, 404);
  assert.deepEqual((await api("GET", "/provider-keys", { auth: user })).body.items, []);
});

Deno.test("provider keys: bad input, unknown provider, and other users' keys", async () => {
  const [alice, bob]: TestUser[] = await Promise.all([newUser("pk-alice"), newUser("pk-bob")]);
  const aliceKey = freshKey();
  const seen = new Seen();
  assert.equal(
    (await seen.call("PUT", "/provider-keys/gemini", { auth: alice, body: { key: aliceKey } }))
      .status,
    201,
  );

  const unknown = await api("PUT", "/provider-keys/nope", {
    auth: alice,
    body: { key: freshKey() },
  });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, "provider_not_found");
  const badId = await api("PUT", "/provider-keys/Not%20An%20Id", {
    auth: alice,
    body: { key: freshKey() },
  });
  assert.equal(badId.status, 422);
  assert.equal(badId.body.error.details.fields[0].field, "provider");

  for (const key of ["short", "sk-has a space-1234", "sk-newline\n1234", 42, ""]) {
    const bad = await seen.call("PUT", "/provider-keys/openai", { auth: alice, body: { key } });
    assert.equal(bad.status, 422, `key ${JSON.stringify(key)}`);
    assert.equal(bad.body.error.details.fields[0].field, "key");
  }
  const extra = await api("PUT", "/provider-keys/openai", {
    auth: alice,
    body: { key: freshKey(), provider: "gemini" },
  });
  assert.equal(extra.status, 422, "strict body");
  assert.equal(
    (await api("PUT", "/provider-keys/openai", { auth: alice, rawBody: "{nope" })).status,
    400,
  );

  // Bob sees none of Alice's keys and cannot delete them; storing his own does not touch hers.
  assert.deepEqual((await seen.call("GET", "/provider-keys", { auth: bob })).body.items, []);
  assert.equal((await api("DELETE", "/provider-keys/gemini", { auth: bob })).status, 404);
  const bobKey = freshKey();
  assert.equal(
    (await seen.call("PUT", "/provider-keys/gemini", { auth: bob, body: { key: bobKey } })).status,
    201,
  );
  const aliceList = await seen.call("GET", "/provider-keys", { auth: alice });
  assert.deepEqual(aliceList.body.items.map((k: { provider: string }) => k.provider), ["gemini"]);
  seen.assertNever(aliceKey);
  seen.assertNever(bobKey);
  assert.equal((await api("GET", "/provider-keys")).status, 401);
});

Deno.test("provider keys: without an encryption secret, storing is refused with 503", async () => {
  const user = await newUser("pk-nosecret");
  const env: Record<string, string | undefined> = { ...localEnv };
  delete env.PROVIDER_KEY_ENCRYPTION_SECRET;
  const deps = createDeps(env);
  try {
    const res = await createApp(deps).request("/api/provider-keys/openai", {
      method: "PUT",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify({ key: freshKey() }),
    });
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, "provider_keys_unavailable");
    // Listing needs no secret and still works.
    const list = await createApp(deps).request("/api/provider-keys", {
      headers: { authorization: `Bearer ${user.token}` },
    });
    assert.equal(list.status, 200);
  } finally {
    await deps.sql.end();
  }
});
