// Cursors: opaque to callers, checked before any of them reaches SQL. A cursor this API did not
// make is a 422 naming the cursor, never a database error.
import assert from "node:assert/strict";
import postgres from "postgres";
import { need } from "../../../dev/env.ts";
import { ApiError } from "../_shared/errors.ts";
import {
  cursorOffset,
  cursorSequence,
  cursorTimestamp,
  cursorUuid,
  decodeCursor,
  encodeCursor,
  newestFirstPage,
  olderThan,
} from "./pagination.ts";

const b64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");

function assertInvalidCursor(fn: () => unknown, label: string) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ApiError, `${label}: ${e}`);
    assert.equal(e.status, 422, label);
    assert.deepEqual(
      (e.details as { fields: { field: string }[] }).fields.map((f) => f.field),
      ["cursor"],
    );
    return true;
  }, label);
}

Deno.test("cursor: any text round-trips, emoji and accents too", () => {
  const id = crypto.randomUUID();
  for (const name of ["plain", "café", "☕ coffee", "日本語", "a\u{1F600}b", "x".repeat(100)]) {
    assert.deepEqual(decodeCursor(encodeCursor([name, id]), 2), [name, id], name);
  }
  assert.equal(decodeCursor(undefined, 2), null);
  assert.equal(decodeCursor("", 2), null);
});

Deno.test("cursor: what this API did not make is a 422 on the cursor", () => {
  const id = crypto.randomUUID();
  const bad = [
    "not base64 !!",
    b64url("not json"),
    b64url("{}"),
    b64url("[1, 2]"),
    b64url(JSON.stringify(["a"])),
    b64url(JSON.stringify(["a", id, "c"])),
    b64url(JSON.stringify(["a\u0000b", id])),
    // Not UTF-8 once decoded.
    btoa('\xff\xfe["a","b"]'),
  ];
  for (const cursor of bad) assertInvalidCursor(() => decodeCursor(cursor, 2), cursor);
});

Deno.test("cursor timestamps: out of range is a 422 before SQL", () => {
  const sql = postgres("postgres://unused@127.0.0.1:1/unused", { max: 1 });
  for (
    const value of [
      "9999-99-99T99:99:99Z",
      "0000-01-01T00:00:00Z",
      "2024-00-10T00:00:00Z",
      "2024-13-10T00:00:00Z",
      "2024-02-30T00:00:00Z",
      "2023-02-29T00:00:00Z",
      "2024-04-31T00:00:00Z",
      "2024-01-01T24:00:00Z",
      "2024-01-01T12:60:00Z",
      "2024-01-01T12:00:60Z",
      "2024-01-01T12:00:00+16:00",
      "2024-01-01T12:00:00+05:60",
      "2024-01-01T12:00:00",
      "yesterday",
      "epoch",
    ]
  ) {
    assertInvalidCursor(() => cursorTimestamp(sql, value), value);
  }
  for (const value of ["not-a-uuid", "", "00000000-0000-0000-0000-00000000000g"]) {
    assertInvalidCursor(() => cursorUuid(sql, value), value);
  }
});

Deno.test("cursor timestamps: every form the API emits is accepted and keeps microseconds", async () => {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    for (
      const value of [
        "2024-02-29T23:59:59.123456Z",
        "2024-02-29 23:59:59.123456+00",
        "2024-02-29T23:59:59.123456+00:00",
        "2000-01-01 00:00:00-05:30",
        "9999-12-31T23:59:59.999999+14:00",
        "0001-01-01T00:00:00Z",
      ]
    ) {
      const [row] = await sql`select to_char(${
        cursorTimestamp(sql, value)
      } at time zone 'UTC', 'US') as us`;
      assert.equal(row?.us, (/\.(\d+)/.exec(value)?.[1] ?? "0").padEnd(6, "0"), value);
    }
    const id = crypto.randomUUID();
    const [row] = await sql`select ${cursorUuid(sql, id.toUpperCase())} as id`;
    assert.equal(row?.id, id);
  } finally {
    await sql.end();
  }
});

Deno.test("olderThan: newest-first pages continue after the cursor's (created_at, id), microseconds kept", async () => {
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 1, onnotice: () => {} });
  try {
    // Two rows in the same millisecond and a tie on created_at: the id breaks it.
    const rows = await sql<{ id: string }[]>`
      with x (created_at, id) as (values
        ('2026-01-01 00:00:00.000002+00'::timestamptz, '00000000-0000-0000-0000-00000000000a'::uuid),
        ('2026-01-01 00:00:00.000001+00', '00000000-0000-0000-0000-00000000000c'),
        ('2026-01-01 00:00:00.000001+00', '00000000-0000-0000-0000-00000000000b'),
        ('2025-12-31 23:59:59+00', '00000000-0000-0000-0000-00000000000d'))
      select x.id::text from x
      where ${
      olderThan(sql, "x", ["2026-01-01 00:00:00.000001+00", "00000000-0000-0000-0000-00000000000c"])
    }
      order by x.created_at desc, x.id desc`;
    assert.deepEqual(rows.map((r) => r.id.slice(-1)), ["b", "d"]);
    const all = await sql`select count(*)::int as n from (values (1)) as x (v) where ${
      olderThan(sql, "x", null)
    }`;
    assert.equal(all[0]?.n, 1, "no cursor: the first page, every row");
    assertInvalidCursor(() => olderThan(sql, "x", ["not a time", crypto.randomUUID()]), "time");
  } finally {
    await sql.end();
  }
});

Deno.test("newestFirstPage: the page without its text timestamps, the cursor keeping them", () => {
  const rows = [
    { id: "b", created_at_text: "2026-12-01 10:00:00.123457+00", n: 1 },
    { id: "a", created_at_text: "2026-12-01 10:00:00.123456+00", n: 2 },
    { id: "z", created_at_text: "2026-12-01 10:00:00.123455+00", n: 3 },
  ];
  const full = newestFirstPage(rows, 2);
  assert.deepEqual(full.items, [{ id: "b", n: 1 }, { id: "a", n: 2 }]);
  assert.deepEqual(decodeCursor(full.next_cursor ?? undefined, 2), [
    "2026-12-01 10:00:00.123456+00",
    "a",
  ]);
  assert.equal(newestFirstPage(rows, 3).next_cursor, null);
});

Deno.test("sequence and offset cursors: a positive integer each, an offset bounded", () => {
  assert.equal(cursorSequence(undefined), null);
  assert.equal(cursorSequence(encodeCursor(["2215"])), 2215);
  assert.equal(cursorOffset(undefined, 100), 0);
  assert.equal(cursorOffset(encodeCursor(["100"]), 100), 100);
  for (const key of ["0", "-1", "1.5", "1e3", "x", "99999999999999999"]) {
    assertInvalidCursor(() => cursorSequence(encodeCursor([key])), `sequence ${key}`);
  }
  assertInvalidCursor(() => cursorOffset(encodeCursor(["101"]), 100), "offset past the bound");
  assertInvalidCursor(() => cursorOffset(encodeCursor(["1", "2"]), 100), "two keys");
});
