// The run form's logic: starting values from a version's typed variables, and checking what the
// user typed before it goes to the API (which checks again: this only gives earlier messages).
import type { FieldErrors } from "./api.ts";
import { placeholders } from "./template.ts";
import type { PromptVariable } from "./types.ts";

/** What the inputs hold: text for string/number/enum, a flag for boolean. */
export type FormValues = Record<string, string | boolean>;
export type RunValues = Record<string, string | number | boolean>;

export function initialValues(vars: PromptVariable[]): FormValues {
  const out: FormValues = {};
  for (const v of vars) {
    if (v.type === "boolean") out[v.name] = v.default === true;
    else out[v.name] = v.default === undefined || v.default === null ? "" : String(v.default);
  }
  return out;
}

export function validateValues(
  vars: PromptVariable[],
  form: FormValues,
): { values: RunValues; errors: FieldErrors } {
  const values: RunValues = {};
  const errors: FieldErrors = {};
  for (const v of vars) {
    const raw = form[v.name];
    if (v.type === "boolean") {
      values[v.name] = raw === true;
      continue;
    }
    const text = typeof raw === "string" ? raw : "";
    if (text.trim() === "") {
      if (v.required) errors[v.name] = "Required";
      continue;
    }
    if (v.type === "number") {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[v.name] = "Must be a number";
      else values[v.name] = n;
    } else if (v.type === "enum") {
      if (!(v.options ?? []).includes(text)) {
        errors[v.name] = `Choose one of: ${(v.options ?? []).join(", ")}`;
      } else values[v.name] = text;
    } else {
      values[v.name] = text;
    }
  }
  return { values, errors };
}

/**
 * The variables list for edited content: one entry per placeholder, in order, keeping the
 * definitions the user already made and adding a plain required string for each new name.
 */
export function syncVariables(content: string, vars: PromptVariable[]): PromptVariable[] {
  const known = new Map(vars.map((v) => [v.name, v]));
  return placeholders(content).map((name) =>
    known.get(name) ?? { name, type: "string", required: true }
  );
}

/** Problems with a variable definition that the database would refuse, said plainly. */
export function definitionErrors(v: PromptVariable): string | null {
  if (v.type === "enum" && !(v.options ?? []).length) return "An enum needs at least one option";
  if (
    v.type === "enum" && v.default != null && v.default !== "" &&
    !(v.options ?? []).includes(String(v.default))
  ) {
    return "The default must be one of the options";
  }
  if (
    v.type === "number" && v.default != null && v.default !== "" &&
    !Number.isFinite(Number(v.default))
  ) {
    return "The default must be a number";
  }
  return null;
}

/** A definition as the API stores it: defaults typed, empty fields left out. */
export function cleanVariable(v: PromptVariable): PromptVariable {
  const out: PromptVariable = { name: v.name, type: v.type, required: v.required === true };
  if (v.description) out.description = v.description;
  if (v.type === "enum") out.options = (v.options ?? []).filter((o) => o !== "");
  const d = v.default;
  if (d !== undefined && d !== null && d !== "") {
    if (v.type === "number") out.default = Number(d);
    else if (v.type === "boolean") out.default = d === true || d === "true";
    else out.default = String(d);
  }
  return out;
}
