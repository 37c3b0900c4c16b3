// Property test: arbitrary cursors and page sizes (any text, base64 of any JSON, sort keys with
// dates out of range, huge and negative numbers) thrown at every list route of the OpenAPI
// document (every GET taking `cursor` or `limit`) get a 2xx or a 4xx, never a 5xx. Runs the app
// in-process (app.request) against the real database, as a user who owns rows on every page.
import assert from "node:assert/strict";
import fc from "fast-check";
import { localEnv } from "../../../dev/env.ts";
import { newUser } from "../../../dev/testing.ts";
import { createApp } from "./app.ts";
import { createDeps } from "./deps.ts";
import { fillPath, operations, sampleQuery } from "./openapi_operations.ts";

const runsPerRoute = 150;
// Bound per route, so a slow route cannot make the whole test unbounded.
const timeLimitMs = 20_000;

const b64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Timestamps shaped like the ones cursors carry, with every field free to be out of range. */
const timestampLike = fc.tuple(
  fc.integer({ min: 0, max: 99_999 }),
  fc.integer({ min: 0, max: 99 }),
  fc.integer({ min: 0, max: 99 }),
  fc.integer({ min: 0, max: 99 }),
  fc.integer({ min: 0, max: 99 }),
  fc.integer({ min: 0, max: 99 }),
  fc.option(fc.integer({ min: 0, max: 999_999_999 })),
  fc.constantFrom("Z", "+00", "+00:00", "-05:30", "+99", "+15:59", "-16:00", "+0530", ""),
  fc.constantFrom("T", " "),
).map(([y, mo, d, h, mi, s, frac, zone, sep]) =>
  `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}${sep}${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}${
    frac === null ? "" : `.${frac}`
  }${zone}`
);

const uuidLike = fc.oneof(
  { arbitrary: fc.uuid(), weight: 4 },
  fc.string({ maxLength: 40 }),
  fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
);

const sortKey = fc.oneof(
  { arbitrary: timestampLike, weight: 4 },
  fc.string({ unit: "binary", maxLength: 30 }),
  fc.bigInt().map(String),
  fc.double().map(String),
  fc.constantFrom("", "9".repeat(40), "-1", "0", "1e400", "NaN", "Infinity", "epoch", "infinity"),
);

const cursor: fc.Arbitrary<string> = fc.oneof(
  // Keys of the right shape, with values out of range: the likeliest to get past the checks.
  { arbitrary: fc.tuple(sortKey, uuidLike).map((key) => b64url(JSON.stringify(key))), weight: 8 },
  fc.tuple(sortKey).map((key) => b64url(JSON.stringify(key))),
  // Search's "score:id" cursor.
  fc.tuple(sortKey, uuidLike).map(([a, b]) => `${a}:${b}`),
  // Base64 of any JSON, and of any bytes.
  fc.jsonValue().map((v) => b64url(JSON.stringify(v))),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => btoa(String.fromCharCode(...bytes))),
  // Any text at all.
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ minLength: 480, maxLength: 700 }),
);

const limit: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 100 }).map(String), weight: 4 },
  fc.integer().map(String),
  fc.bigInt().map(String),
  fc.double().map(String),
  fc.integer({ min: -5, max: 105 }).map(String),
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", "0", "-1", "1e400", "0x10", " 5", "5 ", "1.5", "NaN", "Infinity", "1e2"),
);

type Page = { cursor?: string; limit?: string; repeat: boolean };

const pageParams: fc.Arbitrary<Page> = fc.record(
  // Repeated parameters now and then (a validation error, so not too often).
  { cursor, limit, repeat: fc.nat(4).map((n) => n === 0) },
  { requiredKeys: ["repeat"] },
);

