import { describe, expect, it } from "vitest";
import type { PromptVariable } from "./types.ts";
import {
  cleanVariable,
  definitionErrors,
  initialValues,
  syncVariables,
  validateValues,
} from "./variables.ts";

const vars: PromptVariable[] = [
  { name: "topic", type: "string", required: true },
  { name: "count", type: "number", default: 3 },
  { name: "formal", type: "boolean", default: true },
  { name: "tone", type: "enum", options: ["warm", "dry"], default: "dry" },
  { name: "note", type: "string" },
];

describe("initialValues", () => {
  it("starts each input at the variable's default, typed for its input", () => {
    expect(initialValues(vars)).toEqual({
      topic: "",
      count: "3",
      formal: true,
      tone: "dry",
      note: "",
    });
  });
});

describe("validateValues", () => {
  it("types the values and leaves out empty optional ones", () => {
    const r = validateValues(vars, {
      topic: "cats",
      count: "4.5",
      formal: false,
      tone: "warm",
      note: "",
    });
    expect(r.errors).toEqual({});
    expect(r.values).toEqual({ topic: "cats", count: 4.5, formal: false, tone: "warm" });
  });

  it("names each problem next to its variable", () => {
    const r = validateValues(vars, { topic: "  ", count: "many", formal: true, tone: "loud" });
    expect(r.errors).toEqual({
      topic: "Required",
      count: "Must be a number",
      tone: "Choose one of: warm, dry",
    });
  });
});

describe("syncVariables", () => {
  it("follows the placeholders, keeping known definitions and adding new ones", () => {
    const next = syncVariables("{{tone}} about {{topic}} and {{fresh}}", vars);
    expect(next.map((v) => v.name)).toEqual(["tone", "topic", "fresh"]);
    expect(next[0]).toBe(vars[3]);
    expect(next[2]).toEqual({ name: "fresh", type: "string", required: true });
  });
});

describe("definitions", () => {
  it("explains definitions the database would refuse", () => {
    expect(definitionErrors({ name: "a", type: "enum", options: [] })).toMatch(/option/);
    expect(definitionErrors({ name: "a", type: "enum", options: ["x"], default: "y" })).toMatch(
      /one of/,
    );
    expect(definitionErrors({ name: "a", type: "number", default: "abc" })).toMatch(/number/);
    expect(definitionErrors(vars[0]!)).toBeNull();
  });

  it("cleans a definition into the stored shape", () => {
    expect(cleanVariable({ name: "n", type: "number", default: "2", description: "" })).toEqual({
      name: "n",
      type: "number",
      required: false,
      default: 2,
    });
    expect(cleanVariable({ name: "e", type: "enum", options: ["a", ""], required: true })).toEqual({
      name: "e",
      type: "enum",
      required: true,
      options: ["a"],
    });
  });
});
