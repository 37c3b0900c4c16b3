// Cross-tenant isolation: user B, with a JWT and with an API key, tries every route of the API
// (enumerated from the OpenAPI document, so new routes are covered) on user A's catalog,
// prompt, versions, tag, API key, run and validator. Every route naming one of A's rows must
// answer 404; nothing B gets back may contain A's ids or text; A's library is unchanged after.
import assert from "node:assert/strict";
import { api, type ApiResponse, newUser, type TestUser } from "../../../dev/testing.ts";
import {
  fillPath,
  type Operation,
  operations,
  sampleBody,
  sampleQuery,
} from "./openapi_operations.ts";
import { drive } from "./workflows/testing.ts";

// Bodies the schema-based sampler cannot guess (a config that must match its type).
const bodies: Record<string, unknown> = {
  "post /api/prompts/{id}/validators": { name: "v", type: "contains", config: { text: "x" } },
  "patch /api/validators/{id}": { name: "v", type: "contains", config: { text: "x" } },
  // content or messages, not both (the sampler would send both, or neither)
  "post /api/prompts/{id}/versions": { content: "x" },
};

// Which of A's rows a path's {id} names: the resource segment just before it.
const idOwners: Record<string, string> = {
  catalogs: "catalog",
  prompts: "prompt",
  // the gallery's {id} is a prompt: A's is private
  gallery: "prompt",
  tags: "tag",
  runs: "run",
  "api-keys": "apiKey",
  validators: "validator",
  history: "generation",
  users: "user",
  feedback: "feedback",
};

// Paths whose {id} is not named by the segment before it (a workflow's runs are not A's prompt
// runs): the first that matches decides.
const idOwnersByPath: [RegExp, string][] = [
  [/^\/api\/workflows\/runs\/\{id\}/, "workflowRun"],
  [/^\/api\/workflows\/artifacts\/\{id\}/, "artifact"],
  // specs belong to no user: one that does not exist stands for one B may not read
  [/^\/api\/workflows\/specs\/\{id\}/, "workflowSpec"],
];

function isIdParam(name: string) {
  return name === "id" || /id$/.test(name) || ["slug", "name", "label"].includes(name);
}

function pathValues(op: Operation, ids: Record<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of op.pathParams) {
    if (name === "id") {
      const segment = op.path.split("/{id}")[0]!.split("/").pop()!;
      const owner = idOwnersByPath.find(([re]) => re.test(op.path))?.[1] ?? idOwners[segment];
      assert.ok(
        owner && ids[owner],
        `${op.method} ${op.path}: no row of A's for {id} after /${segment}/ — create one in the setup`,
      );
      values.id = ids[owner];
    } else if (name === "vid") {
      assert.ok(ids.version1, `${op.method} ${op.path}: no version of A's for {vid}`);
      values.vid = ids.version1;
    } else if (name === "name") {
      values.name = ids.name!;
    } else if (name === "label") {
      values.label = "production";
    } else if (name === "slug") {
      // The link A's prompt had while it was unlisted, before A made it private again.
      assert.ok(ids.slug, `${op.method} ${op.path}: no share link of A's for {slug}`);
      values.slug = ids.slug;
    } else if (name === "provider") {
      values.provider = "openai";
    } else if (name === "plan") {
      // Plans are shared, not A's: the admin routes are a 404 for B whatever the value.
      values.plan = "pro";
    } else {
      assert.fail(`${op.method} ${op.path}: no value of A's for {${name}} — add it to the test`);
    }
  }
  return values;
}

