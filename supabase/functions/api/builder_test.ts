import assert from "node:assert/strict";
import {
  questionsOutput,
  questionsPrompt,
  templateOutput,
  templatePrompt,
  templateVariables,
} from "./builder.ts";

Deno.test("builder: the structured outputs' JSON schemas are strict and titled for the stand-in", () => {
  const s = questionsOutput.format.schema as Record<string, unknown>;
  assert.equal(s.title, "promptline_builder_questions");
  assert.equal(s.additionalProperties, false);
  assert.equal(questionsOutput.format.name, "promptline_builder_questions");
  assert.equal(templateOutput.format.schema.title, "promptline_builder_template");
  assert.equal("$schema" in s, false);
});

Deno.test("builder: an answer that does not fit says why", () => {
  const q = (n: number, id = (i: number) => `q${i}`) =>
    JSON.stringify({
      questions: Array.from({ length: n }, (_, i) => ({ id: id(i), text: "Why?", required: true })),
    });
  assert.equal(questionsOutput.misfit(q(3)), null);
  assert.equal(questionsOutput.misfit(q(7)), null);
  assert.match(questionsOutput.misfit(q(2))!, /^questions: /);
  assert.match(questionsOutput.misfit(q(8))!, /^questions: /);
  assert.equal(questionsOutput.misfit("not json"), "the answer is not JSON");
  assert.equal(questionsOutput.misfit(q(3, () => "same")), "questions: the ids must be distinct");
  assert.match(questionsOutput.misfit(q(3, () => "Not Snake"))!, /^questions\.0\.id: /);
  assert.match(templateOutput.misfit('{"title":"t","template":"x"}')!, /^variables: /);
  assert.throws(() => questionsOutput.parse("{}"));
});

Deno.test("builder: the meta-prompts carry the goal and the answered questions only", () => {
  assert.match(questionsPrompt("  Plan trips  "), /<<<GOAL\nPlan trips\nGOAL>>>$/);
  const t = templatePrompt("Plan trips", [
    { question_id: "a", question_text: "Who\nfor?", answer: "Families" },
    { question_id: "b", question_text: "Tone?", answer: "  " },
    { question_id: "c", question_text: "Length?" },
  ]);
  assert.match(t, /<<<ANSWERS\n- Who for\?: Families\nANSWERS>>>$/);
  assert.match(templatePrompt("x", []), /<<<ANSWERS\n\(none\)\nANSWERS>>>$/);
});

Deno.test("builder: a template's variables are its placeholders, typed as the model said", () => {
  assert.deepEqual(
    templateVariables("{{b}} then {{a}} and {{ b }}", [
      { name: "a", type: "number", description: "how many" },
      { name: "unused", type: "boolean", description: "" },
    ]),
    [
      { name: "b", type: "string", required: true },
      { name: "a", type: "number", required: true, description: "how many" },
    ],
  );
  assert.deepEqual(templateVariables("no placeholders"), []);
});
