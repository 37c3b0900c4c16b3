// Integration tests against the running stack: the prompt builder's two flows end to end on the
// LLM stand-in (goal → questions → template → save → run; framework → assemble → polish → save,
// and a new version), structured output that does not fit (asked once more, then 502 with
// nothing saved), a missing required component (422 naming it), quota and cost of each model
// call, and another user's answers and history refused.
import assert from "node:assert/strict";
import { api, newUser, type TestUser } from "../../../../dev/testing.ts";
import { standinOrigin } from "../run/testing.ts";

async function standinCalls(key: string): Promise<number> {
  const res = await fetch(`${standinOrigin}/_standin/calls?key=${encodeURIComponent(key)}`);
  return (await res.json()).calls;
}

const remaining = async (user: TestUser): Promise<number> =>
  (await api("GET", "/usage", { auth: user })).body.remaining;

async function promptCount(user: TestUser): Promise<number> {
  const res = await api("GET", "/prompts?limit=100", { auth: user });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.length;
}

function assertMetered(run: Record<string, unknown>, kind: string) {
  assert.equal(run.kind, kind);
  assert.equal(run.standin, true);
  assert.match(String(run.cost_usd), /^\d+\.\d+$/, "the call is priced");
  const usage = run.token_usage as Record<string, number>;
  assert.ok(
    (usage.prompt_tokens ?? 0) > 0 && (usage.completion_tokens ?? 0) > 0,
    "tokens recorded",
  );
}

Deno.test("builder: goal → questions → template → save (answers, tags, goal) → the prompt runs", async () => {
  const user = await newUser("builder-goal");
  const before = await remaining(user);
  const goal = "Plan weekend trips for families";

  const q = await api("POST", "/builder/questions", { auth: user, body: { goal } });
  assert.equal(q.status, 200, JSON.stringify(q.body));
  assert.deepEqual(
    q.body.questions.map((x: { id: string; required: boolean }) => [x.id, x.required]),
    [["audience", true], ["output_format", true], ["tone", false], ["constraints", false]],
  );
  assertMetered(q.body.run, "builder_questions");
  assert.equal(q.body.run.attempts, 1);
  assert.equal(q.headers.get("x-ratelimit-remaining"), String(before - 1));

  const answers = q.body.questions.map((x: { id: string; text: string }) => ({
    question_id: x.id,
    question_text: x.text,
    answer: x.id === "audience"
      ? "Parents of young children"
      : x.id === "output_format"
      ? "A day-by-day plan"
      : "", // the optional ones are skipped
  }));
  const t = await api("POST", "/builder/template", { auth: user, body: { goal, answers } });
  assert.equal(t.status, 200, JSON.stringify(t.body));
  assertMetered(t.body.run, "builder_template");
  assert.match(t.body.content, /You help with this goal: Plan weekend trips for families/);
  assert.match(t.body.content, /Parents of young children/);
  assert.deepEqual(t.body.variables, [
    { name: "input", type: "string", required: true, description: "The material to work on" },
    {
      name: "max_words",
      type: "number",
      required: true,
      description: "The longest answer, in words",
    },
  ]);
  assert.equal(await remaining(user), before - 2, "each model call counts once");

  const saved = await api("POST", "/builder/save", {
    auth: user,
    body: {
      title: t.body.title,
      goal,
      content: t.body.content,
      variables: t.body.variables,
      tags: ["travel"],
      answers,
    },
  });
  assert.equal(saved.status, 201, JSON.stringify(saved.body));
  assert.equal(saved.body.version_number, 1);
  assert.equal(saved.body.answers_saved, 2);
  const id = saved.body.prompt_id;

  const detail = await api("GET", `/prompts/${id}`, { auth: user });
  assert.equal(detail.body.description, goal, "the goal is the prompt's description");
  assert.deepEqual(detail.body.tags.map((x: { name: string }) => x.name), ["travel"]);
  const got = await api("GET", `/prompts/${id}/answers`, { auth: user });
  assert.equal(got.status, 200);
  assert.deepEqual(
    got.body.items.map((a: { question_id: string; answer: string }) => [a.question_id, a.answer]),
    [["audience", "Parents of young children"], ["output_format", "A day-by-day plan"]],
  );
  const found = await api("GET", `/search?q=${encodeURIComponent("weekend trips")}`, {
    auth: user,
  });
  assert.equal(found.status, 200, JSON.stringify(found.body));
  assert.ok(
    found.body.items.some((x: { id: string }) => x.id === id),
    "the goal is searchable",
  );

  const run = await api("POST", `/prompts/${id}/runs`, {
    auth: user,
    body: { variables: { input: "Lisbon in May", max_words: 200 } },
  });
  assert.equal(run.status, 201, JSON.stringify(run.body));
  assert.equal(run.body.status, "success");

  const history = await api("GET", "/builder/history", { auth: user });
  assert.equal(history.status, 200, JSON.stringify(history.body));
  assert.deepEqual(
    history.body.items.map((h: { kind: string; status: string }) => [h.kind, h.status]),
    [["builder_template", "success"], ["builder_questions", "success"]],
  );
  assert.equal(history.body.items[1].input.goal, goal);
  assert.equal(history.body.items[0].cost_usd, t.body.run.cost_usd);
  const filtered = await api("GET", "/builder/history?kind=builder_questions", { auth: user });
  assert.deepEqual(filtered.body.items.map((h: { id: string }) => h.id), [q.body.run.id]);
});

