// Integration tests against the running stack: every /admin route as an admin, as a user (404,
// the same answer as a route that does not exist), and with an API key of each; a plan change
// audited and shown in the user's /activity; a disabled user's API keys and runs refused (403).
import assert from "node:assert/strict";
import { api, newUser, type TestUser } from "../../../../dev/testing.ts";
import { Fixtures } from "../../../../dev/run_fixtures.ts";
import { createApiKey } from "./library_testing.ts";

async function makeAdmin(fx: Fixtures, user: TestUser) {
  await fx.sql`update public.profiles set role = 'admin' where id = ${user.id}`;
}

Deno.test("admin routes: admins only, 404 for everyone else, API keys read but do not change", async () => {
  const fx = new Fixtures();
  try {
    const [admin, user] = await Promise.all([newUser("admin"), newUser("admin-user")]);
    await makeAdmin(fx, admin);
    const p = await fx.prompt(user);
    await fx.run(user, p.id, {
      model: "standin/echo",
      price: { input: 1, output: 2 },
      promptTokens: 1000,
      completionTokens: 1000,
    });
    await fx.run(user, p.id, { model: "standin/echo", status: "error" });
    // An admin's key reaches the admin area with the admin scope (key_scopes_test has the rest).
    const [adminKey, userKey] = await Promise.all([
      createApiKey(admin, ["read", "run", "write", "admin"]),
      createApiKey(user),
    ]);

    const reads = [
      "/admin/dashboard?days=7",
      `/admin/users?search=${encodeURIComponent(user.email)}`,
      `/admin/runs?user_id=${user.id}`,
      `/admin/audit?user_id=${user.id}`,
      "/admin/health",
    ];
    const patch = { method: "PATCH", path: `/admin/users/${user.id}`, body: { plan: "pro" } };
    for (const auth of [user, userKey.key]) {
      for (const path of reads) {
        const res = await api("GET", path, { auth });
        assert.equal(res.status, 404, `${path}: ${JSON.stringify(res.body)}`);
        assert.deepEqual(res.body, { error: { code: "not_found", message: "no such route" } });
      }
      const res = await api(patch.method, patch.path, { auth, body: patch.body });
      assert.equal(res.status, 404, JSON.stringify(res.body));
    }
    const unchanged = await api("GET", "/settings", { auth: user });
    assert.equal(unchanged.body.profile.plan, "free", "a refused change changed nothing");

    for (const auth of [admin, adminKey.key]) {
      const d = await api("GET", reads[0]!, { auth });
      assert.equal(d.status, 200, JSON.stringify(d.body));
      assert.equal(d.body.per_day.length, 7);
      assert.ok(d.body.cost_by_model.some((m: { model: string }) => m.model === "standin/echo"));
      assert.ok(d.body.top_users.some((u: { user_id: string }) => u.user_id === user.id));
      assert.ok(d.body.errors_by_provider.length >= 0);

      const users = await api("GET", reads[1]!, { auth });
      assert.equal(users.status, 200, JSON.stringify(users.body));
      assert.equal(users.body.items.length, 1);
      const u = users.body.items[0];
      assert.equal(u.user_id, user.id);
      assert.equal(u.plan, "free");
      assert.equal(u.runs_total, 2);
      assert.equal(u.cost_total_usd, 3, "1000 tokens at 1 + 1000 at 2 per 1k");

      const runs = await api("GET", reads[2]!, { auth });
      assert.equal(runs.status, 200, JSON.stringify(runs.body));
      assert.equal(runs.body.items.length, 2);
      const errors = await api("GET", `/admin/runs?user_id=${user.id}&status=error`, { auth });
      assert.equal(errors.body.items.length, 1);

      const audit = await api("GET", reads[3]!, { auth });
      assert.equal(audit.status, 200, JSON.stringify(audit.body));
      assert.ok(audit.body.items.some((e: { table_name: string }) => e.table_name === "prompts"));
      assert.ok(
        audit.body.items.every((e: { subject_email: string }) => e.subject_email === user.email),
        "each entry names whose data changed by email",
      );

      const health = await api("GET", reads[4]!, { auth });
      assert.equal(health.status, 200, JSON.stringify(health.body));
      assert.ok(["ok", "degraded"].includes(health.body.health.status));
      assert.ok(
        health.body.health.jobs.some((j: { job: string }) => j.job === "daily-maintenance"),
      );
      assert.ok(
        health.body.integrity.some((i: { check_name: string }) =>
          i.check_name === "run_cost_mismatch"
        ),
      );
      assert.deepEqual(
        health.body.security.filter((x: { severity: string }) => x.severity === "error"),
        [],
      );
      assert.ok(health.body.stats.tables.length > 10);
    }

    const byKey = await api(patch.method, patch.path, { auth: adminKey.key, body: patch.body });
    assert.equal(byKey.status, 403, JSON.stringify(byKey.body));
    assert.equal(byKey.body.error.code, "session_required");

    const changed = await api(patch.method, patch.path, { auth: admin, body: patch.body });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.equal(changed.body.plan, "pro");
    const settings = await api("GET", "/settings", { auth: user });
    assert.equal(settings.body.profile.plan, "pro");

    const activity = await api("GET", "/activity", { auth: user });
    assert.equal(activity.status, 200, JSON.stringify(activity.body));
    const planChange = activity.body.items.find((e: { table_name: string; action: string }) =>
      e.table_name === "profiles" && e.action === "update"
    );
    assert.ok(planChange, "the user sees the admin's change in their activity");
    assert.equal(planChange.actor_id, admin.id);
    assert.deepEqual(planChange.changed_columns, ["plan"]);
    assert.deepEqual([planChange.before.plan, planChange.after.plan], ["free", "pro"]);

    const unknown = await api("PATCH", `/admin/users/${crypto.randomUUID()}`, {
      auth: admin,
      body: { plan: "pro" },
    });
    assert.equal(unknown.status, 404);
    const self = await api("PATCH", `/admin/users/${admin.id}`, {
      auth: admin,
      body: { role: "user" },
    });
    assert.equal(self.status, 422, JSON.stringify(self.body));

    const doc = await api("GET", "/openapi.json");
    for (
      const path of [
        "/admin/dashboard",
        "/admin/users",
        "/admin/users/{id}",
        "/admin/runs",
        "/admin/audit",
        "/admin/health",
      ]
    ) {
      assert.ok(doc.body.paths[`/api${path}`], `${path} is in the OpenAPI document`);
    }
  } finally {
    await fx.end();
  }
});

