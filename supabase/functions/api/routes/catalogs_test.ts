import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";

Deno.test("catalogs: create, list, rename, and delete only with confirmation", async () => {
  const user = await newUser("catalogs");
  const created = await api("POST", "/catalogs", {
    auth: user,
    body: { name: "Writing", description: "drafts" },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.name, "Writing");
  assert.equal(created.body.prompt_count, 0);

  const dup = await api("POST", "/catalogs", { auth: user, body: { name: "wRITING" } });
  assert.equal(dup.status, 409, "names are unique case-insensitively");
  assert.equal(dup.body.error.code, "conflict");

  const renamed = await api("PATCH", `/catalogs/${created.body.id}`, {
    auth: user,
    body: { name: "Essays" },
  });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, "Essays");

  const list = await api("GET", "/catalogs", { auth: user });
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((c: { name: string }) => c.name), ["Essays"]);

  const unconfirmed = await api("DELETE", `/catalogs/${created.body.id}`, { auth: user });
  assert.equal(unconfirmed.status, 409);
  assert.equal(unconfirmed.body.error.code, "confirmation_required");
  assert.equal(unconfirmed.body.error.details.prompt_count, 0);

  const deleted = await api("DELETE", `/catalogs/${created.body.id}?confirm=true`, { auth: user });
  assert.equal(deleted.status, 204);
  assert.equal(
    (await api("DELETE", `/catalogs/${created.body.id}?confirm=true`, { auth: user })).status,
    404,
  );
});

Deno.test("catalogs: keyset pagination returns every catalog exactly once", async () => {
  const user = await newUser("catalogs-page");
  for (const n of ["b", "A", "c", "D", "e"]) {
    assert.equal((await api("POST", "/catalogs", { auth: user, body: { name: n } })).status, 201);
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `?limit=2&cursor=${cursor}` : "?limit=2";
    const res = await api("GET", `/catalogs${q}`, { auth: user });
    assert.equal(res.status, 200);
    assert.ok(res.body.items.length <= 2);
    seen.push(...res.body.items.map((c: { name: string }) => c.name));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.deepEqual(seen, ["A", "b", "c", "D", "e"]);
  const bad = await api("GET", "/catalogs?cursor=garbage", { auth: user });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.details.fields[0].field, "cursor");
});

Deno.test("catalogs: bad input is a 4xx naming the field", async () => {
  const user = await newUser("catalogs-bad");
  const missing = await api("POST", "/catalogs", { auth: user, body: {} });
  assert.equal(missing.status, 422);
  assert.equal(missing.body.error.code, "validation_failed");
  assert.equal(missing.body.error.details.fields[0].field, "name");

  const wrongType = await api("POST", "/catalogs", { auth: user, body: { name: 42 } });
  assert.equal(wrongType.status, 422);

  const malformed = await api("POST", "/catalogs", { auth: user, rawBody: "{not json" });
  assert.equal(malformed.status, 400);
  assert.equal(malformed.body.error.code, "bad_request");

  const badId = await api("PATCH", "/catalogs/not-a-uuid", { auth: user, body: { name: "x" } });
  assert.equal(badId.status, 422);
  assert.equal(badId.body.error.details.fields[0].field, "id");

  const unknown = await api("PATCH", `/catalogs/${crypto.randomUUID()}`, {
    auth: user,
    body: { name: "x" },
  });
  assert.equal(unknown.status, 404);

  const noAuth = await api("GET", "/catalogs");
  assert.equal(noAuth.status, 401);
  assert.equal(noAuth.body.error.code, "unauthorized");
});
