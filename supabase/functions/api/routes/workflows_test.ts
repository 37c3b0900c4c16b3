// Workflows over HTTP on the running stack (issue 17): templates and specs read signed out, a
// run of the etymology essay from start to its artifacts on the LLM stand-in, the intent checked
// per field, runs and artifacts private to their owner, and the tick the service role's alone.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { apiUrl } from "../../../../dev/testing.ts";
import { adminSql, readSse } from "../run/testing.ts";
import { assertConsistent, drive, serviceKey, tick, timeline } from "../workflows/testing.ts";

async function sha256Hex(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("workflow templates and specs are read signed out; an unknown one is a 404", async () => {
  const list = await api("GET", "/workflows/templates");
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const slugs = list.body.items.map((t: { slug: string }) => t.slug);
  assert.ok(slugs.includes("typographic-etymology") && slugs.includes("research-brief"));

  const detail = await api("GET", "/workflows/templates/typographic-etymology");
  assert.equal(detail.status, 200);
  assert.equal(detail.body.name, "Typographic / Etymology Visual Essay");
  assert.deepEqual(
    detail.body.spec.intent_schema.map((f: { field: string }) => f.field),
    ["word", "angle", "audience", "length"],
  );
  assert.equal(detail.body.spec.stages.length, 5);
  assert.match(detail.body.spec.content_hash, /^sha256:[0-9a-f]{64}$/);

  const spec = await api("GET", `/workflows/specs/${detail.body.spec_id}`);
  assert.equal(spec.status, 200);
  assert.equal(spec.body.content_hash, detail.body.spec.content_hash);

  assert.equal((await api("GET", "/workflows/templates/no-such-template")).status, 404);
  assert.equal((await api("GET", `/workflows/specs/${crypto.randomUUID()}`)).status, 404);
});

Deno.test("starting a run checks the intent against intent_schema, one 422 field each", async () => {
  const user = await newUser("wf-intent");
  const res = await api("POST", "/workflows/runs", {
    auth: user,
    body: {
      template: "typographic-etymology",
      intent: { angle: "poetic", audience: 3, colour: "red" },
    },
  });
  assert.equal(res.status, 422, JSON.stringify(res.body));
  assert.equal(res.body.error.code, "validation_failed");
  const fields = res.body.error.details.fields.map((f: { field: string }) => f.field).sort();
  assert.deepEqual(fields, ["intent.angle", "intent.audience", "intent.colour", "intent.word"]);

  const unknown = await api("POST", "/workflows/runs", {
    auth: user,
    body: { template: "no-such-template", intent: {} },
  });
  assert.equal(unknown.status, 404);
  assert.equal(
    (await api("POST", "/workflows/runs", { body: { template: "research-brief", intent: {} } }))
      .status,
    401,
  );
  const mine = await api("GET", "/workflows/runs", { auth: user });
  assert.deepEqual(mine.body.items, [], "a refused start leaves no run");

  // Its gates call models: an API key needs the run scope to start one.
  const key = await api("POST", "/api-keys", {
    auth: user,
    body: { name: "read only", scopes: ["read", "write"] },
  });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  const refused = await api("POST", "/workflows/runs", {
    auth: key.body.key,
    body: { template: "research-brief", intent: { topic: "scopes" } },
  });
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  assert.equal(refused.body.error.details.required_scope, "run");
  assert.equal((await api("GET", "/workflows/runs", { auth: key.body.key })).status, 200);
});

Deno.test("the etymology essay runs end to end on the stand-in: five gates, artifacts, exact totals", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("wf-e2e");
    const before = (await api("GET", "/usage", { auth: user })).body.remaining;
    const start = await api("POST", "/workflows/runs", {
      auth: user,
      body: { template: "typographic-etymology", intent: { word: "serendipity" } },
    });
    assert.equal(start.status, 201, JSON.stringify(start.body));
    assert.deepEqual(start.body.intent, {
      word: "serendipity",
      angle: "etymology",
      audience: "general",
      length: "12min",
    }, "defaults applied");
    assert.equal(start.body.display_name, "serendipity");
    assert.match(start.body.project_slug, /^serendipity-typographic-etymology-\d{8}$/);

    const run = await drive(user, start.body.id);
    assert.equal(run.status, "completed", JSON.stringify(timeline(run)));
    assert.deepEqual(timeline(run), [
      ["G1", "passed", 1, []],
      ["G2", "passed", 1, []],
      ["G3", "passed", 1, []],
      ["G4", "passed", 1, []],
      ["G5", "passed", 1, []],
    ]);
    assert.equal(run.gates_passed, 5);
    assert.equal(run.current_gate, null);
    assert.ok(Number(run.total_cost_usd) > 0, "gates are priced");
    // a later gate's packet carries an earlier gate's output
    assert.ok(run.gates[2].prompt_packet.includes(run.gates[1].raw_output));
    await assertConsistent(sql, run.id);

    // Every gate was one run of kind workflow_gate, counted against today's quota.
    const calls = await sql`select kind::text, user_id from public.runs
      where id in ${sql(run.gates.map((g: { model_run_id: string }) => g.model_run_id))}`;
    assert.equal(calls.length, 5);
    assert.ok(calls.every((c) => c.kind === "workflow_gate" && c.user_id === user.id));
    const after = (await api("GET", "/usage", { auth: user })).body.remaining;
    assert.equal(before - after, 5, "five gates, five of the day's runs");

    const arts = await api("GET", `/workflows/runs/${run.id}/artifacts`, { auth: user });
    assert.equal(arts.status, 200);
    assert.deepEqual(arts.body.items.map((a: { file_path: string }) => a.file_path), [
      "intake/INTENT.json",
      "research/CONCEPTS.md",
      "design/SEQUENCE.md",
      "essay/ESSAY.md",
      "audit/AUDIT.json",
    ]);
    assert.ok(arts.body.items.every((a: { attempt: number }) => a.attempt === 1));
    const essay = arts.body.items[3];
    const detail = await api("GET", `/workflows/artifacts/${essay.id}`, { auth: user });
    assert.equal(detail.status, 200);
    assert.match(detail.body.content, /^# Essay\n\n## Introduction\n/);
    assert.equal(detail.body.content_hash, await sha256Hex(detail.body.content));
    assert.equal(detail.body.size_bytes, new TextEncoder().encode(detail.body.content).length);

    const download = await api("GET", `/workflows/artifacts/${essay.id}/download`, { auth: user });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get("content-type"), "text/markdown; charset=utf-8");
    assert.equal(download.headers.get("etag"), `"${essay.content_hash}"`);
    assert.equal(download.body, detail.body.content);
    const again = await api("GET", `/workflows/artifacts/${essay.id}/download`, {
      auth: user,
      headers: { "if-none-match": `"${essay.content_hash}"` },
    });
    assert.equal(again.status, 304);

    const mine = await api("GET", "/workflows/runs", { auth: user });
    assert.deepEqual(mine.body.items.map((r: { id: string }) => r.id), [run.id]);

    // Every artifact of the user's runs, newest first, two at a time, each once, with its run.
    const paged: { file_path: string; run_id: string; run_name: string }[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: typeof paged; next_cursor: string | null } } =
        await api("GET", `/workflows/artifacts?limit=2${cursor ? `&cursor=${cursor}` : ""}`, {
          auth: user,
        });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      paged.push(...res.body.items);
      cursor = res.body.next_cursor;
    } while (cursor);
    assert.deepEqual(
      paged.map((a) => a.file_path),
      arts.body.items.map((a: { file_path: string }) => a.file_path).reverse(),
    );
    assert.ok(paged.every((a) => a.run_id === run.id && a.run_name === run.display_name));

    // Another user sees none of it; signed out, nothing at all.
    const other = await newUser("wf-e2e-other");
    assert.equal((await api("GET", `/workflows/runs/${run.id}`, { auth: other })).status, 404);
    assert.equal(
      (await api("GET", `/workflows/runs/${run.id}/artifacts`, { auth: other })).status,
      404,
    );
    assert.equal(
      (await api("GET", `/workflows/artifacts/${essay.id}`, { auth: other })).status,
      404,
    );
    assert.equal(
      (await api("GET", `/workflows/artifacts/${essay.id}/download`, { auth: other })).status,
      404,
    );
    assert.equal(
      (await api("POST", `/workflows/runs/${run.id}/cancel`, { auth: other })).status,
      404,
    );
    assert.deepEqual((await api("GET", "/workflows/runs", { auth: other })).body.items, []);
    assert.deepEqual((await api("GET", "/workflows/artifacts", { auth: other })).body.items, []);
    assert.equal((await api("GET", `/workflows/runs/${run.id}`)).status, 401);

    // An ended run cannot be cancelled.
    const cancel = await api("POST", `/workflows/runs/${run.id}/cancel`, { auth: user });
    assert.equal(cancel.status, 409);
    assert.equal(cancel.body.error.code, "workflow_run_ended");
  } finally {
    await sql.end();
  }
});