Deno.test("a disabled user: API keys and runs refused with 403 user_disabled, back when enabled", async () => {
  const fx = new Fixtures();
  try {
    const [admin, user] = await Promise.all([newUser("admin"), newUser("disabled")]);
    await makeAdmin(fx, admin);
    const p = await fx.prompt(user);
    const key = await createApiKey(user);

    const off = await api("PATCH", `/admin/users/${user.id}`, {
      auth: admin,
      body: { disabled: true, reason: "abuse" },
    });
    assert.equal(off.status, 200, JSON.stringify(off.body));
    assert.ok(off.body.disabled_at);
    assert.equal(off.body.disabled_reason, "abuse");

    const byKey = await api("GET", "/prompts", { auth: key.key });
    assert.equal(byKey.status, 403, JSON.stringify(byKey.body));
    assert.equal(byKey.body.error.code, "user_disabled");
    const run = await api("POST", `/prompts/${p.id}/runs`, {
      auth: user,
      body: { variables: { name: "Ann" } },
    });
    assert.equal(run.status, 403, JSON.stringify(run.body));
    assert.equal(run.body.error.code, "user_disabled");

    const on = await api("PATCH", `/admin/users/${user.id}`, {
      auth: admin,
      body: { disabled: false },
    });
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.disabled_at, null);
    const again = await api("GET", "/prompts", { auth: key.key });
    assert.equal(again.status, 200, JSON.stringify(again.body));
    const ran = await api("POST", `/prompts/${p.id}/runs`, {
      auth: user,
      body: { variables: { name: "Ann" } },
    });
    assert.equal(ran.status, 201, JSON.stringify(ran.body));
  } finally {
    await fx.end();
  }
});

