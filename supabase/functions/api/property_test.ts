// Property test: random JSON bodies (fc.jsonValue()), mutations of valid bodies and broken JSON
// text, thrown at every POST/PATCH/PUT route of the OpenAPI document, never get a 5xx. Runs the
// app in-process (app.request) against the real database, as a user who owns the rows the
// routes name, so bodies that pass validation reach the SQL underneath.
import assert from "node:assert/strict";
import fc from "fast-check";
import { localEnv } from "../../../dev/env.ts";
import { newUser } from "../../../dev/testing.ts";
import { one } from "../_shared/db.ts";
import { createApp } from "./app.ts";
import { createDeps } from "./deps.ts";
import { fillPath, operations, sampleBody } from "./openapi_operations.ts";

const runsPerRoute = 100;
// Bound per route, so a slow route cannot make the whole test unbounded.
const timeLimitMs = 20_000;

type Input = { kind: "json"; value: unknown } | { kind: "raw"; text: string };

function mutate(valid: unknown, pick: number, value: unknown, how: string): unknown {
  if (typeof valid !== "object" || valid === null || Array.isArray(valid)) return value;
  const obj = { ...(valid as Record<string, unknown>) };
  const keys = Object.keys(obj);
  const key = keys[pick % keys.length] ?? "x"; // "x" when there are no keys
  if (how === "replace") obj[key] = value;
  else if (how === "delete") delete obj[key];
  else if (how === "add") obj[`extra_${pick % 7}`] = value;
  else if (how === "nest") obj[key] = { [key]: obj[key], value };
  else return [obj];
  return obj;
}

function withStrings(valid: unknown, texts: string[]): unknown {
  if (typeof valid !== "object" || valid === null || Array.isArray(valid)) return valid;
  let i = 0;
  return Object.fromEntries(
    Object.entries(valid).map((
      [k, v],
    ) => [k, typeof v === "string" ? texts[i++ % texts.length] : v]),
  );
}

