// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { initialIntent, type IntentField } from "../lib/intent_form.ts";
import { IntentForm } from "./IntentForm.tsx";

afterEach(() => render(null, document.body));

// The seeded etymology essay's intent_schema, and a number and a flag.
const fields: IntentField[] = [
  { field: "word", type: "string", required: true, max_length: 200, description: "The word" },
  { field: "angle", type: "enum", options: ["etymology", "cultural"], default: "etymology" },
  { field: "pages", type: "integer", default: 3 },
  { field: "draft", type: "boolean", default: true },
];

describe("IntentForm", () => {
  it("makes a typed input per intent field, with its default, and an error at its field", () => {
    let changed: unknown = null;
    render(
      <IntentForm
        fields={fields}
        values={initialIntent(fields)}
        errors={{ word: "Required" }}
        onChange={(v) => (changed = v)}
      />,
      document.body,
    );
    const byName = (n: string) => document.body.querySelector(`[name="${n}"]`) as HTMLInputElement;
    expect(byName("word").type).toBe("text");
    expect(byName("word").maxLength).toBe(200);
    expect(byName("word").getAttribute("aria-invalid")).toBe("true");
    expect(byName("word").closest("label")!.textContent).toContain("Required");
    expect(byName("word").closest("label")!.textContent).toContain("word *");
    expect(byName("angle").tagName).toBe("SELECT");
    expect(byName("angle").value).toBe("etymology");
    expect([...byName("angle").querySelectorAll("option")].map((o) => o.textContent)).toEqual([
      "Choose…",
      "etymology",
      "cultural",
    ]);
    expect(byName("pages").type).toBe("number");
    expect(byName("pages").step).toBe("1");
    expect(byName("pages").value).toBe("3");
    expect(byName("draft").checked).toBe(true);

    byName("word").value = "serendipity";
    byName("word").dispatchEvent(new Event("input", { bubbles: true }));
    expect(changed).toMatchObject({ word: "serendipity", angle: "etymology" });
  });
});
