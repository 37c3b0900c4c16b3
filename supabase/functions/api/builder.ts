// The prompt builder's model calls (seed 001's meta-prompting): the meta-prompts that ask for
// clarifying questions from a goal and for a template from the goal and the answers, the
// structured output each must fit (one zod schema gives both the JSON schema sent as
// response_format and the check of the answer), and the typed variables of a template, read
// from its {{placeholders}}. Assembling with a framework is SQL (public.assemble_framework).
import { z } from "@hono/zod-openapi";
import type { Structured } from "./run/service.ts";
import { placeholders } from "./improve.ts";
import type { PromptVariable } from "./contract.ts";

export const MAX_GOAL_CHARS = 2000;

const id = z.string().regex(/^[a-z][a-z0-9_]{0,49}$/);

/** The model's clarifying questions: 3 to 7, each with a snake_case id. */
export const questionsAnswer = z.object({
  questions: z.array(
    z.object({
      id,
      text: z.string().min(1).max(300),
      required: z.boolean(),
    }).strict(),
  ).min(3).max(7),
}).strict();
export type Question = z.infer<typeof questionsAnswer>["questions"][number];

/** The model's template: a title, the text with {{placeholders}}, and their types. */
export const templateAnswer = z.object({
  title: z.string().min(1).max(200),
  template: z.string().min(1).max(20_000),
  variables: z.array(
    z.object({
      name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/),
      type: z.enum(["string", "number", "boolean"]),
      description: z.string().max(500),
    }).strict(),
  ).max(20),
}).strict();
export type TemplateAnswer = z.infer<typeof templateAnswer>;

// The stand-in (dev/llm_standin) recognises the builder's calls by these schema titles.
export const QUESTIONS_SCHEMA_TITLE = "promptline_builder_questions";
export const TEMPLATE_SCHEMA_TITLE = "promptline_builder_template";

function structured<T extends z.ZodType>(
  schema: T,
  title: string,
  check?: (v: z.infer<T>) => string | null,
): Structured & { parse(output: string): z.infer<T> } {
  const json = { ...z.toJSONSchema(schema, { target: "draft-7" }), title } as Record<
    string,
    unknown
  >;
  delete json.$schema;
  const read = (output: string): { value: z.infer<T> } | { misfit: string } => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      return { misfit: "the answer is not JSON" };
    }
    const r = schema.safeParse(parsed);
    if (!r.success) {
      const issue = r.error.issues[0]!; // a failed parse has at least one issue
      const at = issue.path.length ? `${issue.path.join(".")}: ` : "";
      return { misfit: `${at}${issue.message}` };
    }
    const why = check?.(r.data) ?? null;
    return why === null ? { value: r.data } : { misfit: why };
  };
  return {
    format: { name: title, schema: json },
    misfit: (output) => {
      const r = read(output);
      return "misfit" in r ? r.misfit : null;
    },
    parse: (output) => {
      const r = read(output);
      if ("misfit" in r) throw new Error(`parse of a misfit answer: ${r.misfit}`);
      return r.value;
    },
  };
}

export const questionsOutput = structured(questionsAnswer, QUESTIONS_SCHEMA_TITLE, (v) => {
  const ids = v.questions.map((q) => q.id);
  return new Set(ids).size === ids.length ? null : "questions: the ids must be distinct";
});
export const templateOutput = structured(templateAnswer, TEMPLATE_SCHEMA_TITLE);

const block = (name: string, text: string) => [`<<<${name}`, text.trim(), `${name}>>>`];

export function questionsPrompt(goal: string): string {
  return [
    "You are an expert prompt engineer. A user wants a reusable prompt template for the goal",
    "below. Ask 3 to 7 short clarifying questions whose answers make the template precise: the",
    "audience, the form of the output, constraints, tone, and what changes from one use to the",
    "next. Mark a question required when the template cannot be written well without its answer.",
    "Answer with JSON fitting the given schema; question ids are snake_case.",
    "The goal, between the markers:",
    ...block("GOAL", goal),
  ].join("\n");
}

export interface Answer {
  question_id: string;
  question_text: string;
  answer?: string | null;
}

export function templatePrompt(goal: string, answers: Answer[]): string {
  const answered = answers.filter((a) => a.answer?.trim());
  return [
    "You are an expert prompt engineer. Write a reusable prompt template for the goal below,",
    "following the user's answers to the clarifying questions. Put what changes from one use to",
    "the next in {{snake_case}} placeholders, and list each placeholder as a variable with its",
    "type (string, number or boolean) and a short description. Give the template a short title.",
    "Answer with JSON fitting the given schema.",
    "The goal, between the markers:",
    ...block("GOAL", goal),
    "The answers, one per line (question: answer), between the markers:",
    ...block(
      "ANSWERS",
      answered.length
        ? answered.map((a) => `- ${oneLine(a.question_text)}: ${oneLine(a.answer!)}`).join("\n")
        : "(none)",
    ),
  ].join("\n");
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * A template's typed variables: one per {{placeholder}}, in order of first use, typed as the
 * model said (string when it said nothing, or named a placeholder the template does not use).
 */
export function templateVariables(
  template: string,
  typed: { name: string; type: PromptVariable["type"]; description?: string }[] = [],
): PromptVariable[] {
  const byName = new Map(typed.map((v) => [v.name, v]));
  return placeholders(template).map((name) => {
    const t = byName.get(name);
    const v: PromptVariable = {
      name,
      type: t?.type === "enum" ? "string" : t?.type ?? "string",
      required: true,
    };
    if (t?.description) v.description = t.description.slice(0, 500);
    return v;
  });
}
