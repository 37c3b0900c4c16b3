// The stand-in's deterministic answers: a pure function of the model, the last user message
// (directives removed, so a scripted retry gets the same text), the temperature and the JSON
// mode. Every answer says it comes from a stand-in, so nobody mistakes it for a model's output.

export type JsonMode =
  | { kind: "none" }
  | { kind: "object" }
  | { kind: "schema"; schema: unknown };

export interface ReplyInput {
  model: string;
  lastUser: string;
  temperature?: number;
  json: JsonMode;
}

export async function sha256Hex(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function excerpt(text: string, maxWords = 12, maxChars = 80): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let out = words.slice(0, maxWords).join(" ");
  if (out.length > maxChars) out = out.slice(0, maxChars).trimEnd();
  return out.length < words.join(" ").length ? `${out}…` : out;
}

// A prompt that asks for JSON gets JSON even without response_format, as models mostly do.
export function wantsJson(lastUser: string): boolean {
  return /\bjson\b/i.test(lastUser);
}

// Promptline's "improve" meta-prompt puts the prompt between these markers and asks for
// <prompt>/<summary>. The stand-in answers with the same prompt plus one explicit instruction,
// placeholders intact, so the improve → review → save flow is meaningful without a model.
const rewriteRequest = /<<<PROMPT\n([\s\S]*?)\nPROMPT>>>/;
export const standinRewriteNote = "State the expected output format explicitly.";

export function standinRewrite(lastUser: string): string | null {
  const m = rewriteRequest.exec(lastUser);
  if (!m) return null;
  return `<prompt>\n${m[1]!.trimEnd()}\n\n${standinRewriteNote}\n</prompt>\n` +
    "<summary>Stand-in suggestion (not a model): added an explicit output format.</summary>";
}

// Promptline's prompt builder asks for structured output with schemas titled as below (see
// supabase/functions/api/builder.ts), the goal between <<<GOAL/GOAL>>> and the answers between
// <<<ANSWERS/ANSWERS>>>. The stand-in answers them with output that fits: a fixed set of four
// questions about the goal, and a template that uses the goal and the answers.
const goalBlock = /<<<GOAL\n([\s\S]*?)\nGOAL>>>/;
const answersBlock = /<<<ANSWERS\n([\s\S]*?)\nANSWERS>>>/;

export function standinBuilderReply(schema: unknown, lastUser: string): string | null {
  const title = (schema as { title?: unknown } | null)?.title;
  const goal = goalBlock.exec(lastUser)?.[1]?.trim();
  if (!goal) return null;
  const about = excerpt(goal, 10, 60);
  if (title === "promptline_builder_questions") {
    return JSON.stringify({
      questions: [
        { id: "audience", text: `Who is the audience for "${about}"?`, required: true },
        {
          id: "output_format",
          text: "What form should the answer take (a list, an email, a table...)?",
          required: true,
        },
        { id: "tone", text: "Which tone should it use?", required: false },
        { id: "constraints", text: "Anything it must avoid or always include?", required: false },
      ],
    });
  }
  if (title === "promptline_builder_template") {
    const answers = (answersBlock.exec(lastUser)?.[1] ?? "").split("\n")
      .filter((l) => l.startsWith("- "));
    return JSON.stringify({
      title: `Stand-in template: ${excerpt(goal, 6, 60)}`,
      template: [
        `You help with this goal: ${goal}`,
        ...(answers.length ? ["", "Follow these requirements:", ...answers] : []),
        "",
        "Work on this input:",
        "{{input}}",
        "",
        "Keep the answer under {{max_words}} words.",
      ].join("\n"),
      variables: [
        { name: "input", type: "string", description: "The material to work on" },
        { name: "max_words", type: "number", description: "The longest answer, in words" },
      ],
    });
  }
  return null;
}

/** A scripted answer that does not fit the schema asked for (the `misfit` fault). */
export const standinMisfit = JSON.stringify({ standin: true, misfit: "scripted" });

