// How an app calls a stored prompt, as copyable code: fetch it by label (curl and fetch), and run
// it through the OpenAI-compatible endpoint (curl and the `openai` client, where Promptline's
// `variables` ride in the body as an extra field). The key is a placeholder: keys are shown once.
import type { PromptVariable } from "./types.ts";

export interface CodeSnippet {
  title: string;
  code: string;
}

/** A sample value of each variable's type: its default, else something that passes its check. */
export function sampleVariables(vars: PromptVariable[]): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const v of vars) {
    const d = v.default;
    if (d !== undefined && d !== null) out[v.name] = d;
    else if (v.type === "number") out[v.name] = 1;
    else if (v.type === "boolean") out[v.name] = true;
    else out[v.name] = v.options?.[0] ?? `your ${v.name}`;
  }
  return out;
}

const indent = (json: string, by: string) => json.replace(/\n/g, `\n${by}`);

export function codeSnippets(
  { apiBase, name, label, variables }: {
    apiBase: string;
    name: string;
    label: string;
    variables: PromptVariable[];
  },
): CodeSnippet[] {
  const byName = `${apiBase}/prompts/by-name/${name}?label=${label}`;
  const model = `prompt:${name}@${label}`;
  const vars = JSON.stringify(sampleVariables(variables), null, 2);
  const body = JSON.stringify({ model, messages: [], variables: sampleVariables(variables) });
  const key = "pl_…";
  return [
    {
      title: "Fetch by label (curl)",
      code: `curl -s -H 'x-api-key: ${key}' '${byName}'`,
    },
    {
      title: "Run: chat completions (curl)",
      code: `curl -s ${apiBase}/v1/chat/completions \\
  -H 'authorization: Bearer ${key}' -H 'content-type: application/json' \\
  -d '${body.replace(/'/g, "'\\''")}'`,
    },
    {
      title: "Run with the openai client (JavaScript)",
      code: `import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "${apiBase}/v1",
  apiKey: "${key}",
});
const completion = await client.chat.completions.create({
  model: "${model}",
  messages: [],
  // Promptline's variables, sent as an extra body field
  variables: ${indent(vars, "  ")},
});
console.log(completion.choices[0].message.content);`,
    },
    {
      title: "Fetch by label (JavaScript)",
      code: `const res = await fetch("${byName}", {
  headers: { "x-api-key": "${key}" },
});
// content or messages, variables, model_config, version_number; ETag for If-None-Match
const prompt = await res.json();`,
    },
  ];
}
