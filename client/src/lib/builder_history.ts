// The builder's history in words. A generation's record holds what the API sent and got back as
// data: the input is a goal (questions, template) or a polish's components and instructions,
// and the output of questions and templates is the model's JSON answer.
import type { components } from "./api_schema.ts";

type HistoryItem = components["schemas"]["BuilderHistoryItem"];

const text = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** What was asked: the goal, else a polish's instructions, else its filled components. */
export function historyInput(input: HistoryItem["input"]): string {
  if (text(input.goal)) return input.goal;
  if (text(input.instructions)) return input.instructions;
  const parts = input.components;
  if (parts === null || typeof parts !== "object" || Array.isArray(parts)) return "";
  return Object.entries(parts)
    .filter((e): e is [string, string] => text(e[1]))
    .map(([name, value]) => `${name}: ${value}`)
    .join(" · ");
}

/** What came back: the questions asked, a template's title and text, else the text; or the error. */
export function historyOutput(item: Pick<HistoryItem, "output" | "error_message">): string {
  if (item.output === null) return item.error_message ?? "";
  let answer: unknown;
  try {
    answer = JSON.parse(item.output);
  } catch {
    return item.output;
  }
  if (answer !== null && typeof answer === "object") {
    const a = answer as { questions?: unknown; title?: unknown; template?: unknown };
    if (Array.isArray(a.questions)) {
      return a.questions.map((q) => (q as { text?: unknown })?.text).filter(text).join(" · ");
    }
    if (text(a.title) && text(a.template)) return `${a.title}: ${a.template}`;
  }
  return item.output;
}
