import assert from "node:assert/strict";
import { localEnv } from "../../../dev/env.ts";
import { parseConfig } from "./config.ts";

Deno.test("config: what one request may wait on stays within hosted Supabase's 150 s", () => {
  assert.equal(parseConfig({ ...localEnv, LLM_TIMEOUT_MS: "140000" }).llm.timeoutMs, 140_000);
  for (
    const name of ["LLM_TIMEOUT_MS", "DB_STATEMENT_TIMEOUT_MS", "DB_IMPORT_STATEMENT_TIMEOUT_MS"]
  ) {
    assert.throws(
      () => parseConfig({ ...localEnv, [name]: "150000" }),
      (e: Error) => e.message.startsWith("invalid configuration:") && e.message.includes(name),
      name,
    );
  }
});

Deno.test("config: an error names every variable that is wrong, and nothing of their values", () => {
  const secret = "a-token-that-must-not-be-logged";
  const env = { ...localEnv, UPSTASH_REDIS_REST_URL: secret, DB_POOL_MAX: "zero" };
  assert.throws(
    () => parseConfig(env),
    (e: Error) =>
      e.message.includes("UPSTASH_REDIS_REST_URL") && e.message.includes("DB_POOL_MAX") &&
      !e.message.includes(secret),
  );
});

Deno.test("config: the defaults", () => {
  const config = parseConfig(localEnv);
  assert.equal(config.llm.timeoutMs, 60_000);
  assert.equal(config.dbStatementTimeoutMs, 5_000);
  assert.equal(config.dbImportStatementTimeoutMs, 60_000);
  assert.equal(config.dbPoolMax, 4);
});