async function setUpVictim(ops: Operation[]) {
  const a = await newUser("tenant-a");
  const marker = `zq${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const has = (method: string, path: string) =>
    ops.some((o) => o.method === method && o.path === `/api${path}`);
  const ok = (res: { status: number; body: unknown }, what: string) => {
    assert.ok(res.status < 300, `${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body as Record<string, unknown>;
  };
  const catalog = ok(
    await api("POST", "/catalogs", { auth: a, body: { name: `Cat ${marker}` } }),
    "catalog",
  );
  const prompt = ok(
    await api("POST", "/prompts", {
      auth: a,
      body: {
        title: `Title ${marker}`,
        content: `First ${marker}`,
        catalog_id: catalog.id,
        tags: [`t${marker}`],
      },
    }),
    "prompt",
  );
  ok(
    await api("POST", `/prompts/${prompt.id}/versions`, {
      auth: a,
      body: { content: `Second ${marker}` },
    }),
    "version 2",
  );
  const versions = ok(await api("GET", `/prompts/${prompt.id}/versions`, { auth: a }), "versions");
  const items = versions.items as { id: string; version_number: number }[];
  assert.equal(items.length, 2);
  const tags = ok(await api("GET", "/tags", { auth: a }), "tags").items as { id: string }[];
  assert.ok(tags[0], "A's tag is listed");
  const key = ok(await api("POST", "/api-keys", { auth: a, body: { name: `k ${marker}` } }), "key");
  const ids: Record<string, string> = {
    catalog: catalog.id as string,
    prompt: prompt.id as string,
    name: prompt.name as string,
    version1: items.find((v) => v.version_number === 1)!.id,
    version2: items.find((v) => v.version_number === 2)!.id,
    tag: tags[0].id,
    apiKey: key.id as string,
  };
  if (has("post", "/prompts/{id}/runs")) {
    const run = ok(await api("POST", `/prompts/${prompt.id}/runs`, { auth: a, body: {} }), "run");
    ids.run = (run.id ?? (run.run as { id: string })?.id) as string;
  }
  if (has("post", "/prompts/{id}/validators")) {
    const v = ok(
      await api("POST", `/prompts/${prompt.id}/validators`, {
        auth: a,
        body: bodies["post /api/prompts/{id}/validators"],
      }),
      "validator",
    );
    ids.validator = v.id as string;
  }
  if (has("post", "/feedback")) {
    const f = ok(
      await api("POST", "/feedback", { auth: a, body: { message: `Feedback ${marker}` } }),
      "feedback",
    );
    ids.feedback = f.id as string;
  }
  ids.user = a.id;
  if (has("put", "/prompts/{id}/labels/{label}")) {
    ok(
      await api("PUT", `/prompts/${prompt.id}/labels/production`, {
        auth: a,
        body: { version_number: 1 },
      }),
      "label",
    );
  }
  if (has("patch", "/prompts/{id}/sharing")) {
    const shared = ok(
      await api("PATCH", `/prompts/${prompt.id}/sharing`, {
        auth: a,
        body: { visibility: "unlisted" },
      }),
      "share",
    );
    ids.slug = shared.slug as string;
    ok(
      await api("PATCH", `/prompts/${prompt.id}/sharing`, {
        auth: a,
        body: { visibility: "private" },
      }),
      "unshare",
    );
  }
  if (has("post", "/builder/questions")) {
    const q = ok(
      await api("POST", "/builder/questions", { auth: a, body: { goal: `Goal ${marker}` } }),
      "builder questions",
    );
    ids.generation = (q.run as { id: string }).id;
  }
  if (has("put", "/provider-keys/{provider}")) {
    ok(
      await api("PUT", "/provider-keys/openai", { auth: a, body: { key: `sk-${marker}` } }),
      "provider key",
    );
  }
  if (has("post", "/workflows/runs")) {
    const run = ok(
      await api("POST", "/workflows/runs", {
        auth: a,
        body: { template: "research-brief", intent: { topic: `Topic ${marker}` } },
      }),
      "workflow run",
    );
    // finished, so nothing of A's changes while B tries
    const done = await drive(a, run.id as string);
    assert.equal(done.status, "completed", "A's workflow run");
    ids.workflowRun = run.id as string;
    const arts = ok(
      await api("GET", `/workflows/runs/${run.id}/artifacts`, { auth: a }),
      "artifacts",
    );
    ids.artifact = (arts.items as { id: string }[])[0]!.id;
    ids.workflowSpec = crypto.randomUUID();
  }
  return { a, marker, ids, apiKey: key.key as string };
}

/** Everything of A's that B's requests must leave alone, as A sees it. */
async function snapshot(a: TestUser, ops: Operation[]) {
  const out: Record<string, unknown> = {};
  for (const path of ["/export", "/api-keys", "/provider-keys", "/runs", "/workflows/runs"]) {
    if (!ops.some((o) => o.method === "get" && o.path === `/api${path}`)) continue;
    const res = await api("GET", path, { auth: a });
    assert.equal(res.status, 200, `${path} as A`);
    const body = res.body as Record<string, unknown>;
    delete body.exported_at;
    out[path] = body;
  }
  return out;
}