Deno.test("property: no cursor or page size makes a list route answer 5xx", async () => {
  const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1" });
  const app = createApp(deps);
  try {
    const user = await newUser("pages");
    // An admin (made as in Studio), so the admin area's lists are exercised too.
    await deps.sql`update public.profiles set role = 'admin' where id = ${user.id}`;
    const call = async (method: string, path: string, body?: unknown) => {
      const headers: Record<string, string> = { authorization: `Bearer ${user.token}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await app.request(`/api${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    };
    const own = async (method: string, path: string, body: unknown) => {
      const res = await call(method, path, body);
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return JSON.parse(res.text);
    };
    // Two of everything a list shows, so that limit=1 has a next page and a real cursor.
    const prompt = await own("POST", "/prompts", { title: "Pages", content: "Hello {{name}}" });
    await own("POST", "/prompts", { title: "Pages 2", content: "Hi", tags: ["p2"] });
    await own("POST", `/prompts/${prompt.id}/versions`, { content: "Hello again {{name}}" });
    await own("PUT", `/prompts/${prompt.id}/tags`, { tags: ["pages", "☕ coffee"] });
    await own("POST", "/catalogs", { name: "Pages ☕" });
    await own("POST", "/catalogs", { name: "Pages 日本" });
    await own("POST", "/api-keys", { name: "pages 1" });
    await own("POST", "/api-keys", { name: "pages 2" });
    for (let i = 0; i < 2; i++) {
      await call("POST", `/prompts/${prompt.id}/runs`, { variables: { name: "x" } });
    }

    const docRes = await app.request("/api/openapi.json");
    assert.equal(docRes.status, 200, "the OpenAPI document is generated");
    const doc = await docRes.json();
    type Parameter = { in: string; name: string };
    const queryNames = (o: { path: string; method: string }): string[] =>
      ((doc.paths[o.path][o.method].parameters ?? []) as Parameter[])
        .filter((p) => p.in === "query").map((p) => p.name);
    const lists = operations(doc).filter((o) =>
      o.method === "get" && !o.isPublic &&
      queryNames(o).some((n) => n === "cursor" || n === "limit")
    );
    assert.ok(lists.length >= 7, `list routes: ${lists.map((o) => o.path).join(", ")}`);

    for (const op of lists) {
      const values: Record<string, string> = {};
      for (const p of op.pathParams) {
        assert.equal(p, "id", `${op.path}: no value for {${p}}`);
        assert.match(op.path, /^\/api\/prompts\/\{id\}\//, `${op.path}: whose {id}?`);
        values.id = prompt.id;
      }
      const path = fillPath(op.path, values).replace(/^\/api/, "");
      const names = queryNames(op);
      // Required parameters (search's q) get a sample value; the page's are the arbitrary ones.
      const base = new URLSearchParams(sampleQuery(doc, op, { q: "hello" }));

      // A real first page and its next cursor work, and the next page too.
      const first = await call("GET", `${path}?${withParams(base, { limit: "1" })}`);
      assert.equal(first.status, 200, `${op.path} first page: ${first.text.slice(0, 300)}`);
      const next = JSON.parse(first.text).next_cursor;
      if (typeof next === "string") {
        const second = await call(
          "GET",
          `${path}?${withParams(base, { limit: "1", cursor: next })}`,
        );
        assert.equal(second.status, 200, `${op.path} next page: ${second.text.slice(0, 300)}`);
      }

      await fc.assert(
        fc.asyncProperty(pageParams, async (page) => {
          const query = withParams(base, page, names);
          const res = await call("GET", `${path}?${query}`);
          assert.ok(
            res.status < 500 && res.status >= 200,
            `GET ${op.path}?${query.slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`,
          );
          if (res.status >= 400) {
            const body = JSON.parse(res.text);
            assert.equal(typeof body.error?.code, "string", `error shape: ${res.text}`);
          }
        }),
        {
          numRuns: runsPerRoute,
          interruptAfterTimeLimit: timeLimitMs,
          markInterruptAsFailure: false,
        },
      );
    }
  } finally {
    await deps.sql.end();
  }
});

/** The base query plus the page's parameters (twice each when `repeat`, as a sloppy client might). */
function withParams(base: URLSearchParams, page: Partial<Page>, names?: string[]): string {
  const q = new URLSearchParams(base);
  for (const name of ["cursor", "limit"] as const) {
    const value = page[name];
    if (value === undefined || (names && !names.includes(name))) continue;
    q.set(name, value);
    if (page.repeat) q.append(name, value);
  }
  return q.toString();
}
