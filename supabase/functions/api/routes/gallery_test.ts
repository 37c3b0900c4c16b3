import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { blamedFields, createApiKey, newPrompt } from "./library_testing.ts";

const ids = (items: { id: string }[]) => items.map((i) => i.id);

Deno.test("gallery: publish, read signed out, like, favorite, fork and run someone else's prompt, unpublish", async () => {
  const author = await newUser("author");
  const reader = await newUser("reader");
  const prompt = await newPrompt(author, {
    title: `Gallery haiku ${crypto.randomUUID()}`,
    content: "Write a haiku about {{topic}}.",
    variables: [{ name: "topic", type: "string", required: true }],
    tags: ["poetry"],
  });

  // Publishing needs a known category.
  const noCategory = await api("POST", `/prompts/${prompt.id}/publish`, { auth: author, body: {} });
  assert.equal(noCategory.status, 422, JSON.stringify(noCategory.body));
  assert.equal(noCategory.body.error.code, "category_required");
  assert.deepEqual(blamedFields(noCategory.body), ["category_id"]);
  const unknown = await api("POST", `/prompts/${prompt.id}/publish`, {
    auth: author,
    body: { category_id: "no-such-category" },
  });
  assert.equal(unknown.status, 422);
  assert.equal(unknown.body.error.code, "unknown_category");
  assert.deepEqual(blamedFields(unknown.body), ["category_id"]);
  const published = await api("POST", `/prompts/${prompt.id}/publish`, {
    auth: author,
    body: { category_id: "creative" },
  });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  assert.equal(published.body.visibility, "public");
  assert.equal(published.body.category_id, "creative");

  // Signed out: listed, searchable, readable.
  const listed = await api("GET", "/gallery?sort=newest&category=creative&limit=100", {
    auth: null,
  });
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  assert.ok(ids(listed.body.items).includes(prompt.id), "the gallery lists it, signed out");
  const found = await api("GET", `/gallery?q=${encodeURIComponent(prompt.title)}`, { auth: null });
  assert.equal(found.body.items[0]?.id, prompt.id, "search finds it first by its title");
  const page = await api("GET", `/gallery/${prompt.id}`, { auth: null });
  assert.equal(page.status, 200);
  assert.equal(page.body.version.content, "Write a haiku about {{topic}}.");
  assert.deepEqual(page.body.tags, ["poetry"]);
  assert.equal(page.body.history, null, "no history unless the owner shares it");
  assert.ok(!JSON.stringify(page.body).includes(author.email), "never the author's email");
  const anonLike = await api("POST", `/gallery/${prompt.id}/like`, { auth: null });
  assert.equal(anonLike.status, 401, "liking needs a signed-in user");
  const anonFork = await api("POST", `/gallery/${prompt.id}/fork`, { auth: null, body: {} });
  assert.equal(anonFork.status, 401, "and so does forking");

  // Another user: likes (idempotent), favorites, forks and runs it.
  const like = await api("POST", `/gallery/${prompt.id}/like`, { auth: reader });
  assert.deepEqual(like.body, { liked: true, likes_count: 1 });
  const again = await api("POST", `/gallery/${prompt.id}/like`, { auth: reader });
  assert.deepEqual(again.body, { liked: true, likes_count: 1 }, "a second like changes nothing");
  const fav = await api("POST", `/gallery/${prompt.id}/favorite`, { auth: reader });
  assert.equal(fav.status, 200);
  const favs = await api("GET", "/favorites", { auth: reader });
  assert.deepEqual(ids(favs.body.items), [prompt.id]);
  const asReader = await api("GET", `/gallery/${prompt.id}`, { auth: reader });
  assert.equal(asReader.body.liked, true);
  assert.equal(asReader.body.favorited, true);

  const fork = await api("POST", `/gallery/${prompt.id}/fork`, {
    auth: reader,
    body: { title: "My haiku" },
  });
  assert.equal(fork.status, 201, JSON.stringify(fork.body));
  assert.equal(fork.body.title, "My haiku");
  assert.equal(fork.body.current_version.source, "fork");
  assert.equal(fork.body.current_version.content, "Write a haiku about {{topic}}.");

  const run = await api("POST", `/prompts/${prompt.id}/runs`, {
    auth: reader,
    body: { variables: { topic: "autumn" } },
  });
  assert.equal(run.status, 201, JSON.stringify(run.body));
  assert.equal(run.body.status, "success");
  const readerRuns = await api("GET", "/runs?limit=100", { auth: reader });
  assert.ok(ids(readerRuns.body.items).includes(run.body.id), "the run is the reader's");
  const authorRuns = await api("GET", `/prompts/${prompt.id}/runs`, { auth: author });
  assert.ok(!ids(authorRuns.body.items).includes(run.body.id), "the author does not see it");
  const authorRun = await api("GET", `/runs/${run.body.id}`, { auth: author });
  assert.equal(authorRun.status, 404, "not even by id");
  const oldVersion = await api("POST", `/prompts/${prompt.id}/runs`, {
    auth: reader,
    body: { version_id: crypto.randomUUID(), variables: { topic: "x" } },
  });
  assert.equal(oldVersion.status, 404, "someone else's prompt runs at its current version only");

  // The author sees the counts.
  const sharing = await api("GET", `/prompts/${prompt.id}/sharing`, { auth: author });
  assert.equal(sharing.status, 200);
  assert.equal(sharing.body.likes_count, 1);
  assert.equal(sharing.body.forks_count, 1);
  assert.equal(sharing.body.uses_count, 2, "the fork and the successful run are uses");
  const ownRun = await api("POST", `/prompts/${prompt.id}/runs`, {
    auth: author,
    body: { variables: { topic: "spring" } },
  });
  assert.equal(ownRun.status, 201);
  const after = await api("GET", `/prompts/${prompt.id}/sharing`, { auth: author });
  assert.equal(after.body.uses_count, 2, "the author's own run is not a use");

  // Unpublished: gone from the gallery at once; the fork stays.
  const unpublished = await api("POST", `/prompts/${prompt.id}/unpublish`, { auth: author });
  assert.equal(unpublished.body.visibility, "private");
  const gone = await api("GET", "/gallery?sort=newest&category=creative&limit=100", {
    auth: reader,
  });
  assert.ok(!ids(gone.body.items).includes(prompt.id));
  assert.equal((await api("GET", `/gallery/${prompt.id}`, { auth: reader })).status, 404);
  assert.deepEqual((await api("GET", "/favorites", { auth: reader })).body.items, []);
  const stillMine = await api("GET", `/prompts/${fork.body.id}`, { auth: reader });
  assert.equal(stillMine.status, 200, "the fork remains");
  const privateRun = await api("POST", `/prompts/${prompt.id}/runs`, {
    auth: reader,
    body: { variables: { topic: "x" } },
  });
  assert.equal(privateRun.status, 404, "a private prompt cannot be run by others");
});

