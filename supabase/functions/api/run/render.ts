// Rendering a version for a run: the caller's values are checked against the version's typed
// variables (type, enum options, required, defaults) and substituted for `{{name}}`. Every
// problem is reported at once, naming the field, so a form can mark all of them.
import { ApiError } from "../../_shared/errors.ts";
import type { FieldError } from "../validation.ts";

export interface VariableDef {
  name: string;
  type: "string" | "number" | "boolean" | "enum";
  required?: boolean;
  default?: string | number | boolean | null;
  options?: string[] | null;
  description?: string;
}

export type VariableValue = string | number | boolean;

export interface Rendered {
  text: string;
  /** Every declared variable's value as used (defaults filled in). */
  values: Record<string, VariableValue>;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** Names used as `{{name}}` in a template, in order of first use. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export function renderPrompt(
  template: string,
  defs: readonly VariableDef[],
  given: Record<string, unknown>,
): Rendered {
  const errors: FieldError[] = [];
  const byName = new Map(defs.map((d) => [d.name, d]));
  for (const name of Object.keys(given)) {
    if (!byName.has(name)) {
      errors.push({ field: `variables.${name}`, message: "this version has no such variable" });
    }
  }
  const values: Record<string, VariableValue> = {};
  for (const def of defs) {
    const field = `variables.${def.name}`;
    const raw = Object.hasOwn(given, def.name) ? given[def.name] : undefined;
    const value = raw === undefined || raw === null ? def.default ?? undefined : raw;
    if (value === undefined || value === null) {
      if (def.required) errors.push({ field, message: "required" });
      continue;
    }
    const problem = typeProblem(def, value);
    if (problem) errors.push({ field, message: problem });
    else values[def.name] = value as VariableValue;
  }
  // A placeholder nobody declared is a bug in the prompt: refuse rather than send "{{x}}".
  for (const name of placeholders(template)) {
    if (!byName.has(name)) {
      errors.push({
        field: "content",
        message: `{{${name}}} is used in the prompt but is not one of its variables`,
      });
    }
  }
  if (errors.length) {
    const summary = errors.map((e) => `${e.field}: ${e.message}`).join("; ");
    throw new ApiError(422, "validation_failed", `invalid variables: ${summary}`, {
      fields: errors,
    });
  }
  const text = template.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    return v === undefined ? "" : String(v);
  });
  return { text, values };
}

function typeProblem(def: VariableDef, value: unknown): string | null {
  switch (def.type) {
    case "string":
      return typeof value === "string" ? null : "must be a string";
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? null : "must be a number";
    case "boolean":
      return typeof value === "boolean" ? null : "must be true or false";
    case "enum":
      if (typeof value === "string" && (def.options ?? []).includes(value)) return null;
      return `must be one of ${(def.options ?? []).map((o) => JSON.stringify(o)).join(", ")}`;
  }
}