Deno.test("property: no JSON body makes a POST/PATCH/PUT route answer 5xx", async () => {
  const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1" });
  const app = createApp(deps);
  // The admin routes change shared reference data with the bodies they are sent (a plan's limits,
  // new models): as it was before, it is put back after (in finally).
  const { plans, models } = one(
    await deps.sql<{ plans: unknown; models: string[] }[]>`
      select (select coalesce(jsonb_agg(to_jsonb(l)), '[]') from public.plan_limits l) as plans,
        (select coalesce(array_agg(m.id), '{}') from public.models m) as models`,
  );
  try {
    const user = await newUser("property");
    const call = async (method: string, path: string, input?: Input) => {
      const headers: Record<string, string> = { authorization: `Bearer ${user.token}` };
      let body: string | undefined;
      if (input) {
        headers["content-type"] = "application/json";
        body = input.kind === "json" ? JSON.stringify(input.value) : input.text;
      }
      const res = await app.request(`/api${path}`, { method, headers, body });
      const text = await res.text();
      return { status: res.status, text };
    };
    const own = async (method: string, path: string, body: unknown) => {
      const res = await call(method, path, { kind: "json", value: body });
      assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${res.text}`);
      return JSON.parse(res.text);
    };
    // The user's own rows, so that routes get past "not found" into their real work.
    const catalog = await own("POST", "/catalogs", { name: "Property" });
    const prompt = await own("POST", "/prompts", {
      title: "Prop",
      content: "Hello {{name}}",
      variables: [{ name: "name", type: "string", required: false, default: "you" }],
      catalog_id: catalog.id,
    });
    const versions = JSON.parse((await call("GET", `/prompts/${prompt.id}/versions`)).text);
    const tags = await own("PUT", `/prompts/${prompt.id}/tags`, { tags: ["prop"] });
    const ids: Record<string, string> = {
      catalogs: catalog.id,
      prompts: prompt.id,
      tags: tags.tags[0].id,
      vid: versions.items[0].id,
    };
    const docRes = await app.request("/api/openapi.json");
    assert.equal(docRes.status, 200, "the OpenAPI document is generated");
    const doc = await docRes.json();
    if (doc.paths["/api/prompts/{id}/validators"]?.post) {
      ids.validators = (await own("POST", `/prompts/${prompt.id}/validators`, {
        name: "v",
        type: "contains",
        config: { text: "x" },
      })).id;
    }
    // A public prompt of the user's, for the gallery's routes ({id}) and its link ({slug}).
    const shared = await own("POST", "/prompts", { title: "Shared", content: "Hi {{name}}" });
    const sharing = await own("PATCH", `/prompts/${shared.id}/sharing`, {
      visibility: "public",
      category_id: "other",
    });
    ids.gallery = shared.id;
    ids.slug = sharing.slug;
    // A run of the user's (finished: cancel answers 409, which is fine, not a 5xx).
    ids.runs = (await own("POST", `/prompts/${prompt.id}/runs`, {})).id;
    const key = await own("POST", "/api-keys", { name: "prop" });
    ids["api-keys"] = key.id;
    // The admin routes: the user is made an admin (as in Studio), so bodies reach their SQL too.
    await deps.sql`update public.profiles set role = 'admin' where id = ${user.id}`;
    ids.users = user.id;
    if (doc.paths["/api/feedback"]?.post) {
      ids.feedback = (await own("POST", "/feedback", { message: "Property" })).id;
    }

    // A workflow run of the user's, for its actions ({id} after /workflows/runs/).
    if (doc.paths["/api/workflows/runs"]?.post) {
      ids.workflowRuns = (await own("POST", "/workflows/runs", {
        template: "research-brief",
        intent: { topic: "Property" },
      })).id;
    }

    const targets = operations(doc).filter((o) => ["post", "patch", "put"].includes(o.method));
    assert.ok(targets.length >= 8, `routes with bodies: ${targets.length}`);
    for (const op of targets) {
      const values: Record<string, string> = {};
      for (const p of op.pathParams) {
        if (p === "id") {
          const segment = op.path.startsWith("/api/workflows/runs/{id}")
            ? "workflowRuns"
            : op.path.split("/{id}")[0]!.split("/").pop()!;
          assert.ok(ids[segment], `${op.path}: no row for {id} after /${segment}/`);
          values.id = ids[segment];
        } else if (p === "vid") {
          assert.ok(ids.vid, `${op.path}: no version for {vid}`);
          values.vid = ids.vid;
        } else if (p === "slug") values.slug = ids.slug!;
        else if (p === "name") values.name = prompt.name;
        else if (p === "label") values.label = "production";
        else if (p === "provider") values.provider = "openai";
        else if (p === "plan") values.plan = "pro";
        else assert.fail(`${op.path}: no value for {${p}}`);
      }
      const path = fillPath(op.path, values).replace(/^\/api/, "");
      const valid = sampleBody(doc, op, {}, true) ?? {};
      const input: fc.Arbitrary<Input> = fc.oneof(
        fc.jsonValue().map((value) => ({ kind: "json" as const, value })),
        fc.tuple(
          fc.nat(),
          fc.jsonValue(),
          fc.constantFrom("replace", "delete", "add", "nest", "wrap"),
        )
          .map(([pick, value, how]) => ({
            kind: "json" as const,
            value: mutate(valid, pick, value, how),
          })),
        // Same shape, odd text: any code point (NUL, lone surrogates, RTL) in every string field,
        // which passes the schema and reaches SQL.
        fc.array(fc.string({ unit: "binary", minLength: 1, maxLength: 30 }), {
          minLength: 8,
          maxLength: 8,
        }).map((texts) => ({ kind: "json" as const, value: withStrings(valid, texts) })),
        fc.string({ maxLength: 40 }).map((text) => ({ kind: "raw" as const, text })),
      );
      await fc.assert(
        fc.asyncProperty(input, async (body) => {
          const res = await call(op.method.toUpperCase(), path, body);
          assert.ok(
            res.status < 500,
            `${op.method.toUpperCase()} ${op.path} ${
              JSON.stringify(body).slice(0, 300)
            } → ${res.status} ${res.text.slice(0, 300)}`,
          );
        }),
        {
          numRuns: runsPerRoute,
          interruptAfterTimeLimit: timeLimitMs,
          markInterruptAsFailure: false,
        },
      );
    }
  } finally {
    await deps.sql`delete from public.models where not (id = any (${models}::text[]))`;
    await deps.sql`
      update public.plan_limits l set max_prompt_chars = b.max_prompt_chars,
        max_output_tokens = b.max_output_tokens, model_tiers = b.model_tiers
      from jsonb_populate_recordset(null::public.plan_limits, ${deps.sql.json(plans as never)}) b
      where b.plan = l.plan`;
    // Workflow templates are everyone's: those the admin routes created go (their specs too).
    await deps.sql`delete from public.workflow_templates t
      where t.created_by is not null and t.created_by in (
        select id from auth.users where email like 'property-%')
        and not exists (select 1 from public.workflow_runs r where r.template_id = t.id)`;
    await deps.sql.end();
  }
});
