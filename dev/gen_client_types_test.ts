import assert from "node:assert/strict";
import type { OpenAPI3 } from "openapi-typescript";
import { enumValues } from "./gen_client_types.ts";

Deno.test("client types: each named string enum becomes a constant of its values, in order", () => {
  const doc: OpenAPI3 = {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {},
    components: {
      schemas: {
        RunStatus: { type: "string", enum: ["pending", "running", "success"] },
        Run: { type: "object", properties: { status: { $ref: "#/components/schemas/RunStatus" } } },
        Count: { type: "integer", enum: [1, 2] },
      },
    },
  };
  assert.equal(
    enumValues(doc),
    'export const runStatusValues = ["pending","running","success"] as const satisfies readonly ' +
      'components["schemas"]["RunStatus"][];',
  );
});
