// The OpenAPI document is valid OpenAPI 3.1 and lists exactly the routes the app serves
// (compared with Hono's own route table, so neither can drift from the other).
import assert from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import { localEnv } from "../../../dev/env.ts";
import { createApp } from "./app.ts";
import { createDeps } from "./deps.ts";
import { operations } from "./openapi_operations.ts";

Deno.test("openapi.json is valid OpenAPI 3.1 and covers every route of the app", async () => {
  const deps = createDeps({ ...localEnv, PROMPTLINE_LOCAL_STACK: "1" });
  try {
    const app = createApp(deps);
    const res = await app.request("/api/openapi.json");
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.equal(doc.openapi, "3.1.0");

    const validator = new Validator();
    const result = await validator.validate(doc);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2)?.slice(0, 3000));
    assert.equal(validator.version, "3.1");

    // Hono's table also holds middleware ("ALL") and the document route itself.
    const served = new Set(
      app.routes
        .filter((r) => r.method !== "ALL" && r.path !== "/api/openapi.json")
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z_]+)/g, "{$1}")}`),
    );
    const documented = new Set(operations(doc).map((o) => `${o.method} ${o.path}`));
    assert.deepEqual([...served].filter((r) => !documented.has(r)), [], "served but undocumented");
    assert.deepEqual([...documented].filter((r) => !served.has(r)), [], "documented but absent");
    assert.ok(documented.size >= 10, `the document lists the routes (${documented.size})`);

    for (const op of operations(doc)) {
      const spec = doc.paths[op.path][op.method];
      assert.ok(spec.responses && Object.keys(spec.responses).length, `${op.path} has responses`);
      if (!op.isPublic) {
        assert.ok(spec.responses["401"], `${op.method} ${op.path} documents its 401`);
      }
      for (const p of op.pathParams) {
        assert.ok(
          spec.parameters?.some((x: { in: string; name: string }) =>
            x.in === "path" && x.name === p
          ),
          `${op.method} ${op.path} declares its {${p}} parameter`,
        );
      }
    }
    const publicOps = operations(doc).filter((o) => o.isPublic).map((o) => o.path);
    assert.deepEqual(publicOps, ["/api/health"], "only health is public (and the document)");
  } finally {
    await deps.sql.end();
  }
});
