import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { expiredToken } from "./library_testing.ts";

const listColumns = [
  "created_at",
  "expires_at",
  "id",
  "last_used_at",
  "name",
  "prefix",
  "prompt_ids",
  "revoked_at",
  "scopes",
];

Deno.test("api keys: created once in plain text, listed without it, usable both ways", async () => {
  const user = await newUser("keys");
  const created = await api("POST", "/api-keys", { auth: user, body: { name: "laptop" } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const key: string = created.body.key;
  assert.match(key, /^pl_[0-9a-f]{48}$/);
  assert.equal(created.body.prefix, key.slice(0, 12));
  assert.equal(created.body.name, "laptop");
  assert.equal(created.body.last_used_at, null);
  assert.equal(created.body.revoked_at, null);

  const list = await api("GET", "/api-keys", { auth: user });
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 1);
  assert.deepEqual(Object.keys(list.body.items[0]).sort(), listColumns, "no key, no hash");
  assert.ok(!JSON.stringify(list.body).includes(key.slice(12)), "no part of the secret is listed");

  const viaBearer = await api("GET", "/settings", { auth: key });
  assert.equal(viaBearer.status, 200);
  assert.equal(viaBearer.body.profile.display_name, user.email.split("@")[0], "as its owner");
  const viaHeader = await api("GET", "/settings", { headers: { "x-api-key": key } });
  assert.equal(viaHeader.status, 200);

  const [used] = (await api("GET", "/api-keys", { auth: user })).body.items;
  assert.ok(used.last_used_at, "using the key records when");
  await api("GET", "/models", { auth: key });
  const [usedAgain] = (await api("GET", "/api-keys", { auth: user })).body.items;
  assert.equal(usedAgain.last_used_at, used.last_used_at, "at most one write a minute");
});

Deno.test("api keys: a key cannot mint, list or revoke keys (key_management_test has more)", async () => {
  const user = await newUser("keys-mint");
  const { body: made } = await api("POST", "/api-keys", { auth: user, body: { name: "ci" } });
  const minted = await api("POST", "/api-keys", { auth: made.key, body: { name: "child" } });
  assert.equal(minted.status, 403);
  assert.equal(minted.body.error.code, "session_required");
  const listed = await api("GET", "/api-keys", { auth: made.key });
  assert.equal(listed.status, 403);
  assert.equal(listed.body.error.code, "session_required");
  const revoked = await api("DELETE", `/api-keys/${made.id}`, { auth: made.key });
  assert.equal(revoked.status, 403);
  const mine = await api("GET", "/api-keys", { auth: user });
  assert.equal(mine.body.items.length, 1, "nothing was minted");
  assert.equal(mine.body.items[0].revoked_at, null, "nor revoked");
});

Deno.test("api keys: DELETE revokes once, idempotently; a revoked key is refused", async () => {
  const user = await newUser("keys-revoke");
  const { body: made } = await api("POST", "/api-keys", { auth: user, body: { name: "old" } });
  const revoked = await api("DELETE", `/api-keys/${made.id}`, { auth: user });
  assert.equal(revoked.status, 200);
  assert.ok(revoked.body.revoked_at);
  assert.equal(revoked.body.key, undefined);
  const again = await api("DELETE", `/api-keys/${made.id}`, { auth: user });
  assert.equal(again.status, 200, "revoking twice is fine");
  assert.equal(again.body.revoked_at, revoked.body.revoked_at, "and keeps the first time");

  for (const opts of [{ auth: made.key }, { headers: { "x-api-key": made.key } }]) {
    const res = await api("GET", "/settings", opts);
    assert.equal(res.status, 401);
    assert.equal(res.body.error.message, "API key revoked");
  }
  const list = await api("GET", "/api-keys", { auth: user });
  assert.equal(list.body.items[0].id, made.id, "a revoked key is still listed");
});

Deno.test("api keys: unknown ids and other users' keys are 404 and stay untouched", async () => {
  const owner = await newUser("keys-owner");
  const intruder = await newUser("keys-intruder");
  const { body: made } = await api("POST", "/api-keys", { auth: owner, body: { name: "mine" } });

  assert.equal((await api("DELETE", `/api-keys/${made.id}`, { auth: intruder })).status, 404);
  const { body: intruderKey } = await api("POST", "/api-keys", {
    auth: intruder,
    body: { name: "theirs" },
  });
  // With a key of their own, the intruder is refused before any row is looked at.
  assert.equal(
    (await api("DELETE", `/api-keys/${made.id}`, { auth: intruderKey.key })).status,
    403,
  );
  assert.equal(
    (await api("DELETE", `/api-keys/${crypto.randomUUID()}`, { auth: owner })).status,
    404,
  );
  const badId = await api("DELETE", "/api-keys/nope", { auth: owner });
  assert.equal(badId.status, 422);
  assert.equal(badId.body.error.details.fields[0].field, "id");

  assert.equal((await api("GET", "/settings", { auth: made.key })).status, 200, "still works");
  const theirList = await api("GET", "/api-keys", { auth: intruder });
  assert.deepEqual(theirList.body.items.map((k: { id: string }) => k.id), [intruderKey.id]);
});

Deno.test("api keys: expiry, bad bodies and bad credentials", async () => {
  const user = await newUser("keys-bad");
  const soon = new Date(Date.now() + 1500).toISOString();
  const expiring = await api("POST", "/api-keys", {
    auth: user,
    body: { name: "short", expires_at: soon },
  });
  assert.equal(expiring.status, 201);
  assert.equal(new Date(expiring.body.expires_at).toISOString(), soon);
  assert.equal((await api("GET", "/settings", { auth: expiring.body.key })).status, 200);
  await new Promise((r) => setTimeout(r, 1700));
  const expired = await api("GET", "/settings", { auth: expiring.body.key });
  assert.equal(expired.status, 401);
  assert.equal(expired.body.error.message, "API key expired");

  const cases: [unknown, string][] = [
    [{}, "name"],
    [{ name: "" }, "name"],
    [{ name: 7 }, "name"],
    [{ name: "x".repeat(101) }, "name"],
    [{ name: "k", expires_at: "tomorrow" }, "expires_at"],
    [{ name: "k", scopes: ["all"] }, "scopes.0"],
    [{ name: "k", scopes: [] }, "scopes"],
    [{ name: "k", prompt_ids: ["not-a-uuid"] }, "prompt_ids.0"],
    [{ name: "k", colour: "red" }, "json"],
  ];
  for (const [body, field] of cases) {
    const res = await api("POST", "/api-keys", { auth: user, body });
    assert.equal(res.status, 422, JSON.stringify(body));
    assert.ok(
      res.body.error.details.fields.some((f: { field: string }) => f.field === field),
      `${JSON.stringify(body)}: ${JSON.stringify(res.body.error)}`,
    );
  }
  const past = await api("POST", "/api-keys", {
    auth: user,
    body: { name: "k", expires_at: "2020-01-01T00:00:00Z" },
  });
  assert.equal(past.status, 422, "an expiry in the past is refused by the table's check");

  const unknownKey = await api("GET", "/api-keys", { auth: `pl_${"0".repeat(48)}` });
  assert.equal(unknownKey.status, 401);
  assert.equal(unknownKey.body.error.message, "invalid API key");
  assert.equal((await api("GET", "/api-keys", { auth: await expiredToken(user) })).status, 401);
  assert.equal((await api("POST", "/api-keys", { body: { name: "anon" } })).status, 401);
});

Deno.test("api keys: the list pages newest first, every key once", async () => {
  const user = await newUser("keys-page");
  const made: string[] = [];
  for (const name of ["a", "b", "c", "d", "e"]) {
    made.push((await api("POST", "/api-keys", { auth: user, body: { name } })).body.id);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
    const res = await api("GET", `/api-keys${q}`, { auth: user });
    assert.equal(res.status, 200);
    seen.push(...res.body.items.map((k: { name: string }) => k.name));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, ["e", "d", "c", "b", "a"]);
  assert.equal((await api("GET", "/api-keys?cursor=zzz", { auth: user })).status, 422);
});