Deno.test("gallery: unlisted prompts are read and forked through their link only; rotating kills the old link", async () => {
  const author = await newUser("author");
  const reader = await newUser("reader");
  const prompt = await newPrompt(author, { title: `Unlisted ${crypto.randomUUID()}` });
  const shared = await api("PATCH", `/prompts/${prompt.id}/sharing`, {
    auth: author,
    body: { visibility: "unlisted", show_history: true },
  });
  assert.equal(shared.status, 200, JSON.stringify(shared.body));
  const slug: string = shared.body.slug;
  assert.match(slug, /^[A-Za-z0-9_-]{22}$/);

  const byLink = await api("GET", `/shared/${slug}`, { auth: null });
  assert.equal(byLink.status, 200);
  assert.equal(byLink.body.title, prompt.title);
  assert.equal(byLink.body.history.length, 1, "the owner shares the history");
  assert.equal(
    (await api("GET", `/gallery/${prompt.id}`, { auth: reader })).status,
    404,
    "not by id",
  );
  const search = await api("GET", `/gallery?q=${encodeURIComponent(prompt.title)}`, {
    auth: reader,
  });
  assert.ok(!ids(search.body.items).includes(prompt.id), "nor in search");
  const like = await api("POST", `/gallery/${prompt.id}/like`, { auth: reader });
  assert.equal(like.status, 404, "nor can it be liked");

  const fork = await api("POST", `/shared/${slug}/fork`, { auth: reader, body: {} });
  assert.equal(fork.status, 201, JSON.stringify(fork.body));
  const forged = await api("GET", `/shared/${slug.slice(0, -2)}xx`, { auth: null });
  assert.equal(forged.status, 404, "a forged slug is a 404");
  assert.equal(forged.body.error.code, "prompt_not_found");
  const malformed = await api("GET", "/shared/bad!slug", { auth: null });
  assert.equal(malformed.status, 422);

  const rotated = await api("POST", `/prompts/${prompt.id}/sharing/rotate`, { auth: author });
  assert.equal(rotated.status, 200);
  assert.notEqual(rotated.body.slug, slug);
  assert.equal(
    (await api("GET", `/shared/${slug}`, { auth: null })).status,
    404,
    "the old link is dead",
  );
  assert.equal((await api("GET", `/shared/${rotated.body.slug}`, { auth: null })).status, 200);

  const privately = await api("POST", `/prompts/${prompt.id}/unpublish`, { auth: author });
  assert.equal(privately.body.slug, null);
  assert.equal((await api("GET", `/shared/${rotated.body.slug}`, { auth: null })).status, 404);
  const rotatePrivate = await api("POST", `/prompts/${prompt.id}/sharing/rotate`, { auth: author });
  assert.equal(rotatePrivate.status, 409, "a private prompt has no link to rotate");
});