Deno.test("the tick is the service role's alone", async () => {
  const user = await newUser("wf-tick");
  assert.equal((await api("POST", "/workflows/tick", { body: {} })).status, 401);
  assert.equal((await api("POST", "/workflows/tick", { auth: user, body: {} })).status, 403);
  assert.equal(
    (await api("POST", "/workflows/tick", { auth: `${serviceKey}x`, body: {} })).status,
    403,
  );
});

Deno.test("a run is cancelled with its pending gates; nothing runs after", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("wf-cancel");
    const start = await api("POST", "/workflows/runs", {
      auth: user,
      body: { template: "research-brief", intent: { topic: "cancelling" } },
    });
    assert.equal(start.status, 201);
    const cancel = await api("POST", `/workflows/runs/${start.body.id}/cancel`, { auth: user });
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    assert.equal(cancel.body.status, "cancelled");
    // A gate a worker was running when the run was cancelled still finishes and is recorded.
    let run = await drive(user, start.body.id);
    for (
      let i = 0;
      i < 200 && run.gates.some((g: { status: string }) => g.status === "running");
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
      run = (await api("GET", `/workflows/runs/${run.id}`, { auth: user })).body;
    }
    assert.equal(run.status, "cancelled");
    for (const g of run.gates) {
      assert.ok(!["pending", "running"].includes(g.status), "no gate waits for a worker");
      if (g.status === "skipped") assert.deepEqual(g.fail_codes, ["CANCELLED"]);
    }
    // and nothing runs after: more ticks change nothing
    await tick();
    await tick();
    const after = (await api("GET", `/workflows/runs/${run.id}`, { auth: user })).body;
    assert.deepEqual(timeline(after), timeline(run));
    await assertConsistent(sql, run.id);
  } finally {
    await sql.end();
  }
});