export async function composeReply(input: ReplyInput): Promise<string> {
  const rewrite = input.json.kind === "none" ? standinRewrite(input.lastUser) : null;
  if (rewrite) return rewrite;
  if (input.json.kind === "schema") {
    const built = standinBuilderReply(input.json.schema, input.lastUser);
    if (built) return built;
  }
  const digest = (await sha256Hex(input.lastUser)).slice(0, 12);
  const words = input.lastUser.trim().split(/\s+/).filter(Boolean).length;
  const echo = excerpt(input.lastUser);
  const sentence = await phrase(input, digest, `${words} word${words === 1 ? "" : "s"}`, echo);
  if (input.json.kind === "schema") return JSON.stringify(instanceOf(input.json.schema, sentence));
  if (input.json.kind === "object") {
    return JSON.stringify({ standin: true, model: input.model, digest, words, answer: sentence });
  }
  return sentence;
}

async function phrase(i: ReplyInput, digest: string, words: string, echo: string) {
  const variants: [string, ...string[]] = [
    `Stand-in reply from ${i.model}: I read ${words} (digest ${digest}). You wrote: "${echo}".`,
    `[stand-in ${i.model}] Message digest ${digest}, ${words}. Echo: "${echo}".`,
    `This is the Promptline stand-in answering as ${i.model}. Digest ${digest} covers ${words}; it began "${echo}".`,
  ];
  // Temperature 0 (or unset) always gives the first phrasing; other temperatures pick one
  // deterministically, so "same input, same output" holds at every temperature.
  if (!i.temperature) return variants[0];
  const pick = await sha256Hex(`${digest}|${i.temperature.toFixed(2)}`);
  return variants[parseInt(pick.slice(0, 8), 16) % variants.length]!; // in range: % length
}

type Schema = Record<string, unknown>;

// Builds a value that satisfies common JSON Schema keywords, so `response_format: json_schema`
// callers (and output validators downstream) get a conforming answer.
export function instanceOf(schema: unknown, text: string): unknown {
  if (typeof schema !== "object" || schema === null) return { standin: true, answer: text };
  const s = schema as Schema;
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ("default" in s) return s.default;
  for (const alt of ["anyOf", "oneOf", "allOf"]) {
    const options = s[alt];
    if (Array.isArray(options) && options.length > 0) return instanceOf(options[0], text);
  }
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const type = types.find((t) => t !== "null") ?? (s.properties ? "object" : undefined);
  switch (type) {
    case "object": {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, instanceOf(v, text)]));
    }
    case "array": {
      const count = Math.max(1, Number(s.minItems ?? 1));
      return Array.from({ length: count }, () => instanceOf(s.items, text));
    }
    case "string":
      return stringFor(s, text);
    case "integer":
    case "number":
      return numberFor(s, type === "integer");
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return { standin: true, answer: text };
  }
}

function stringFor(s: Schema, text: string): string {
  const byFormat: Record<string, string> = {
    "date-time": "2026-01-01T00:00:00Z",
    date: "2026-01-01",
    email: "standin@example.com",
    uri: "https://example.com/standin",
    uuid: "00000000-0000-4000-8000-000000000000",
  };
  let out = byFormat[String(s.format)] ?? text;
  const min = Number(s.minLength ?? 0);
  const max = Number(s.maxLength ?? Infinity);
  while (out.length < min) out += " stand-in";
  return out.slice(0, max);
}

function numberFor(s: Schema, integer: boolean): number {
  let n = 0;
  if (typeof s.minimum === "number") n = s.minimum;
  if (typeof s.exclusiveMinimum === "number") n = s.exclusiveMinimum + (integer ? 1 : 0.5);
  if (typeof s.maximum === "number" && n > s.maximum) n = s.maximum;
  return integer ? Math.ceil(n) : n;
}
