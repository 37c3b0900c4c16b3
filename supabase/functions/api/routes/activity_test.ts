// GET /activity read a page at a time with `cursor` (naming the page's last entry): every entry
// once, in the order of the whole list, also where entries share a timestamp or were stamped out
// of id order, and when retention prunes the entry a cursor names between two pages; another
// user's cursor reads only the caller's own entries, and a forged one is a 422.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { encodeCursor } from "../pagination.ts";
import { adminSql } from "../run/testing.ts";

Deno.test("activity: a page at a time after an entry, every entry once, in order", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("activity-pages");
    // A change whose transaction began before the others and ended after them: its entry gets
    // the last id but the earliest time (occurred_at is the transaction's start).
    const late = sql.begin(async (tx) => {
      await tx`select now()`;
      await made;
      await tx`insert into public.prompts (user_id, title) values (${user.id}, 'Late')`;
    });
    let release = () => {};
    const made = new Promise<void>((r) => release = r);
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 5; i++) {
      const res = await api("POST", "/prompts", {
        auth: user,
        body: { title: `A${i}`, content: "Hi" },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    release();
    await late;
    const ids = (await sql<{ id: string }[]>`select id::text from public.audit_log
      where subject_user_id = ${user.id} order by id`).map((r) => Number(r.id));
    assert.ok(ids.length >= 6, `${ids.length} entries`);

    const whole = await api("GET", "/activity?limit=200", { auth: user });
    assert.equal(whole.status, 200);
    const expected = whole.body.items.map((e: { id: number }) => e.id);
    assert.equal(expected.length, ids.length);
    assert.notDeepEqual(
      expected,
      [...expected].sort((a: number, b: number) => b - a),
      "the list's order is not the ids' order",
    );

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: {
        status: number;
        body: { items: { id: number }[]; next_cursor: string | null };
      } = await api("GET", `/activity?limit=2${cursor === null ? "" : `&cursor=${cursor}`}`, {
        auth: user,
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.items.length <= 2);
      seen.push(...res.body.items.map((e) => e.id));
      cursor = res.body.next_cursor;
    } while (cursor !== null && ++pages < 10);
    assert.deepEqual(seen, expected);
    assert.equal(pages, Math.ceil(expected.length / 2) - 1, "no empty page at the end");

    // Retention prunes the entry the cursor names before the next page is read: the next page
    // is still the entries after it. (prune_audit_log deletes by age; the test says it is the
    // pruner with the same transaction-local marker.)
    const first = await api("GET", "/activity?limit=2", { auth: user });
    assert.deepEqual(first.body.items.map((e: { id: number }) => e.id), expected.slice(0, 2));
    await sql.begin(async (tx) => {
      await tx`select set_config('promptline.audit_prune', 'on', true)`;
      await tx`delete from public.audit_log where id = ${expected[1]}`;
    });
    const afterPruned = await api("GET", `/activity?limit=2&cursor=${first.body.next_cursor}`, {
      auth: user,
    });
    assert.equal(afterPruned.status, 200, JSON.stringify(afterPruned.body));
    assert.deepEqual(
      afterPruned.body.items.map((e: { id: number }) => e.id),
      expected.slice(2, 4),
    );

    // Another user's cursor is a place in the list, not an entry: it reads the caller's own
    // entries older than that place, none of the first user's.
    const other = await newUser("activity-pages-other");
    await api("POST", "/prompts", { auth: other, body: { title: "Theirs", content: "Hi" } });
    const theirs = await api("GET", `/activity?limit=200&cursor=${first.body.next_cursor}`, {
      auth: other,
    });
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body, { items: [], next_cursor: null });
    const own = await api("GET", "/activity?limit=200", { auth: other });
    assert.ok(own.body.items.length >= 1);
    assert.ok(
      own.body.items.every((e: { subject_user_id: string }) => e.subject_user_id === other.id),
    );

    for (const key of [["-1"], ["2026-12-06 10:00:00+00", "-1"], ["2026-02-30 10:00:00+00", "5"]]) {
      const forged = await api("GET", `/activity?cursor=${encodeCursor(key)}`, { auth: user });
      assert.equal(forged.status, 422, JSON.stringify(key));
      assert.equal(forged.body.error.details.fields[0].field, "cursor");
    }
  } finally {
    await sql.end();
  }
});
