// GET /activity read a page at a time with `cursor` (naming the page's last entry): every entry
// once, in the order of the whole list, also where entries share a timestamp or were stamped out
// of id order; a cursor naming another user's entry reads nothing of theirs, and a forged one is
// a 422.
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

    const other = await newUser("activity-pages-other");
    const theirs = await api(
      "GET",
      `/activity?cursor=${encodeCursor([String(expected[0])])}`,
      { auth: other },
    );
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body, { items: [], next_cursor: null });

    const forged = await api("GET", `/activity?cursor=${encodeCursor(["-1"])}`, { auth: user });
    assert.equal(forged.status, 422);
    assert.equal(forged.body.error.details.fields[0].field, "cursor");
  } finally {
    await sql.end();
  }
});
