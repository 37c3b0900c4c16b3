// Integration tests against the running stack: feedback end to end (a user sends it with what
// the client captured, an admin triages, tags and responds, the user reads the response), the
// admin feedback routes' 404 for users and their API keys, links only to one's own rows, and the
// per-day analytics.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { Fixtures } from "../../../../dev/run_fixtures.ts";
import { createApiKey } from "./library_testing.ts";

Deno.test("feedback: sent, triaged, answered and read back", async () => {
  const fx = new Fixtures();
  try {
    const [admin, user, other] = await Promise.all([
      newUser("fb-admin"),
      newUser("fb-user"),
      newUser("fb-other"),
    ]);
    await fx.sql`update public.profiles set role = 'admin' where id = ${admin.id}`;
    const p = await fx.prompt(user);
    const theirs = await fx.prompt(other);

    const cats = await api("GET", "/feedback/categories", { auth: user });
    assert.equal(cats.status, 200, JSON.stringify(cats.body));
    const runs = cats.body.items.find((c: { path: string }) => c.path === "Product / Runs");
    assert.ok(runs, "categories come with their path");

    const sent = await api("POST", "/feedback", {
      auth: user,
      headers: { "user-agent": "FeedbackTest/1.0" },
      body: {
        feedback_type: "bug",
        priority: "high",
        message: "Running this prompt shows nothing",
        rating: 2,
        category_id: runs.id,
        prompt_id: p.id,
        page: `/prompts/${p.id}`,
        browser_info: { language: "en-GB", viewport: "1280x800" },
        device_info: { platform: "Linux", touch: false },
      },
    });
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    const fb = sent.body;
    assert.equal(fb.status, "open");
    assert.equal(fb.category, "Runs");
    assert.equal(fb.admin_response, null);

    const bad = await api("POST", "/feedback", { auth: user, body: { message: "x", rating: 9 } });
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    const notMine = await api("POST", "/feedback", {
      auth: user,
      body: { message: "about their prompt", prompt_id: theirs.id },
    });
    assert.equal(notMine.status, 404, JSON.stringify(notMine.body));

    const userKey = await createApiKey(user);
    for (const auth of [user, userKey.key]) {
      for (
        const [method, path, body] of [
          ["GET", "/admin/feedback", undefined],
          ["GET", "/admin/feedback/analytics", undefined],
          ["PATCH", `/admin/feedback/${fb.id}`, { status: "closed" }],
        ] as const
      ) {
        const res = await api(method, path, { auth, body });
        assert.equal(res.status, 404, `${method} ${path}: ${JSON.stringify(res.body)}`);
      }
    }

    const list = await api("GET", "/admin/feedback?status=open&feedback_type=bug", { auth: admin });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const seen = list.body.items.find((f: { id: string }) => f.id === fb.id);
    assert.ok(seen, "the admin sees it among the open bugs");
    assert.equal(seen.email, user.email);
    assert.equal(seen.user_agent, "FeedbackTest/1.0", "the request's user agent when none is sent");
    assert.deepEqual(seen.device_info, { platform: "Linux", touch: false });

    const triaged = await api("PATCH", `/admin/feedback/${fb.id}`, {
      auth: admin,
      body: { status: "resolved", priority: "urgent", tags: ["Runs", "ui"], response: "Fixed." },
    });
    assert.equal(triaged.status, 200, JSON.stringify(triaged.body));
    assert.equal(triaged.body.status, "resolved");
    assert.equal(triaged.body.priority, "urgent");
    assert.deepEqual(triaged.body.tags, ["runs", "ui"]);
    assert.equal(triaged.body.responder_id, admin.id);
    assert.ok(triaged.body.responded_at && triaged.body.resolved_at);

    const missing = await api("PATCH", `/admin/feedback/${crypto.randomUUID()}`, {
      auth: admin,
      body: { status: "closed" },
    });
    assert.equal(missing.status, 404);

    const mine = await api("GET", "/feedback", { auth: user });
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    assert.equal(mine.body.items.length, 1);
    assert.equal(mine.body.items[0].admin_response, "Fixed.");
    assert.equal(mine.body.items[0].status, "resolved");
    assert.equal(mine.body.items[0].tags, undefined, "tags are the admins'");
    const theirsList = await api("GET", "/feedback", { auth: other });
    assert.equal(theirsList.body.items.length, 0);

    await fx.sql`select private.refresh_feedback_analytics()`;
    const stats = await api("GET", "/admin/feedback/analytics?days=7", { auth: admin });
    assert.equal(stats.status, 200, JSON.stringify(stats.body));
    const today = stats.body.days.at(-1);
    assert.equal(today.day, new Date().toISOString().slice(0, 10));
    assert.ok(today.total_feedback >= 1 && today.resolved_feedback >= 1);
    assert.ok(today.feedback_by_type.bug >= 1);
  } finally {
    await fx.end();
  }
});

Deno.test("admin feedback: a page at a time, every item once, in the order of the whole list", async () => {
  const fx = new Fixtures();
  try {
    const [admin, user] = await Promise.all([newUser("fb-pages-admin"), newUser("fb-pages")]);
    await fx.sql`update public.profiles set role = 'admin' where id = ${admin.id}`;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const sent = await api("POST", "/feedback", {
        auth: user,
        body: { feedback_type: "feature", message: `Idea ${i}` },
      });
      assert.equal(sent.status, 201, JSON.stringify(sent.body));
      made.push(sent.body.id);
    }
    // Two of them in one microsecond, so a page boundary falls between rows of one created_at.
    await fx.sql`update public.feedback set created_at = (select created_at from public.feedback
      where id = ${made[3]!}) where id = ${made[4]!}`;

    const whole = await api("GET", "/admin/feedback?feedback_type=feature&limit=200", {
      auth: admin,
    });
    assert.equal(whole.status, 200, JSON.stringify(whole.body));
    const expected: string[] = whole.body.items.map((f: { id: string }) => f.id);
    assert.ok(made.every((id) => expected.includes(id)), "the newest are on the first page");

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 200; pages++) {
      const res: { status: number; body: { items: { id: string }[]; next_cursor: string } } =
        await api(
          "GET",
          `/admin/feedback?feedback_type=feature&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
          { auth: admin },
        );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      seen.push(...res.body.items.map((f) => f.id));
      cursor = res.body.next_cursor;
      if (!cursor || seen.length >= expected.length) break;
    }
    // Pages of 2 give what one page of up to 200 gives, in the same order.
    assert.deepEqual(seen.slice(0, expected.length), expected);
    const forged = await api("GET", "/admin/feedback?cursor=not-a-cursor", { auth: admin });
    assert.equal(forged.status, 422, JSON.stringify(forged.body));

    // The sender's own list pages the same way: their five, newest first, two at a time.
    const own: string[] = [];
    let next: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const res: { status: number; body: { items: { id: string }[]; next_cursor: string } } =
        await api("GET", `/feedback?limit=2${next ? `&cursor=${next}` : ""}`, { auth: user });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      own.push(...res.body.items.map((f) => f.id));
      next = res.body.next_cursor;
      if (!next) break;
    }
    assert.deepEqual(own, expected.filter((id) => made.includes(id)));
    assert.equal(own.length, 5);
  } finally {
    await fx.end();
  }
});
