import assert from "node:assert/strict";
import { appliedButMissing } from "./stack.ts";

Deno.test("applied migrations that no local file carries are reported", () => {
  const local = ["20261204000000_private_schema.sql", "20261204000100_table_privileges.sql"];
  assert.deepEqual(appliedButMissing(["20261204000000", "20261204000100"], local), []);
  assert.deepEqual(appliedButMissing([], local), [], "a fresh database has no history");
  assert.deepEqual(
    appliedButMissing(["20261201000000", "20261204000000"], local),
    ["20261201000000"],
    "a version from before a fold is reported",
  );
});
