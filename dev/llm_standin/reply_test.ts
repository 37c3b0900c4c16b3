import assert from "node:assert/strict";
import { composeReply, excerpt, instanceOf, standinRewriteNote, wantsJson } from "./reply.ts";

const base = {
  model: "gpt-4o-mini",
  lastUser: "Summarise the plot of Hamlet",
  json: { kind: "none" as const },
};

Deno.test("same input gives the same reply, labelled as a stand-in, naming the model", async () => {
  const a = await composeReply(base);
  assert.equal(a, await composeReply(base));
  assert.match(a, /stand-in/i);
  assert.match(a, /gpt-4o-mini/);
  assert.match(a, /Summarise the plot of Hamlet/);
  assert.notEqual(a, await composeReply({ ...base, lastUser: "Summarise Macbeth" }));
});

Deno.test("temperature varies the phrasing deterministically", async () => {
  const replies = await Promise.all(
    [0.3, 0.7, 1.1, 1.5].map((t) => composeReply({ ...base, temperature: t })),
  );
  assert.ok(new Set(replies).size > 1, "some temperature changes the phrasing");
  assert.equal(replies[0], await composeReply({ ...base, temperature: 0.3 }));
});

Deno.test("json_object mode and prompts asking for JSON get parseable JSON", async () => {
  assert.equal(wantsJson("answer in json please"), true);
  assert.equal(wantsJson("Jason said hi"), false);
  const out = JSON.parse(await composeReply({ ...base, json: { kind: "object" } }));
  assert.equal(out.standin, true);
  assert.equal(out.model, "gpt-4o-mini");
});

Deno.test("json_schema mode returns an instance of the schema", async () => {
  const schema = {
    type: "object",
    properties: {
      title: { type: "string", minLength: 3 },
      score: { type: "integer", minimum: 1, maximum: 5 },
      tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, minItems: 2 },
      ok: { type: ["boolean", "null"] },
      when: { type: "string", format: "date-time" },
    },
  };
  const out = JSON.parse(await composeReply({ ...base, json: { kind: "schema", schema } }));
  assert.equal(typeof out.title, "string");
  assert.equal(out.score, 1);
  assert.deepEqual(out.tags, ["a", "a"]);
  assert.equal(out.ok, true);
  assert.ok(!Number.isNaN(Date.parse(out.when)));
  assert.deepEqual(instanceOf({ const: 7 }, "x"), 7);
});

Deno.test("excerpts are short and marked when cut", () => {
  assert.equal(excerpt("a  b\nc"), "a b c");
  assert.equal(excerpt("1 2 3 4 5 6 7 8 9 10 11 12 13"), "1 2 3 4 5 6 7 8 9 10 11 12…");
});

Deno.test("a rewrite request gets the same prompt back with one added instruction, placeholders intact", async () => {
  const lastUser = "Rewrite it.\n<<<PROMPT\nGreet {{name}} about {{topic}}.\nPROMPT>>>";
  const out = await composeReply({ model: "standin/echo", lastUser, json: { kind: "none" } });
  assert.equal(
    out,
    `<prompt>\nGreet {{name}} about {{topic}}.\n\n${standinRewriteNote}\n</prompt>\n` +
      "<summary>Stand-in suggestion (not a model): added an explicit output format.</summary>",
  );
  assert.notEqual(
    await composeReply({
      model: "standin/echo",
      lastUser: "Greet {{name}}",
      json: { kind: "none" },
    }),
    out,
  );
});

Deno.test("the prompt builder's questions and template fit their schemas, from the goal and answers", async () => {
  const { questionsOutput, questionsPrompt, templateOutput, templatePrompt } = await import(
    "../../supabase/functions/api/builder.ts"
  );
  const ask = questionsPrompt("Plan weekend trips for families");
  const questions = await composeReply({
    model: "standin/echo",
    lastUser: ask,
    json: { kind: "schema", schema: questionsOutput.format.schema },
  });
  assert.equal(questionsOutput.misfit(questions), null);
  const q = questionsOutput.parse(questions).questions;
  assert.deepEqual(q.map((x) => [x.id, x.required]), [
    ["audience", true],
    ["output_format", true],
    ["tone", false],
    ["constraints", false],
  ]);
  assert.match(q[0]!.text, /Plan weekend trips for families/);

  const write = templatePrompt("Plan weekend trips for families", [
    { question_id: "audience", question_text: "Who is the audience?", answer: "Parents" },
    { question_id: "tone", question_text: "Which tone?", answer: "" },
  ]);
  const template = await composeReply({
    model: "standin/echo",
    lastUser: write,
    json: { kind: "schema", schema: templateOutput.format.schema },
  });
  assert.equal(templateOutput.misfit(template), null);
  const t = templateOutput.parse(template);
  assert.match(t.template, /^You help with this goal: Plan weekend trips for families/);
  assert.match(t.template, /- Who is the audience\?: Parents/);
  assert.doesNotMatch(t.template, /Which tone/, "a skipped question is not used");
  assert.deepEqual(t.variables.map((v) => [v.name, v.type]), [["input", "string"], [
    "max_words",
    "number",
  ]]);
  assert.equal(
    template,
    await composeReply({
      model: "standin/echo",
      lastUser: write,
      json: { kind: "schema", schema: templateOutput.format.schema },
    }),
    "deterministic",
  );
});
