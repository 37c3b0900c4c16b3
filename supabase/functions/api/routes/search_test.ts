import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { assertRefusesBadCredentials, blamedFields, newPrompt } from "./library_testing.ts";

const titles = (items: { title: string }[]) => items.map((i) => i.title);

Deno.test("search: ranked matches with <mark> snippets, filters, and a typo fallback", async () => {
  const user = await newUser("search");
  const cat = (await api("POST", "/catalogs", { auth: user, body: { name: "Chains" } })).body.id;
  await newPrompt(user, {
    title: "Solidity auditor",
    content: "Review <contract> code for ethereum bugs.",
  });
  await newPrompt(user, {
    title: "Ethereum developer",
    content: "Write smart contracts.",
    catalog_id: cat,
    tags: ["web3"],
  });
  await newPrompt(user, { title: "Gardening tips", content: "Roses and tulips." });

  const res = await api("GET", "/search?q=ethereum", { auth: user });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(
    titles(res.body.items),
    ["Ethereum developer", "Solidity auditor"],
    "a title match ranks above a content match",
  );
  assert.ok(res.body.items[0].rank > res.body.items[1].rank);
  assert.match(res.body.items[0].snippet, /<mark>Ethereum<\/mark>/);
  assert.ok(res.body.items[1].snippet.includes("&lt;contract&gt;"), "text is HTML-escaped");
  assert.ok(!res.body.items[1].snippet.includes("<contract>"));
  assert.equal(res.body.next_cursor, null);

  const inCatalog = await api("GET", `/search?q=ethereum&catalog_id=${cat}`, { auth: user });
  assert.deepEqual(titles(inCatalog.body.items), ["Ethereum developer"]);
  const byTag = await api("GET", "/search?q=ethereum&tag=WEB3", { auth: user });
  assert.deepEqual(titles(byTag.body.items), ["Ethereum developer"]);
  const phrase = await api("GET", `/search?q=${encodeURIComponent('"smart contracts"')}`, {
    auth: user,
  });
  assert.deepEqual(titles(phrase.body.items), ["Ethereum developer"]);

  const typo = await api("GET", `/search?q=${encodeURIComponent("Etherum devloper")}`, {
    auth: user,
  });
  assert.equal(typo.status, 200);
  assert.deepEqual(titles(typo.body.items), ["Ethereum developer"]);
  assert.match(typo.body.items[0].snippet, /<mark>/);

  const none = await api("GET", "/search?q=quantum", { auth: user });
  assert.deepEqual(none.body.items, []);
});

Deno.test("search: the cursor pages through every match exactly once", async () => {
  const user = await newUser("search-page");
  for (let i = 0; i < 5; i++) {
    await newPrompt(user, { title: `Lighthouse ${i}`, content: "lighthouse ".repeat(i + 1) });
  }
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const q: string = `?q=lighthouse&limit=2${
      cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""
    }`;
    const res = await api("GET", `/search${q}`, { auth: user });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.items.length <= 2);
    seen.push(...titles(res.body.items));
    cursor = res.body.next_cursor;
  } while (cursor);
  assert.equal(seen.length, 5);
  assert.equal(new Set(seen).size, 5);
});

Deno.test("search: only the caller's prompts are searched", async () => {
  const owner = await newUser("search-owner");
  const other = await newUser("search-other");
  const cat = (await api("POST", "/catalogs", { auth: owner, body: { name: "Vault" } })).body.id;
  await newPrompt(owner, { title: "Zanzibar secret", catalog_id: cat, tags: ["hidden"] });
  const res = await api("GET", "/search?q=zanzibar", { auth: other });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.items, []);
  const typo = await api("GET", "/search?q=zanzibr", { auth: other });
  assert.deepEqual(typo.body.items, [], "nor through the typo fallback");
  const theirCatalog = await api("GET", `/search?q=zanzibar&catalog_id=${cat}`, { auth: other });
  assert.deepEqual(theirCatalog.body.items, []);
  assert.equal((await api("GET", "/search?q=zanzibar", { auth: owner })).body.items.length, 1);
});

Deno.test("search: bad queries are a 4xx naming the field", async () => {
  const user = await newUser("search-bad");
  for (
    const [q, field] of [
      ["", "q"],
      ["q=", "q"],
      ["q=%20%20", "q"],
      [`q=${"a".repeat(501)}`, "q"],
      ["q=x&limit=0", "limit"],
      ["q=x&limit=101", "limit"],
      ["q=x&limit=many", "limit"],
      ["q=x&catalog_id=nope", "catalog_id"],
      [`q=x&tag=${"t".repeat(51)}`, "tag"],
    ] as const
  ) {
    const res = await api("GET", `/search?${q}`, { auth: user });
    assert.equal(res.status, 422, q.slice(0, 40));
    assert.deepEqual(blamedFields(res.body), [field], q.slice(0, 40));
  }
  const cursor = await api("GET", "/search?q=x&cursor=garbage", { auth: user });
  assert.equal(cursor.status, 400, "SQL refuses a cursor it did not make");
  assert.equal(cursor.body.error.code, "invalid_cursor");
});

Deno.test("search: refuses missing, expired and revoked credentials", async () => {
  const user = await newUser("search-auth");
  await assertRefusesBadCredentials(user, [{ method: "GET", path: "/search?q=anything" }]);
});
