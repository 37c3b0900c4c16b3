// Integration tests against the running stack: admins read each plan's limits with its runs a
// day, and change a plan's limits, which the next run is held to (a rendered prompt
// over the new size is refused; a tier taken out of the plan is refused with model_not_in_plan);
// bad input is a 422 naming the field; users get the 404 of a route that does not exist. The
// test puts the plan back as it was.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { Fixtures } from "../../../../dev/run_fixtures.ts";
import { one } from "../../_shared/db.ts";

interface AdminPlan {
  plan: string;
  max_prompt_chars: number;
  max_output_tokens: number;
  model_tiers: string[];
  runs_per_day: number;
}

const fieldOf = (body: { error: { details?: { fields?: { field: string }[] } } }) =>
  body.error.details?.fields?.map((f) => f.field);

Deno.test("admin plans: read and change a plan's limits, held from the next run", async () => {
  const fx = new Fixtures();
  const before = one(
    await fx.sql<{ max_prompt_chars: number; model_tiers: string[] }[]>`
      select max_prompt_chars, model_tiers::text[] as model_tiers
      from public.plan_limits where plan = 'pro'`,
  );
  try {
    const [admin, user] = await Promise.all([newUser("plans-admin"), newUser("plans-user")]);
    await fx.sql`update public.profiles set role = 'admin' where id = ${admin.id}`;
    await fx.sql`update public.profiles set plan = 'pro' where id = ${user.id}`;

    const list = await api("GET", "/admin/plans", { auth: admin });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(list.body.items.map((p: AdminPlan) => p.plan), ["free", "pro", "enterprise"]);
    const pro = list.body.items.find((p: AdminPlan) => p.plan === "pro");
    assert.equal(pro.max_prompt_chars, before.max_prompt_chars);
    assert.ok(pro.runs_per_day > 0);

    const prompt = await fx.prompt(user, "Long", "Say {{name}}.");
    const run = () =>
      api("POST", `/prompts/${prompt.id}/runs`, {
        auth: user,
        body: { variables: { name: "x".repeat(200) } },
      });
    assert.equal((await run()).status, 201, "a 205-character prompt runs under the plan's limit");

    const changed = await api("PATCH", "/admin/plans/pro", {
      auth: admin,
      body: { max_prompt_chars: 100, model_tiers: ["low"] },
    });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual(
      [changed.body.max_prompt_chars, changed.body.model_tiers],
      [100, ["low"]],
    );
    const tooLong = await run();
    assert.equal(tooLong.status, 413, JSON.stringify(tooLong.body));
    assert.equal(tooLong.body.error.code, "prompt_too_large");
    const shorter = await api("POST", `/prompts/${prompt.id}/runs`, {
      auth: user,
      body: { variables: { name: "hi" }, model: "openai/gpt-4o" },
    });
    assert.equal(shorter.status, 403, JSON.stringify(shorter.body));
    assert.equal(shorter.body.error.code, "model_not_in_plan");
    const audit = await api("GET", "/admin/audit?table=plan_limits", { auth: admin });
    assert.ok(
      audit.body.items.some((e: { record_id: string; changed_columns: string[] | null }) =>
        e.record_id === "pro" && e.changed_columns?.includes("max_prompt_chars")
      ),
      "the change is audited",
    );

    for (
      const [body, field] of [
        [{ max_prompt_chars: 0 }, "max_prompt_chars"],
        [{ max_output_tokens: 1.5 }, "max_output_tokens"],
        [{ model_tiers: [] }, "model_tiers"],
        [{ model_tiers: ["low", "low"] }, "model_tiers"],
        [{ model_tiers: ["gold"] }, "model_tiers.0"],
      ] as const
    ) {
      const res = await api("PATCH", "/admin/plans/pro", { auth: admin, body });
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.deepEqual(fieldOf(res.body), [field], JSON.stringify(res.body));
    }
    assert.equal((await api("PATCH", "/admin/plans/pro", { auth: admin, body: {} })).status, 422);
    assert.equal(
      (await api("PATCH", "/admin/plans/platinum", { auth: admin, body: { max_prompt_chars: 9 } }))
        .status,
      422,
    );
    for (
      const [method, path] of [["GET", "/admin/plans"], ["PATCH", "/admin/plans/pro"]] as const
    ) {
      const res = await api(method, path, {
        auth: user,
        body: method === "GET" ? undefined : { max_prompt_chars: 1 },
      });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
  } finally {
    await fx.sql`update public.plan_limits set max_prompt_chars = ${before.max_prompt_chars},
      model_tiers = ${fx.sql.array(before.model_tiers)}::text[]::public.model_tier[]
      where plan = 'pro'`;
    await fx.end();
  }
});
