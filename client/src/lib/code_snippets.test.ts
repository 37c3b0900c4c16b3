import { describe, expect, it } from "vitest";
import { codeSnippets, sampleVariables } from "./code_snippets.ts";

const apiBase = "http://127.0.0.1:54321/functions/v1/api";

describe("sampleVariables", () => {
  it("uses defaults, else a value of the variable's type", () => {
    expect(sampleVariables([
      { name: "who", type: "string", required: true },
      { name: "n", type: "number" },
      { name: "loud", type: "boolean" },
      { name: "tone", type: "enum", options: ["dry", "warm"] },
      { name: "lang", type: "string", default: "en" },
    ])).toEqual({ who: "your who", n: 1, loud: true, tone: "dry", lang: "en" });
  });
});

describe("codeSnippets", () => {
  const snippets = codeSnippets({
    apiBase,
    name: "support-reply",
    label: "production",
    variables: [{ name: "who", type: "string", required: true }],
  });
  const code = (title: RegExp) => snippets.find((s) => title.test(s.title))?.code ?? "";

  it("fetches by name and label", () => {
    expect(code(/curl/)).toContain(`'${apiBase}/prompts/by-name/support-reply?label=production'`);
    expect(code(/Fetch by label \(JavaScript\)/)).toContain(
      `fetch("${apiBase}/prompts/by-name/support-reply?label=production"`,
    );
  });

  it("runs prompt:name@label with variables through the OpenAI-compatible endpoint", () => {
    const curl = code(/chat completions/);
    expect(curl).toContain(`${apiBase}/v1/chat/completions`);
    const body = JSON.parse(curl.slice(curl.indexOf("-d '") + 4, -1));
    expect(body).toEqual({
      model: "prompt:support-reply@production",
      messages: [],
      variables: { who: "your who" },
    });
    const js = code(/openai client/);
    expect(js).toContain(`baseURL: "${apiBase}/v1"`);
    expect(js).toContain(`model: "prompt:support-reply@production"`);
    expect(js).toContain(`"who": "your who"`);
  });

  it("escapes a single quote in the curl body", () => {
    const [, run] = codeSnippets({
      apiBase,
      name: "x",
      label: "latest",
      variables: [{ name: "q", type: "string", default: "it's" }],
    });
    expect(run?.code).toContain(`"it'\\''s"`);
  });
});
