// Library prompts in workflow stages (issue 17), on the running stack: an admin's spec names one
// stage's prompt by name@label in their library and another's by version id; a run pins the
// versions when it starts, so moving the label between two runs leaves the first on its version
// while the second picks up the moved one; a pinned version deleted with its prompt mid-run
// pauses the run at that stage (PROMPT_VERSION_GONE, no call made); a label removed since refuses
// the start with a 409 naming the stage; and a reference the author's library lacks is refused
// when the spec is written, per field.
import assert from "node:assert/strict";
import { api, newUser, type TestUser } from "../../../../dev/testing.ts";
import { adminSql } from "../run/testing.ts";
import { assertConsistent, drive, startInSql } from "./testing.ts";

async function ok(
  method: string,
  path: string,
  auth: TestUser,
  body?: unknown,
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  const res = await api(method, path, { auth, body });
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

Deno.test("stages use library prompts by id and by name@label, each run on the versions it pinned", async () => {
  const sql = adminSql();
  const slug = `lib-wf-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const admin = await newUser("wf-lib-admin");
    const user = await newUser("wf-lib-user");
    await sql`update public.profiles set role = 'admin' where id = ${admin.id}`;

    // The admin's library: essay-outline v1 (production) and v2; a summary prompt named by id.
    const outline = await ok("POST", "/prompts", admin, {
      title: "Essay outline",
      content: "V1 outline of {{topic}}.",
    });
    assert.equal(outline.name, "essay-outline");
    await ok("POST", `/prompts/${outline.id}/versions`, admin, {
      content: "V2 outline of {{topic}}, sharper.",
    });
    await ok("PUT", `/prompts/${outline.id}/labels/production`, admin, { version_number: 1 });
    const summary = await ok("POST", "/prompts", admin, {
      title: "Essay summary",
      content: "Summarise for {{topic}}: {{outline}}",
    });
    const [summaryVersion] = await sql<{ id: string }[]>`
      select current_version_id as id from public.prompts where id = ${summary.id}`;

    await ok("POST", "/admin/workflows/templates", admin, {
      slug,
      name: "Library essay",
      type: "test",
    });
    const stage = (id: string, gate: string, ref: Record<string, string>) => ({
      id,
      gate,
      name: `Stage ${gate}`,
      model: "anthropic/claude-3.5-haiku",
      max_attempts: 2,
      ...ref,
    });
    const spec = (first: Record<string, string>) => ({
      intent_schema: [{ field: "topic", type: "string", required: true }],
      stages: [
        stage("outline", "G1", first),
        stage("summary", "G2", { prompt_version_id: summaryVersion!.id }),
      ],
      qa_config: { checks: [] },
    });

    const refused = await api("POST", `/admin/workflows/templates/${slug}/specs`, {
      auth: admin,
      body: spec({ library_prompt: "essay-outline@staging" }),
    });
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.deepEqual(refused.body.error.details.fields, [{
      field: "stages[0]",
      message:
        "stage outline names library prompt essay-outline@staging: prompt essay-outline has no label staging",
    }]);
    const both = await api("POST", `/admin/workflows/templates/${slug}/specs`, {
      auth: admin,
      body: spec({ library_prompt: "essay-outline", prompt: "inline too" }),
    });
    assert.equal(both.status, 422);
    assert.match(both.body.error.details.fields[0].message, /needs exactly one of prompt/);
    await ok(
      "POST",
      `/admin/workflows/templates/${slug}/specs`,
      admin,
      spec({ library_prompt: "essay-outline@production" }),
    );

    // Run A pins production = v1 (started in SQL: no tick runs before the label moves) ...
    const runA = await startInSql(sql, user, slug, { topic: "tides" });
    await ok("PUT", `/prompts/${outline.id}/labels/production`, admin, { version_number: 2 });
    // ... and run B, started after the move, pins v2.
    const runB = (await ok("POST", "/workflows/runs", user, {
      template: slug,
      intent: { topic: "moons" },
    })).id;

    const a = await drive(user, runA);
    const b = await drive(user, runB);
    assert.equal(a.status, "completed", JSON.stringify(a.gates));
    assert.equal(b.status, "completed", JSON.stringify(b.gates));
    assert.equal(a.gates[0].prompt_packet, "V1 outline of tides.");
    assert.equal(b.gates[0].prompt_packet, "V2 outline of moons, sharper.");
    assert.equal(
      a.gates[1].prompt_packet,
      `Summarise for tides: ${a.gates[0].raw_output}`,
      "the version named by id binds the intent and the earlier stage's output",
    );
    const pins = await sql<{ id: string; outline: string; summary: string }[]>`
      select id, pinned_prompts ->> 'outline' as outline, pinned_prompts ->> 'summary' as summary
      from public.workflow_runs where id in (${runA}, ${runB})`;
    const [v1, v2] = await sql<{ id: string }[]>`select id from public.prompt_versions
      where prompt_id = ${outline.id} order by version_number`;
    assert.deepEqual(
      Object.fromEntries(pins.map((p) => [p.id, [p.outline, p.summary]])),
      { [runA]: [v1!.id, summaryVersion!.id], [runB]: [v2!.id, summaryVersion!.id] },
    );
    assert.deepEqual(
      b.pinned_prompts,
      { outline: v2!.id, summary: summaryVersion!.id },
      "the run's detail shows the versions it pinned",
    );
    await assertConsistent(sql, runA);
    await assertConsistent(sql, runB);

    // Run C pinned the summary's version, which its author then deletes with the prompt: its G1
    // passes, its G2 cannot call a model (nothing to send, and no retry brings the version back),
    // so the attempt fails PROMPT_VERSION_GONE with no call made and the run pauses saying why.
    const runC = await startInSql(sql, user, slug, { topic: "comets" });
    const deleted = await api("DELETE", `/prompts/${summary.id}`, { auth: admin });
    assert.ok(deleted.status < 300, JSON.stringify(deleted.body));
    const c = await drive(user, runC);
    assert.equal(c.status, "paused", JSON.stringify(c.gates));
    assert.match(c.pause_reason, /^Gate G2 could not call its model: PROMPT_VERSION_GONE \(/);
    const [g2] = await sql<{ status: string; fail_codes: string[]; model_run_id: string | null }[]>`
      select status::text, fail_codes, model_run_id from public.gate_executions
      where run_id = ${runC} and gate_id = 'G2'`;
    assert.deepEqual(g2, {
      status: "failed",
      fail_codes: ["PROMPT_VERSION_GONE"],
      model_run_id: null,
    });
    assert.equal(c.gates[0].status, "passed");
    await assertConsistent(sql, runC);

    // The label is removed: a new run is refused with a coded 409 naming the stage.
    const removed = await api("DELETE", `/prompts/${outline.id}/labels/production`, {
      auth: admin,
    });
    assert.ok(removed.status < 300, JSON.stringify(removed.body));
    const gone = await api("POST", "/workflows/runs", {
      auth: user,
      body: { template: slug, intent: { topic: "stars" } },
    });
    assert.equal(gone.status, 409, JSON.stringify(gone.body));
    assert.equal(gone.body.error.code, "workflow_prompt_unresolved");
    assert.equal(gone.body.error.details.fields[0].field, "stages[0]");
  } finally {
    await sql`delete from public.workflow_runs where template_id in
      (select id from public.workflow_templates where slug = ${slug})`;
    await sql`delete from public.workflow_templates where slug = ${slug}`;
    await sql.end();
  }
});
