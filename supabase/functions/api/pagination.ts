// Keyset pagination: `?limit=&cursor=` in, `next_cursor` out. The cursor is opaque to callers
// (base64url of the sort key of the last row), and a tampered cursor is a 422, not a 500.
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

export function encodeCursor(key: (string | number)[]): string {
  return btoa(JSON.stringify(key)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The sort key in a cursor: `arity` strings (checked), or null when there is no cursor. */
export function decodeCursor(cursor: string | undefined, arity: 1): [string] | null;
export function decodeCursor(cursor: string | undefined, arity: 2): [string, string] | null;
export function decodeCursor(cursor: string | undefined, arity: number): string[] | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === "string")) {
      return key;
    }
  } catch { /* fall through */ }
  throw invalidCursor();
}

const invalidCursor = () =>
  new ApiError(422, "validation_failed", "invalid cursor", {
    fields: [{ field: "cursor", message: "not a cursor returned by this API" }],
  });

const timestamp = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

/**
 * A cursor's timestamp as SQL: sent as text and cast in Postgres. As a timestamptz parameter,
 * postgres.js would make a JS Date of it and drop the microseconds, and the next page would then
 * skip the rows of the same millisecond (or repeat them, sorting the other way).
 */
export function cursorTimestamp(sql: Sql | Tx, value: string) {
  if (!timestamp.test(value)) throw invalidCursor();
  return sql`${value}::text::timestamptz`;
}

/** Splits a page fetched with limit + 1 rows into the page and its next cursor. */
export function page<T>(rows: T[], limit: number, key: (row: T) => string[]) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  // more: the page is full, and limit >= 1 (pageQuery), so it has a last row.
  return { items, next_cursor: more ? encodeCursor(key(items[limit - 1]!)) : null };
}
