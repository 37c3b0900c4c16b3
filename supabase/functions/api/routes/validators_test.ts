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
  assert.equal(badSchema.body.error.details.fields[0].field, "config.schema.type");
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

Deno.test("validators: a pattern RE2 cannot run is a 422 naming the field, on create and on update", async () => {
  const user = await newUser("validators-re2");
  const prompt = await createPrompt(user, "Answer in JSON");
  const path = `/prompts/${prompt.id}/validators`;
  const refused = async (method: string, url: string, body: unknown, field: string) => {
    const res = await api(method, url, { auth: user, body });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "validation_failed");
    assert.equal(res.body.error.details.fields[0].field, field);
    return res.body.error.message as string;
  };
  const backref = { name: "backref", type: "regex", config: { pattern: "(a)\\1" } };
  assert.match(await refused("POST", path, backref, "config.pattern"), /backreference/);
  const inSchema = {
    name: "backref in a schema",
    type: "json_schema",
    config: { schema: { properties: { answer: { pattern: "(\\w)\\1" } } } },
  };
  await refused("POST", path, inSchema, "config.schema.properties.answer.pattern");
  const flags = { name: "global", type: "regex", config: { pattern: "a", flags: "g" } };
  await refused("POST", path, flags, "config.flags");

  const made = await api("POST", path, {
    auth: user,
    body: { name: "ok", type: "regex", config: { pattern: "^\\{" } },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const lookahead = { config: { pattern: "^(?=\\{)" } };
  assert.match(
    await refused("PATCH", `/validators/${made.body.id}`, lookahead, "config.pattern"),
    /lookahead/,
  );
  const huge = { type: "json_schema", config: { schema: { enum: Array(5_000).fill("a value") } } };
  await refused("PATCH", `/validators/${made.body.id}`, huge, "config.schema");
});

Deno.test("validators: patterns that backtrack exponentially in RegExp finish on a run (RE2)", async () => {
  const user = await newUser("validators-redos");
  // The stand-in echoes the start of the prompt: its answer holds a run of ~66 q's and no z,
  // which a backtracking engine would try 2^66 ways for each pattern below.
  const prompt = await createPrompt(user, `Reply in json ${"q".repeat(200)}`);
  const path = `/prompts/${prompt.id}/validators`;
  for (
    const body of [
      { name: "regex", type: "regex", config: { pattern: "(q|q)*z" } },
      {
        name: "schema pattern",
        type: "json_schema",
        config: { schema: { properties: { answer: { pattern: "(q+)+z" } } } },
      },
    ]
  ) assert.equal((await api("POST", path, { auth: user, body })).status, 201);
  const run = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} });
  assert.equal(run.status, 201, JSON.stringify(run.body));
  assert.equal(run.body.status, "success");
  assert.match(run.body.output, /q{60}/);
  assert.deepEqual(
    run.body.validation_results.map((r: { name: string; passed: boolean }) => [r.name, r.passed]),
    [["regex", false], ["schema pattern", false]],
  );
  const [regex, schema] = run.body.validation_results;
  assert.equal(regex.message, "does not match /(q|q)*z/");
  assert.match(schema.message, /\/answer must match pattern "\(q\+\)\+z"/);
});

Deno.test("validators: schemas of two users with the same root $id are both accepted and run right", async () => {
  const id = `https://example.com/schemas/${crypto.randomUUID()}`;
  // A request that ends in a 404 used to register the $id in the worker's one Ajv.
  const squatter = await newUser("validators-squat");
  const squat = await api("POST", `/prompts/${crypto.randomUUID()}/validators`, {
    auth: squatter,
    body: { name: "squat", type: "json_schema", config: { schema: { $id: id } } },
  });
  assert.equal(squat.status, 404);

  const users = [
    { label: "validators-id-a", required: "answer", passes: true },
    { label: "validators-id-b", required: "nope", passes: false },
  ];
  for (const u of users) {
    const user = await newUser(u.label);
    const prompt = await createPrompt(user, "Reply in json about tea");
    const made = await api("POST", `/prompts/${prompt.id}/validators`, {
      auth: user,
      body: {
        name: "shape",
        type: "json_schema",
        config: { schema: { $id: id, type: "object", required: [u.required] } },
      },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    for (let i = 0; i < 2; i++) {
      const run = await api("POST", `/prompts/${prompt.id}/runs`, { auth: user, body: {} });
      assert.equal(run.status, 201, JSON.stringify(run.body));
      const [result] = run.body.validation_results;
      assert.equal(result.passed, u.passes, `${u.label} run ${i + 1}: ${result.message}`);
      assert.match(
        result.message,
        u.passes ? /^matches the schema$/ : /must have required property 'nope'/,
      );
    }
  }
});