Deno.test("builder: framework → assemble (no model) → polish (a run) → save, then a new version", async () => {
  const user = await newUser("builder-framework");
  const list = await api("GET", "/builder/frameworks", { auth: user });
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.deepEqual(list.body.frameworks.map((f: { display_name: string }) => f.display_name), [
    "R.O.S.E.S",
    "A.P.E",
    "T.A.G",
    "E.R.A",
    "R.A.C.E",
    "R.I.S.E",
    "C.A.R.E",
    "C.O.A.S.T",
    "T.R.A.C.E",
  ]);
  assert.equal(list.body.default_framework, null);
  assert.equal(
    (await api("PATCH", "/settings", { auth: user, body: { framework: "ape" } })).status,
    200,
  );
  assert.equal(
    (await api("GET", "/builder/frameworks", { auth: user })).body.default_framework,
    "ape",
  );

  const before = await remaining(user);
  const style = {
    framework: "ape",
    components: {
      action: "Write a haiku about {{topic}}",
      purpose: "A daily poem",
      expectation: "Three lines",
    },
    tone: "friendly",
    length: "short",
    vibe_coding: false,
  };
  const a = await api("POST", "/builder/assemble", { auth: user, body: style });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(
    a.body.content,
    "# Action\nWrite a haiku about {{topic}}\n\n# Purpose\nA daily poem\n\n# Expectation\n" +
      "Three lines\n\n# Style\nUse a friendly tone.\n" +
      "Keep the answer short: a few sentences or a brief list.",
  );
  assert.deepEqual(a.body.variables, [{ name: "topic", type: "string", required: true }]);
  assert.equal(await remaining(user), before, "assembling calls no model");

  const p = await api("POST", "/builder/polish", { auth: user, body: style });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assertMetered(p.body.run, "builder_polish");
  assert.equal(p.body.assembled, a.body.content);
  assert.ok(p.body.content.startsWith(a.body.content), "the stand-in keeps the prompt");
  assert.equal(await remaining(user), before - 1);
  const h = await api("GET", "/builder/history?framework=ape", { auth: user });
  assert.equal(h.body.items.length, 1);
  assert.deepEqual(
    [h.body.items[0].framework, h.body.items[0].tone, h.body.items[0].length],
    ["ape", "friendly", "short"],
  );
  assert.equal(h.body.items[0].vibe_coding, false);

  const saved = await api("POST", "/builder/save", {
    auth: user,
    body: { title: "Haiku", content: p.body.content },
  });
  assert.equal(saved.status, 201, JSON.stringify(saved.body));
  const v = await api("GET", `/prompts/${saved.body.prompt_id}`, { auth: user });
  assert.deepEqual(v.body.current_version.variables, [
    { name: "topic", type: "string", required: true },
  ]);
  const run = await api("POST", `/prompts/${saved.body.prompt_id}/runs`, {
    auth: user,
    body: { variables: { topic: "autumn" } },
  });
  assert.equal(run.status, 201, JSON.stringify(run.body));

  const again = await api("POST", "/builder/save", {
    auth: user,
    body: { prompt_id: saved.body.prompt_id, content: a.body.content },
  });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.equal(again.body.version_number, 2);
});

