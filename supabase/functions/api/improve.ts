// "Improve this prompt" (seed 000): the meta-prompt sent to the model and the reading of its
// answer. The answer format is plain tagged text rather than JSON so any chat model (and the
// stand-in, which answers prose) can produce it; an answer without the tags is taken whole.

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names used as `{{name}}` in a template, in order of first use (as SQL's render reads them). */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export interface ImproveInput {
  title: string;
  goal: string | null;
  content: string;
  /** Declared variable names; they must survive as `{{name}}`. */
  variables: string[];
  instructions?: string;
}

export interface Suggestion {
  content: string;
  summary: string;
}

export const SUMMARY_MAX = 1000;

export function metaPrompt(i: ImproveInput): string {
  const names = [...new Set([...i.variables, ...placeholders(i.content)])];
  const vars = names.length
    ? `Keep every variable placeholder exactly as written, in double curly braces (${
      names.map((n) => `{{${n}}}`).join(", ")
    }): do not rename, remove or fill them in, and add no new ones.`
    : "The prompt has no variables; add no {{placeholders}}.";
  return [
    "You are an expert prompt engineer. Rewrite the prompt below so that a language model",
    "following it gives better, more reliable results: make the task, context, constraints and",
    "expected output explicit, remove ambiguity, and keep it concise.",
    "",
    "Rules:",
    `- ${vars}`,
    "- Keep the prompt's language and intent.",
    ...(i.instructions?.trim() ? [`- The author asks: ${i.instructions.trim()}`] : []),
    "",
    "Answer with exactly these two parts and nothing else:",
    "<prompt>",
    "the improved prompt",
    "</prompt>",
    "<summary>one sentence saying what you changed and why</summary>",
    "",
    `The prompt is titled "${i.title}".${i.goal ? ` Its goal: ${i.goal}` : ""}`,
    "The prompt to improve, between the markers:",
    "<<<PROMPT",
    i.content,
    "PROMPT>>>",
  ].join("\n");
}

/** Reads the model's answer; `fallbackSummary` is used when it gave none. */
export function parseSuggestion(output: string, fallbackSummary: string): Suggestion {
  const prompt = tagged(output, "prompt");
  const content = prompt ?? output.trim();
  const said = tagged(output, "summary") || fallbackSummary;
  return { content, summary: said.slice(0, SUMMARY_MAX) };
}

// The text between the first <tag> and the next </tag> (any case), trimmed, or null. Plain
// scans, no regex: the answer is as long as a model makes it, and a lazy regex with \s* around
// the group backtracks quadratically on long runs of whitespace.
function tagged(text: string, tag: string): string | null {
  const open = indexOfTag(text, `<${tag}>`, 0);
  if (open < 0) return null;
  const from = open + tag.length + 2;
  const close = indexOfTag(text, `</${tag}>`, from);
  return close < 0 ? null : text.slice(from, close).trim();
}

function indexOfTag(text: string, tag: string, from: number): number {
  for (let i = text.indexOf("<", from); i >= 0; i = text.indexOf("<", i + 1)) {
    if (text.slice(i, i + tag.length).toLowerCase() === tag) return i;
  }
  return -1;
}

/** Variables the suggestion dropped, and placeholders it made up. */
export function variableChanges(declared: string[], original: string, suggested: string) {
  const before = new Set([...declared, ...placeholders(original)]);
  const after = new Set(placeholders(suggested));
  return {
    missing: [...before].filter((n) => !after.has(n)),
    added: [...after].filter((n) => !before.has(n)),
  };
}
