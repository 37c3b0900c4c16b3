// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import type { PromptVariable } from "../lib/types.ts";
import { initialValues } from "../lib/variables.ts";
import { VariablesForm } from "./VariablesForm.tsx";

afterEach(() => render(null, document.body));

const vars: PromptVariable[] = [
  { name: "topic", type: "string", required: true, description: "What to write about" },
  { name: "count", type: "number", default: 3 },
  { name: "formal", type: "boolean", default: true },
  { name: "tone", type: "enum", options: ["warm", "dry"], default: "dry" },
];

describe("VariablesForm", () => {
  it("makes an input of the right kind per typed variable, filled with its default", () => {
    render(
      <VariablesForm
        variables={vars}
        values={initialValues(vars)}
        errors={{}}
        onChange={() => {}}
      />,
      document.body,
    );
    const byName = (n: string) => document.body.querySelector(`[name="${n}"]`) as HTMLInputElement;
    expect(byName("topic").tagName).toBe("TEXTAREA");
    expect(byName("count").type).toBe("number");
    expect(byName("count").value).toBe("3");
    expect(byName("formal").type).toBe("checkbox");
    expect(byName("formal").checked).toBe(true);
    expect(byName("tone").tagName).toBe("SELECT");
    expect([...byName("tone").querySelectorAll("option")].map((o) => o.textContent)).toEqual([
      "Choose…",
      "warm",
      "dry",
    ]);
    expect(document.body.textContent).toContain("topic *");
    expect(document.body.textContent).toContain("What to write about");
  });

  it("shows each error next to its variable, from the form or from the API", () => {
    render(
      <VariablesForm
        variables={vars}
        values={initialValues(vars)}
        errors={{ topic: "Required", "variables.count": "must be a number" }}
        onChange={() => {}}
      />,
      document.body,
    );
    const labelOf = (n: string) => document.body.querySelector(`[name="${n}"]`)!.closest("label")!;
    expect(labelOf("topic").querySelector("[role=alert]")?.textContent).toBe("Required");
    expect(labelOf("count").querySelector("[role=alert]")?.textContent).toBe("must be a number");
    expect(labelOf("tone").querySelector("[role=alert]")).toBeNull();
  });

  it("reports edits with the variable's new value", () => {
    let latest: Record<string, string | boolean> = {};
    render(
      <VariablesForm
        variables={vars}
        values={initialValues(vars)}
        errors={{}}
        onChange={(v) => (latest = v)}
      />,
      document.body,
    );
    const topic = document.body.querySelector('[name="topic"]') as HTMLTextAreaElement;
    topic.value = "cats";
    topic.dispatchEvent(new Event("input", { bubbles: true }));
    expect(latest.topic).toBe("cats");
    expect(latest.count).toBe("3");
  });

  it("says so when there are no variables", () => {
    render(
      <VariablesForm variables={[]} values={{}} errors={{}} onChange={() => {}} />,
      document.body,
    );
    expect(document.body.textContent).toContain("no variables");
  });
});