Deno.test("builder: a missing required component is a 422 naming it", async () => {
  const user = await newUser("builder-missing");
  for (const path of ["/builder/assemble", "/builder/polish"]) {
    const res = await api("POST", path, {
      auth: user,
      body: { framework: "roses", components: { role: "A guide", scenario: "  " } },
    });
    assert.equal(res.status, 422, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "component_missing");
    assert.deepEqual(res.body.error.details.fields.map((f: { field: string }) => f.field), [
      "components.objective",
      "components.scenario",
      "components.expected_solution",
    ]);
    assert.match(res.body.error.message, /Objective, Scenario, Expected solution/);
  }
  const unknown = await api("POST", "/builder/assemble", {
    auth: user,
    body: { framework: "nope", components: {} },
  });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.body.error.code, "framework_not_found");
  assert.deepEqual((await api("GET", "/builder/history", { auth: user })).body.items, []);
});

Deno.test("builder: an answer that does not fit is asked for once more; twice is a 502, nothing saved", async () => {
  const user = await newUser("builder-misfit");
  const before = await remaining(user);

  const onceKey = crypto.randomUUID();
  const once = await api("POST", "/builder/questions", {
    auth: user,
    body: { goal: `Write release notes [[standin:misfit;times=1;key=${onceKey}]]` },
  });
  assert.equal(once.status, 200, JSON.stringify(once.body));
  assert.equal(await standinCalls(onceKey), 2, "asked once more");
  assert.equal(once.body.run.attempts, 2, "both calls are on the run");
  assert.equal(once.body.questions.length, 4);
  assert.equal(await remaining(user), before - 1, "the retry is not counted twice");

  const alwaysKey = crypto.randomUUID();
  const bad = await api("POST", "/builder/template", {
    auth: user,
    body: {
      goal: `Write release notes [[standin:misfit;key=${alwaysKey}]]`,
      answers: [{ question_id: "audience", question_text: "Who?", answer: "Users" }],
    },
  });
  assert.equal(bad.status, 502, JSON.stringify(bad.body));
  assert.equal(bad.body.error.code, "builder_output_invalid");
  assert.match(bad.body.error.message, /did not fit the response schema twice/);
  assert.equal(await standinCalls(alwaysKey), 2, "one retry, no more");
  assert.equal(await promptCount(user), 0, "nothing is saved");
  assert.equal(await remaining(user), before - 2);

  // The failed generation is still history: it was made, and it cost.
  const failed = await api("GET", `/builder/history/${bad.body.error.details.run_id}`, {
    auth: user,
  });
  assert.equal(failed.status, 200, JSON.stringify(failed.body));
  assert.equal(failed.body.status, "error");
  assert.equal(failed.body.attempts, 2);
  assert.match(failed.body.cost_usd, /^\d+\.\d+$/);
});

Deno.test("builder: another user's answers, history and prompts are not found", async () => {
  const owner = await newUser("builder-owner");
  const other = await newUser("builder-other");
  const q = await api("POST", "/builder/questions", { auth: owner, body: { goal: "Tidy a CV" } });
  assert.equal(q.status, 200, JSON.stringify(q.body));
  const saved = await api("POST", "/builder/save", {
    auth: owner,
    body: {
      title: "CV",
      goal: "Tidy a CV",
      content: "Tidy {{cv}}",
      answers: [{ question_id: "audience", question_text: "Who?", answer: "Recruiters" }],
    },
  });
  assert.equal(saved.status, 201, JSON.stringify(saved.body));
  const id = saved.body.prompt_id;

  const answers = await api("GET", `/prompts/${id}/answers`, { auth: other });
  assert.equal(answers.status, 404);
  assert.equal(answers.body.error.code, "prompt_not_found");
  const one = await api("GET", `/builder/history/${q.body.run.id}`, { auth: other });
  assert.equal(one.status, 404);
  assert.equal(one.body.error.code, "generation_not_found");
  assert.deepEqual((await api("GET", "/builder/history", { auth: other })).body.items, []);
  const version = await api("POST", "/builder/save", {
    auth: other,
    body: { prompt_id: id, content: "Hijacked" },
  });
  assert.equal(version.status, 404);
  for (const path of ["/builder/frameworks", "/builder/history", `/prompts/${id}/answers`]) {
    assert.equal((await api("GET", path, { auth: null })).status, 401, path);
  }
});