Deno.test("cancelling a run stops its gate's model call in flight", async () => {
  const sql = adminSql();
  try {
    const user = await newUser("wf-cancel-call");
    // Each answer takes 5 s: the call is still in flight when the run is cancelled.
    const start = await api("POST", "/workflows/runs", {
      auth: user,
      body: { template: "research-brief", intent: { topic: "tides [[standin:slow=5000]]" } },
    });
    assert.equal(start.status, 201);
    // The first gate's model call, once a worker has started it.
    const inFlight = async () =>
      (await sql<{ id: string }[]>`select id from public.runs
        where user_id = ${user.id} and kind = 'workflow_gate' and status = 'running'`)[0]?.id;
    let call: string | undefined;
    for (let i = 0; i < 100 && !call; i++) {
      call = await inFlight();
      if (!call) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(call, "a worker started the first gate's call");
    const sent = Date.now();
    const cancel = await api("POST", `/workflows/runs/${start.body.id}/cancel`, { auth: user });
    assert.equal(cancel.status, 200, JSON.stringify(cancel.body));
    let status = "running";
    while (status === "running" && Date.now() - sent < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      const [row] = await sql<{ status: string }[]>`
        select status::text from public.runs where id = ${call}`;
      status = row?.status ?? "missing";
    }
    assert.equal(status, "cancelled", "the model call ended cancelled");
    assert.ok(
      Date.now() - sent < 4_000,
      `it stopped well before its 5 s answer (${Date.now() - sent} ms)`,
    );
    let run = (await api("GET", `/workflows/runs/${start.body.id}`, { auth: user })).body;
    for (
      let i = 0;
      i < 100 && run.gates.some((g: { status: string }) => g.status === "running");
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await api("GET", `/workflows/runs/${start.body.id}`, { auth: user })).body;
    }
    assert.equal(run.status, "cancelled");
    assert.deepEqual(run.gates[0].fail_codes, ["CANCELLED"]);
    await assertConsistent(sql, run.id);
  } finally {
    await sql.end();
  }
});