Deno.test("gallery: cross-tenant attempts with a JWT and with an API key, and bad input, are clear 4xx", async () => {
  const owner = await newUser("owner");
  const other = await newUser("other");
  const otherKey = (await createApiKey(other)).key;
  const secret = await newPrompt(owner, { title: "Private one" });
  const pub = await newPrompt(owner, { title: "Public one" });
  await api("POST", `/prompts/${pub.id}/publish`, { auth: owner, body: { category_id: "coding" } });

  for (const auth of [other, otherKey]) {
    for (
      const [method, path, body] of [
        ["GET", `/prompts/${pub.id}/sharing`, undefined],
        ["PATCH", `/prompts/${pub.id}/sharing`, { visibility: "private" }],
        ["POST", `/prompts/${pub.id}/unpublish`, undefined],
        ["POST", `/prompts/${secret.id}/publish`, { category_id: "coding" }],
        ["POST", `/prompts/${pub.id}/sharing/rotate`, undefined],
        ["GET", `/gallery/${secret.id}`, undefined],
        ["POST", `/gallery/${secret.id}/like`, undefined],
        ["POST", `/gallery/${secret.id}/favorite`, undefined],
        ["POST", `/gallery/${secret.id}/fork`, {}],
        ["POST", `/prompts/${secret.id}/runs`, { variables: { name: "x" } }],
      ] as const
    ) {
      const res = await api(method, path, { auth, body });
      assert.equal(res.status, 404, `${method} ${path}: ${JSON.stringify(res.body)}`);
    }
    const like = await api("POST", `/gallery/${pub.id}/like`, { auth });
    assert.equal(like.status, 200, "a public prompt can be liked with a JWT or a key");
  }
  const stillPublic = await api("GET", `/prompts/${pub.id}/sharing`, { auth: owner });
  assert.equal(stillPublic.body.visibility, "public", "nothing the other user tried changed it");
  assert.equal(stillPublic.body.likes_count, 1, "one like per user, whatever the credential");

  const ownPrivate = await api("POST", `/gallery/${secret.id}/like`, { auth: owner });
  assert.equal(ownPrivate.status, 409, "liking your own private prompt");
  assert.equal(ownPrivate.body.error.code, "prompt_not_public");
  const badCategory = await api("GET", "/gallery?category=nope", { auth: null });
  assert.equal(badCategory.status, 422);
  assert.deepEqual(blamedFields(badCategory.body), ["category"]);
  const badPopular = await api("GET", "/gallery/popular?category=nope", { auth: null });
  assert.equal(badPopular.status, 422);
  const badCursor = await api("GET", "/gallery?cursor=garbage", { auth: null });
  assert.equal(badCursor.status, 400);
  const badSort = await api("GET", "/gallery?sort=random", { auth: null });
  assert.equal(badSort.status, 422);
  assert.deepEqual(blamedFields(badSort.body), ["sort"]);
  const strict = await api("PATCH", `/prompts/${pub.id}/sharing`, {
    auth: owner,
    body: { visibility: "everyone" },
  });
  assert.equal(strict.status, 422);
  assert.deepEqual(blamedFields(strict.body), ["visibility"]);
  const notSignedIn = await api("GET", "/favorites", { auth: null });
  assert.equal(notSignedIn.status, 401);
});

Deno.test("gallery: 200 users liking one prompt at once count 200, and unliking brings it back to 0", async () => {
  const owner = await newUser("owner");
  const pub = await newPrompt(owner, { title: "Popular" });
  await api("POST", `/prompts/${pub.id}/publish`, { auth: owner, body: { category_id: "other" } });
  const fans = await Promise.all(Array.from({ length: 200 }, () => newUser("fan")));

  const liked = await Promise.all(
    fans.map((fan) => api("POST", `/gallery/${pub.id}/like`, { auth: fan })),
  );
  assert.deepEqual([...new Set(liked.map((r) => r.status))], [200]);
  const counted = await api("GET", `/gallery/${pub.id}`, { auth: null });
  assert.equal(counted.body.likes_count, 200, "no lost update");

  const unliked = await Promise.all(
    fans.map((fan) => api("DELETE", `/gallery/${pub.id}/like`, { auth: fan })),
  );
  assert.deepEqual([...new Set(unliked.map((r) => r.status))], [200]);
  const back = await api("GET", `/gallery/${pub.id}`, { auth: null });
  assert.equal(back.body.likes_count, 0);
});
