// GET /activity read a page at a time with `before` (the last entry's id): every entry once, in
// the order of the whole list, also where entries share a timestamp or were stamped out of id
// order; another user's entry id as `before` reads nothing of theirs.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
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
    const expected = whole.body.entries.map((e: { id: number }) => e.id);
    assert.equal(expected.length, ids.length);
    assert.notDeepEqual(
      expected,
      [...expected].sort((a: number, b: number) => b - a),
      "the list's order is not the ids' order",
    );

    const seen: number[] = [];
    let before: number | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res: { status: number; body: { entries: { id: number }[] } } = await api(
        "GET",
        `/activity?limit=2${before === null ? "" : `&before=${before}`}`,
        { auth: user },
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const page = res.body.entries.map((e) => e.id);
      seen.push(...page);
      if (page.length < 2) break;
      before = page.at(-1) ?? null;
    }
    assert.deepEqual(seen, expected);

    const other = await newUser("activity-pages-other");
    const theirs = await api("GET", `/activity?before=${expected[0]}`, { auth: other });
    assert.equal(theirs.status, 200);
    assert.deepEqual(theirs.body.entries, []);
  } finally {
    await sql.end();
  }
});