Deno.test("a retried gate keeps each attempt's artifact, and says which attempt wrote it", async () => {
  const user = await newUser("wf-attempts");
  const start = await api("POST", "/workflows/runs", {
    auth: user,
    body: {
      template: "typographic-etymology",
      intent: { word: `tides [[standin:misfit;times=1;key=${crypto.randomUUID()}]]` },
    },
  });
  assert.equal(start.status, 201, JSON.stringify(start.body));
  const run = await drive(user, start.body.id);
  assert.equal(run.status, "completed", JSON.stringify(timeline(run)));
  assert.deepEqual(timeline(run)[0], ["G1", "failed", 1, ["INTENT_MALFORMED"]]);
  assert.deepEqual(timeline(run)[1]?.slice(0, 3), ["G1", "passed", 2]);
  const arts = await api("GET", `/workflows/runs/${run.id}/artifacts`, { auth: user });
  assert.equal(arts.status, 200);
  const intake = arts.body.items.filter((a: { gate_id: string }) => a.gate_id === "G1");
  assert.deepEqual(
    intake.map((a: { file_path: string; attempt: number }) => [a.file_path, a.attempt]),
    [["intake/INTENT.json", 1], ["intake/INTENT.json", 2]],
  );
  const passed = run.gates.find((g: { status: string }) => g.status === "passed");
  assert.equal(intake[1].gate_execution_id, passed.id);
  const one = await api("GET", `/workflows/artifacts/${intake[0].id}`, { auth: user });
  assert.equal(one.body.attempt, 1);
});

Deno.test("the active runs dashboard: yours, or everyone's for an admin; cost by model for admins", async () => {
  const sql = adminSql();
  try {
    const owner = await newUser("wf-active");
    const start = await api("POST", "/workflows/runs", {
      auth: owner,
      body: {
        template: "research-brief",
        intent: { topic: `dashboards [[standin:misfit;times=99;key=${crypto.randomUUID()}]]` },
      },
    });
    assert.equal(start.status, 201);
    const run = await drive(owner, start.body.id);
    assert.equal(run.status, "paused");
    const ids = async (user: typeof owner) => {
      const res = await api("GET", "/workflows/active?limit=100", { auth: user });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.items.map((r: { id: string }) => r.id);
    };
    assert.ok((await ids(owner)).includes(run.id), "the owner sees their paused run");
    const other = await newUser("wf-active-other");
    assert.deepEqual(await ids(other), [], "another user sees none of it");
    assert.equal((await api("GET", "/admin/workflows/costs", { auth: other })).status, 404);

    await sql`update public.profiles set role = 'admin' where id = ${other.id}`;
    assert.ok((await ids(other)).includes(run.id), "an admin sees everyone's");
    const costs = await api("GET", "/admin/workflows/costs", { auth: other });
    assert.equal(costs.status, 200, JSON.stringify(costs.body));
    const haiku = costs.body.items.find((m: { model: string }) =>
      m.model === "anthropic/claude-3.5-haiku"
    );
    assert.ok(haiku && haiku.gate_executions >= 3, JSON.stringify(costs.body.items));
    const later = await api(
      "GET",
      `/admin/workflows/costs?since=${new Date(Date.now() + 86_400_000).toISOString()}`,
      {
        auth: other,
      },
    );
    assert.deepEqual(later.body.items, []);
  } finally {
    await sql.end();
  }
});

