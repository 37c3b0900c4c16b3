// Keyset pagination: `?limit=&cursor=` in, `next_cursor` out. The cursor is opaque to callers
// (base64url of the sort key of the last row), and a tampered cursor is a 422, not a 500: each
// of its values is checked here (cursorTimestamp, cursorUuid), so none reaches SQL malformed.
import { z } from "@hono/zod-openapi";
import type { Sql, Tx } from "../_shared/db.ts";
import { ApiError } from "../_shared/errors.ts";

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20).openapi({ example: 20 }),
  cursor: z.string().max(500).optional(),
};

/** The response of a list route: one page of items and the cursor of the next (or null). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable() });
}

/** base64url of the key's JSON as UTF-8 (btoa alone takes Latin-1: a name with an emoji threw). */
export function encodeCursor(key: (string | number)[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(key));
  const binary = Array.from(bytes, (b) => String.fromCharCode(b)).join("");
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The sort key in a cursor: `arity` strings (checked), or null when there is no cursor. */
export function decodeCursor(cursor: string | undefined, arity: 1): [string] | null;
export function decodeCursor(cursor: string | undefined, arity: 2): [string, string] | null;
export function decodeCursor(cursor: string | undefined, arity: number): string[] | null {
  if (!cursor) return null;
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const key: unknown = JSON.parse(utf8.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
    // Text Postgres can take: no NUL, no lone surrogate.
    const isText = (k: unknown) =>
      typeof k === "string" && !k.includes("\u0000") && k.isWellFormed();
    if (Array.isArray(key) && key.length === arity && key.every(isText)) return key;
  } catch { /* fall through */ }
  throw invalidCursor();
}

const invalidCursor = () =>
  new ApiError(422, "validation_failed", "invalid cursor", {
    fields: [{ field: "cursor", message: "not a cursor returned by this API" }],
  });

// The forms the API's cursors carry: ISO 8601 or Postgres's text output, always with an offset.
const timestamp =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/;

/** Whether every field is in range, as Postgres checks it (else a 22008 or 22009 from SQL). */
function isTimestamp(value: string): boolean {
  const m = timestamp.exec(value);
  if (!m) return false;
  const field = (i: number) => Number(m[i] ?? "0");
  const [year, month, day] = [field(1), field(2), field(3)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days &&
    field(4) <= 23 && field(5) <= 59 && field(6) <= 59 &&
    // Postgres takes offsets up to 15:59.
    field(7) <= 15 && field(8) <= 59;
}

/**
 * A cursor's timestamp as SQL: sent as text and cast in Postgres. As a timestamptz parameter,
 * postgres.js would make a JS Date of it and drop the microseconds, and the next page would then
 * skip the rows of the same millisecond (or repeat them, sorting the other way).
 */
export function cursorTimestamp(sql: Sql | Tx, value: string) {
  if (!isTimestamp(value)) throw invalidCursor();
  return sql`${value}::text::timestamptz`;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor's row id as SQL, checked to be a uuid first. */
export function cursorUuid(sql: Sql | Tx, value: string) {
  if (!uuid.test(value)) throw invalidCursor();
  return sql`${value}::uuid`;
}

/**
 * The keyset condition of a newest-first page, ordered by `<alias>.created_at desc, <alias>.id
 * desc`: the rows after the cursor's (created_at, id), or every row on the first page.
 */
export function olderThan(sql: Sql | Tx, alias: string, after: [string, string] | null) {
  return after
    ? sql`(${sql(alias)}.created_at, ${sql(alias)}.id) < (${cursorTimestamp(sql, after[0])}, ${
      cursorUuid(sql, after[1])
    })`
    : sql`true`;
}

/** A cursor's positive integer key (a sequence number), checked first. */
export function cursorInteger(value: string): number {
  const n = Number(value);
  if (!/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(n)) throw invalidCursor();
  return n;
}

/** The sequence number a cursor holds (a bigint key, as the audit log's ids), or null without one. */
export function cursorSequence(cursor: string | undefined): number | null {
  const key = decodeCursor(cursor, 1);
  return key ? cursorInteger(key[0]) : null;
}

/**
 * The offset a cursor holds, for a list ordered by something that changes under the reader (the
 * admins' users, by this month's cost), where no row's key says where the next page starts: 0
 * without a cursor, and never more than `max`, so a forged cursor cannot make Postgres skip
 * millions of rows or overflow an integer.
 */
export function cursorOffset(cursor: string | undefined, max: number): number {
  const offset = cursorSequence(cursor) ?? 0;
  if (offset > max) throw invalidCursor();
  return offset;
}

/** Splits a page fetched with limit + 1 rows into the page and its next cursor. */
export function page<T>(rows: T[], limit: number, key: (row: T) => string[]) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  // more: the page is full, and limit >= 1 (pageQuery), so it has a last row.
  return { items, next_cursor: more ? encodeCursor(key(items[limit - 1]!)) : null };
}

/**
 * A newest-first page of rows read with `created_at::text as created_at_text` (limit + 1 of them,
 * ordered by created_at desc, id desc): the rows without that column, and the next cursor, whose
 * created_at keeps Postgres's microseconds (a Date would round them, and the next page would skip
 * or repeat rows of the same millisecond).
 */
export function newestFirstPage<T extends { id: string; created_at_text: string }>(
  rows: T[],
  limit: number,
): { items: Omit<T, "created_at_text">[]; next_cursor: string | null } {
  const { items, next_cursor } = page(rows, limit, (r) => [r.created_at_text, r.id]);
  return { items: items.map(({ created_at_text: _, ...row }) => row), next_cursor };
}