Deno.test("cross-tenant: B reaches none of A's rows through any route", async () => {
  const docRes = await api("GET", "/openapi.json");
  assert.equal(docRes.status, 200, "the OpenAPI document is served");
  const doc = docRes.body;
  // Reads first: in the first pass B has written nothing yet, so B's lists must be empty.
  const ops = operations(doc).filter((o) => !o.isPublic)
    .sort((x, y) => Number(x.method !== "get") - Number(y.method !== "get"));
  const victim = await setUpVictim(ops);
  const before = await snapshot(victim.a, ops);

  const b = await newUser("tenant-b");
  const bKey = (await api("POST", "/api-keys", { auth: b, body: { name: "b" } })).body
    .key as string;
  const secrets = [victim.marker, ...Object.values(victim.ids), victim.apiKey];
  const hints = {
    catalog_id: victim.ids.catalog,
    prompt_id: victim.ids.prompt,
    version_id: victim.ids.version1,
    tag: `t${victim.marker}`,
    q: victim.marker,
    from: victim.ids.version1,
    to: victim.ids.version2,
    confirm: "true",
  };
  const exercised = new Set<string>();

  for (const [label, auth] of [["jwt", b], ["api key", bKey]] as const) {
    for (const op of ops) {
      const where = `${label}: ${op.method.toUpperCase()} ${op.path}`;
      const targetsA = op.pathParams.some(isIdParam);
      const path = fillPath(op.path, pathValues(op, victim.ids)).replace(/^\/api/, "");
      const query = sampleQuery(doc, op, hints);
      const key = `${op.method} ${op.path}`;
      const attempts = key in bodies
        ? [bodies[key]]
        : [sampleBody(doc, op, hints), sampleBody(doc, op, hints, true)];
      let res: ApiResponse | undefined;
      for (const body of attempts) {
        res = await api(op.method.toUpperCase(), `${path}${query}`, { auth, body });
        if (res.status !== 422) break;
      }
      assert.ok(res);
      assert.ok(res.status < 500, `${where} → ${res.status} ${JSON.stringify(res.body)}`);
      const text: string = JSON.stringify(res.body);
      assert.ok(!text.includes(victim.marker), `${where} shows A's text: ${text.slice(0, 300)}`);
      if (res.status < 300) {
        for (const s of secrets) assert.ok(!text.includes(s), `${where} shows A's ${s}`);
      }
      if (/^\/api\/admin\//.test(op.path)) {
        // The admin area does not exist for users: the 404 of an unknown route, whatever the id.
        assert.equal(res.status, 404, `${where} → ${res.status} ${text.slice(0, 300)}`);
        assert.deepEqual(res.body, { error: { code: "not_found", message: "no such route" } });
      } else if (label === "api key" && /^\/api\/api-keys/.test(op.path)) {
        // Keys are managed from a session only: refused before any row is looked at.
        assert.equal(res.status, 403, `${where} → ${res.status} ${text.slice(0, 300)}`);
        assert.equal(res.body.error.code, "session_required", `${where}: ${text}`);
      } else if (targetsA) {
        assert.equal(res.status, 404, `${where} → ${res.status} ${text.slice(0, 300)}`);
        // One not-found shape: the code names the resource that was not found.
        assert.match(res.body.error.code, /^[a-z][a-z_]*_not_found$/, `${where}: ${text}`);
      } else if (label === "jwt" && op.method === "get" && res.status === 200) {
        const items: unknown = (res.body as { items?: unknown[] }).items;
        if (Array.isArray(items) && op.path === "/api/activity") {
          // B's account has a history from its sign-up on: B's own, none of A's.
          const whose = new Set(
            items.map((e) => (e as { subject_user_id: string }).subject_user_id),
          );
          assert.deepEqual([...whose], [b.id], `${where}: B's activity is B's alone`);
        } else if (
          Array.isArray(items) && op.path !== "/api/api-keys" &&
          // what everyone reads: reference data, the public gallery
          !/models|providers|gallery|workflows\/templates|feedback\/categories/.test(op.path)
        ) {
          assert.deepEqual(items, [], `${where}: B's lists are empty before B writes`);
        }
      }
      exercised.add(key);
    }
  }
  const idRoutes = ops.filter((o) => o.pathParams.some(isIdParam)).map((o) =>
    `${o.method} ${o.path}`
  );
  assert.deepEqual(idRoutes.filter((r) => !exercised.has(r)), [], "every {id} route was tried");
  assert.ok(idRoutes.length >= 10, `id routes found: ${idRoutes.length}`);

  assert.deepEqual(
    await snapshot(victim.a, ops),
    before,
    "A's library, keys and runs are unchanged",
  );
  assert.equal(
    (await api("GET", "/settings", { auth: victim.apiKey })).status,
    200,
    "A's key works",
  );
});
