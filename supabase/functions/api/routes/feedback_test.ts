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
    const runs = cats.body.categories.find((c: { path: string }) => c.path === "Product / Runs");
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
    const seen = list.body.feedback.find((f: { id: string }) => f.id === fb.id);
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
    assert.equal(mine.body.feedback.length, 1);
    assert.equal(mine.body.feedback[0].admin_response, "Fixed.");
    assert.equal(mine.body.feedback[0].status, "resolved");
    assert.equal(mine.body.feedback[0].tags, undefined, "tags are the admins'");
    const theirsList = await api("GET", "/feedback", { auth: other });
    assert.equal(theirsList.body.feedback.length, 0);

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
