// Validators CRUD, and their results on runs: passed / failed / skipped, stored on the run.
import assert from "node:assert/strict";
import { api, newUser } from "../../../../dev/testing.ts";
import { createPrompt } from "../run/testing.ts";

Deno.test("validators: CRUD with configs checked per type, owner only", async () => {
  const user = await newUser("validators");
  const prompt = await createPrompt(user, "Answer in JSON");
  const path = `/prompts/${prompt.id}/validators`;
  const made = await api("POST", path, {
    auth: user,
    body: { name: "is an object", type: "json_schema", config: { schema: { type: "object" } } },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.equal(made.body.enabled, true);

  const badSchema = await api("POST", path, {
    auth: user,
    body: { name: "bad", type: "json_schema", config: { schema: { type: "nonsense" } } },
  });
  assert.equal(badSchema.status, 422);
  assert.equal(badSchema.body.error.details.fields[0].field, "config.schema");
  const badRegex = await api("POST", path, {
    auth: user,
    body: { name: "bad", type: "regex", config: { pattern: "(" } },
  });
  assert.equal(badRegex.status, 422);
  assert.equal(badRegex.body.error.details.fields[0].field, "config.pattern");
  const badMax = await api("POST", path, {
    auth: user,
    body: { name: "bad", type: "max_length", config: { max: -1 } },
  });
  assert.equal(badMax.status, 422);
  assert.equal(badMax.body.error.details.fields[0].field, "config.max");

  const patched = await api("PATCH", `/validators/${made.body.id}`, {
    auth: user,
    body: { type: "max_length", config: { max: 5 }, enabled: false },
  });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.type, "max_length");
  assert.equal(patched.body.enabled, false);
  const list = await api("GET", path, { auth: user });
  assert.equal(list.body.items.length, 1);

  const other = await newUser("validators-other");
  assert.equal((await api("GET", path, { auth: other })).status, 404);
  assert.equal(
    (await api("PATCH", `/validators/${made.body.id}`, { auth: other, body: { name: "x" } }))
      .status,
    404,
  );
  assert.equal((await api("DELETE", `/validators/${made.body.id}`, { auth: other })).status, 404);
  assert.equal((await api("DELETE", `/validators/${made.body.id}`, { auth: user })).status, 204);
  assert.equal((await api("GET", path, { auth: user })).body.items.length, 0);
});

Deno.test("validators: every enabled validator runs on a successful run; results are stored", async () => {
  const user = await newUser("validators-run");
  const prompt = await createPrompt(user, "Reply in json about {{topic}}", [
    { name: "topic", type: "string", required: true },
  ]);
  const path = `/prompts/${prompt.id}/validators`;
  for (
    const body of [
      {
        name: "shape",
        type: "json_schema",
        config: { schema: { type: "object", required: ["standin", "answer"] } },
      },
      {
        name: "mentions stand-in",
        type: "contains",
        config: { text: "STAND-IN", case_sensitive: false },
      },
      { name: "starts with brace", type: "regex", config: { pattern: "^\\{" } },
      { name: "short", type: "max_length", config: { max: 10 } },
      { name: "off", type: "contains", config: { text: "never" }, enabled: false },
    ]
  ) assert.equal((await api("POST", path, { auth: user, body })).status, 201);

  const run = await api("POST", `/prompts/${prompt.id}/runs`, {
    auth: user,
    body: { variables: { topic: "tea" } },
  });
  assert.equal(run.status, 201);
  assert.equal(run.body.status, "success");
  assert.equal(run.body.validation_status, "failed", "max_length 10 fails");
  const byName = Object.fromEntries(
    run.body.validation_results.map((r: { name: string; passed: boolean }) => [r.name, r.passed]),
  );
  assert.deepEqual(byName, {
    "shape": true,
    "mentions stand-in": true,
    "starts with brace": true,
    "short": false,
  }, "disabled validators do not run");

  const short = run.body.validation_results.find((r: { name: string }) => r.name === "short");
  await api("PATCH", `/validators/${short.validator_id}`, { auth: user, body: { enabled: false } });
  const again = await api("POST", `/prompts/${prompt.id}/runs`, {
    auth: user,
    body: { variables: { topic: "tea" } },
  });
  assert.equal(again.body.validation_status, "passed");

  const failing = await createPrompt(user, "Fail [[standin:fault=400]]");
  await api("POST", `/prompts/${failing.id}/validators`, {
    auth: user,
    body: { name: "short", type: "max_length", config: { max: 10 } },
  });
  const errored = await api("POST", `/prompts/${failing.id}/runs`, { auth: user, body: {} });
  assert.equal(errored.body.status, "error");
  assert.equal(errored.body.validation_status, "skipped", "no output, nothing to validate");
});