Deno.test("admins create templates and spec versions; a spec is checked field by field", async () => {
  const sql = adminSql();
  const slug = `admin-wf-${crypto.randomUUID().slice(0, 8)}`;
  try {
    const admin = await newUser("wf-admin");
    const user = await newUser("wf-admin-user");
    await sql`update public.profiles set role = 'admin' where id = ${admin.id}`;
    const template = { slug, name: "Teardown", type: "research", is_active: true };
    assert.equal(
      (await api("POST", "/admin/workflows/templates", { auth: user, body: template })).status,
      404,
      "the admin area does not exist for users",
    );
    const created = await api("POST", "/admin/workflows/templates", {
      auth: admin,
      body: template,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.spec_id, null);
    assert.equal(
      (await api("POST", "/admin/workflows/templates", { auth: admin, body: template })).status,
      409,
      "a slug is taken once",
    );

    const stage = {
      id: "notes",
      gate: "G1",
      name: "Notes",
      model: "anthropic/claude-3.5-haiku",
      prompt: "Notes on {{product}}.",
      checks: ["Short"],
    };
    const spec = {
      intent_schema: [{ field: "product", type: "string", required: true }],
      stages: [stage],
      qa_config: {
        checks: [{
          name: "Short",
          type: "max_length",
          severity: "warning",
          fail_code: "TOO_LONG",
          config: { max: 5000 },
        }],
      },
      cost_profile: { max: { cost_usd: 1 } },
    };
    const bad = await api("POST", `/admin/workflows/templates/${slug}/specs`, {
      auth: admin,
      body: { ...spec, stages: [{ ...stage, prompt: "Notes on {{nothing}}." }] },
    });
    assert.equal(bad.status, 422, JSON.stringify(bad.body));
    assert.deepEqual(bad.body.error.details.fields.map((f: { field: string }) => f.field), [
      "stages[0]",
    ]);
    const badPattern = await api("POST", `/admin/workflows/templates/${slug}/specs`, {
      auth: admin,
      body: {
        ...spec,
        qa_config: {
          checks: [{
            name: "Short",
            type: "regex",
            severity: "info",
            fail_code: "X",
            config: { pattern: "(?=x)" },
          }],
        },
      },
    });
    assert.equal(badPattern.status, 422, JSON.stringify(badPattern.body));
    assert.equal(
      badPattern.body.error.details.fields[0].field,
      "qa_config.checks[0].config.pattern",
    );

    const v1 = await api("POST", `/admin/workflows/templates/${slug}/specs`, {
      auth: admin,
      body: spec,
    });
    assert.equal(v1.status, 201, JSON.stringify(v1.body));
    assert.equal(v1.body.version, 1);
    const v2 = await api("POST", `/admin/workflows/templates/${slug}/specs`, {
      auth: admin,
      body: { ...spec, stages: [{ ...stage, prompt: "Short notes on {{product}}." }] },
    });
    assert.equal(v2.body.version, 2);
    assert.notEqual(v2.body.content_hash, v1.body.content_hash);

    const start = await api("POST", "/workflows/runs", {
      auth: user,
      body: { template: slug, intent: { product: "a kettle" } },
    });
    assert.equal(start.status, 201, JSON.stringify(start.body));
    assert.equal(start.body.spec_version, 2, "a run starts from the latest version");
    const run = await drive(user, start.body.id);
    assert.equal(run.status, "completed");
    assert.equal(run.gates[0].prompt_packet, "Short notes on a kettle.");
  } finally {
    await sql`delete from public.workflow_runs
      where template_id = (select id from public.workflow_templates where slug = ${slug})`;
    await sql`delete from public.workflow_templates where slug = ${slug}`;
    await sql.end();
  }
});

Deno.test("live progress by SSE: the run as it changes, then end", async () => {
  const user = await newUser("wf-sse");
  const start = await api("POST", "/workflows/runs", {
    auth: user,
    body: { template: "research-brief", intent: { topic: "streams" } },
  });
  assert.equal(start.status, 201);
  const other = await newUser("wf-sse-other");
  assert.equal(
    (await api("GET", `/workflows/runs/${start.body.id}/events`, { auth: other })).status,
    404,
  );

  const res = await fetch(`${apiUrl}/workflows/runs/${start.body.id}/events`, {
    headers: { authorization: `Bearer ${user.token}` },
  });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  const [events] = await Promise.all([readSse(res), drive(user, start.body.id)]);
  const runs = events.filter((e) => e.event === "run").map((e) =>
    e.data as { status: string; gates: unknown[] }
  );
  // as many as the stream saw changes (the run may have ended before it opened)
  assert.ok(runs.length >= 1);
  for (let i = 1; i < runs.length; i++) {
    assert.ok(runs[i]!.gates.length >= runs[i - 1]!.gates.length, "gates are only ever added");
  }
  assert.equal(runs.at(-1)!.status, "completed");
  assert.equal(runs.at(-1)!.gates.length, 3);
  assert.deepEqual(events.at(-1), { event: "end", data: { status: "completed" } });
});