Deno.test("admin runs: a page at a time, none repeated or skipped where runs share a created_at", async () => {
  const fx = new Fixtures();
  try {
    const [admin, user] = await Promise.all([newUser("admin-pages"), newUser("admin-pages-user")]);
    await makeAdmin(fx, admin);
    const p = await fx.prompt(user);
    for (let i = 0; i < 5; i++) await fx.run(user, p.id, { model: "standin/echo" });
    // Four of the five in the same microsecond, so a page boundary falls among them.
    await fx.sql`update public.runs set created_at = '2026-12-01 10:00:00.123456+00'
      where id in (select id from public.runs where user_id = ${user.id} order by id limit 4)`;
    const expected = (await fx.sql<{ id: string }[]>`select id from public.runs
      where user_id = ${user.id} order by created_at desc, id desc`).map((r) => r.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: { items: { id: string }[]; next_cursor: string | null } } =
        await api(
          "GET",
          `/admin/runs?user_id=${user.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
          { auth: admin },
        );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.items.length <= 2);
      seen.push(...res.body.items.map((r) => r.id));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    assert.deepEqual(seen, expected);
    assert.equal(pages, 3);

    // The whole list at once is the same list; a cursor not made by the API is a 422.
    const all = await api("GET", `/admin/runs?user_id=${user.id}&limit=200`, { auth: admin });
    assert.deepEqual(all.body.items.map((r: { id: string }) => r.id), expected);
    assert.equal(all.body.next_cursor, null);
    const forged = await api("GET", `/admin/runs?cursor=${btoa('["yesterday","x"]')}`, {
      auth: admin,
    });
    assert.equal(forged.status, 422, JSON.stringify(forged.body));
    assert.equal(forged.body.error.details.fields[0].field, "cursor");
  } finally {
    await fx.end();
  }
});

Deno.test("admin users and audit: a page at a time, every row once, forged cursors a 422", async () => {
  const fx = new Fixtures();
  try {
    const tag = `admin-users-pages-${crypto.randomUUID().slice(0, 8)}`;
    const admin = await newUser("admin-users-pages-admin");
    await makeAdmin(fx, admin);
    const users = await Promise.all([1, 2, 3].map((i) => newUser(`${tag}-${i}`)));
    for (const u of users) await fx.prompt(u);

    // The users list, two at a time over a search that finds the three.
    type Page<T> = { status: number; body: { items: T[]; next_cursor: string | null } };
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Page<{ user_id: string }> = await api(
        "GET",
        `/admin/users?search=${tag}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        { auth: admin },
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      seen.push(...res.body.items.map((u) => u.user_id));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 2);
    assert.deepEqual(seen.toSorted(), users.map((u) => u.id).toSorted());

    // One user's audit entries, one at a time: the same entries as the whole list, in order.
    const whole = await api("GET", `/admin/audit?user_id=${users[0]!.id}&limit=200`, {
      auth: admin,
    });
    const expected = whole.body.items.map((e: { id: number }) => e.id);
    assert.ok(expected.length >= 2, JSON.stringify(whole.body));
    assert.equal(whole.body.next_cursor, null);
    const entries: number[] = [];
    cursor = null;
    pages = 0;
    do {
      const res: Page<{ id: number }> = await api(
        "GET",
        `/admin/audit?user_id=${users[0]!.id}&limit=1${cursor ? `&cursor=${cursor}` : ""}`,
        { auth: admin },
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      entries.push(...res.body.items.map((e) => e.id));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor && pages < 50);
    assert.deepEqual(entries, expected);

    // Cursors are the API's own: an offset past what any admin reads, or not a number at all.
    for (
      const [path, keys] of [
        ["/admin/users", ["100000000", "-1", "x"]],
        ["/admin/audit", ["0", "1.5", "x"]],
      ] as const
    ) {
      for (const key of keys) {
        const forged = await api("GET", `${path}?cursor=${btoa(JSON.stringify([key]))}`, {
          auth: admin,
        });
        assert.equal(forged.status, 422, `${path} ${key}: ${JSON.stringify(forged.body)}`);
        assert.equal(forged.body.error.details.fields[0].field, "cursor");
      }
    }
  } finally {
    await fx.end();
  }
});
