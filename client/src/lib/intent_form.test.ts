import { describe, expect, it } from "vitest";
import { initialIntent, intentErrors, type IntentField, toIntent } from "./intent_form.ts";

const fields: IntentField[] = [
  { field: "word", type: "string", required: true, max_length: 200 },
  { field: "angle", type: "enum", options: ["etymology", "cultural"], default: "etymology" },
  { field: "pages", type: "integer", default: 3 },
  { field: "ratio", type: "number" },
  { field: "draft", type: "boolean", default: true },
  { field: "level", type: "enum", options: [1, 2, 3] },
];

describe("the intent form", () => {
  it("starts from the schema's defaults", () => {
    expect(initialIntent(fields)).toEqual({
      word: "",
      angle: "etymology",
      pages: "3",
      ratio: "",
      draft: true,
      level: "",
    });
  });

  it("types what was typed as the schema says, and leaves an empty field to the API", () => {
    const form = { ...initialIntent(fields), word: "  serendipity ", ratio: "0.5", level: "2" };
    expect(toIntent(fields, form)).toEqual({
      intent: {
        word: "serendipity",
        angle: "etymology",
        pages: 3,
        ratio: 0.5,
        draft: true,
        level: 2, // an option keeps its type
      },
      errors: {},
    });
    // Required is the API's to say (its 422 names the field): the form sends no value.
    expect(toIntent(fields, { ...form, word: "" }).intent).not.toHaveProperty("word");
  });

  it("says which numbers are not numbers", () => {
    const form = { ...initialIntent(fields), pages: "2.5", ratio: "lots" };
    expect(toIntent(fields, form).errors).toEqual({
      pages: "Must be a whole number",
      ratio: "Must be a number",
    });
  });

  it("puts the API's field errors (intent.<field>) on the form's fields", () => {
    expect(intentErrors({ "intent.word": "Required", display_name: "Too long" })).toEqual({
      word: "Required",
      display_name: "Too long",
    });
  });
});
