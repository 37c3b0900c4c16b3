// A prompt's output checks (the API's validators) as plain functions: the config each type
// takes, built from the form's inputs and checked with the API's own limits before sending
// (routes/validators.ts, migration 20261204002200_validators.sql), and a config said in words.
// Errors are keyed by the API's field names (`config.pattern`), so the form shows its own and
// the API's at the same input.
import type { FieldErrors } from "./api.ts";
import { type components, validatorTypeValues } from "./api_schema.ts";

export type Validator = components["schemas"]["Validator"];
export type ValidatorType = components["schemas"]["ValidatorType"];
export type NewValidator = components["schemas"]["NewValidator"];
type Config = Validator["config"];

export const validatorTypes = validatorTypeValues;

export const typeLabels: Record<ValidatorType, string> = {
  contains: "Contains text",
  max_length: "Maximum length",
  regex: "Matches a pattern",
  json_schema: "JSON matching a schema",
};

/** The API's bounds (the SQL check and the route's zod schemas agree on them). */
export const limits = {
  name: 100,
  text: 10_000,
  pattern: 1_000,
  max: 10_000_000,
  schemaChars: 32_000,
} as const;

/** The regex flags the API runs; u is accepted too, but RE2 always reads code points. */
export const regexFlags = [
  { flag: "i", label: "Ignore case" },
  { flag: "m", label: "^ and $ match at each line" },
  { flag: "s", label: ". matches line breaks" },
] as const;

/** What the form holds: every type's inputs, so switching type loses nothing typed. */
export interface CheckForm {
  name: string;
  type: ValidatorType;
  text: string;
  caseSensitive: boolean;
  max: string;
  pattern: string;
  flags: string;
  schema: string;
}

export const emptyForm = (): CheckForm => ({
  name: "",
  type: "contains",
  text: "",
  caseSensitive: true,
  max: "",
  pattern: "",
  flags: "",
  schema: '{\n  "type": "object"\n}',
});

const str = (v: unknown): string => typeof v === "string" ? v : "";

/** A saved check in the form, to edit it. */
export function formOf(v: Validator): CheckForm {
  const c = v.config;
  const form = { ...emptyForm(), name: v.name, type: v.type };
  switch (v.type) {
    case "contains":
      return { ...form, text: str(c.text), caseSensitive: c.case_sensitive !== false };
    case "max_length":
      return { ...form, max: typeof c.max === "number" ? String(c.max) : "" };
    case "regex":
      return { ...form, pattern: str(c.pattern), flags: str(c.flags) };
    case "json_schema":
      return { ...form, schema: JSON.stringify(c.schema, null, 2) ?? "" };
  }
}

/** The flags with `flag` set or cleared, in the order the user sees them. */
export function withFlag(flags: string, flag: string, on: boolean): string {
  const rest = flags.replaceAll(flag, "");
  return on ? [...rest, flag].sort().join("") : rest;
}

type Built = { config: Config; errors?: never } | { errors: FieldErrors };

const refuse = (field: string, message: string): Built => ({
  errors: { [`config.${field}`]: message },
});

function configOf(form: CheckForm): Built {
  switch (form.type) {
    case "contains": {
      if (!form.text) return refuse("text", "Give the text the output must contain");
      if (form.text.length > limits.text) {
        return refuse("text", `At most ${limits.text} characters`);
      }
      return { config: { text: form.text, case_sensitive: form.caseSensitive } };
    }
    case "max_length": {
      const max = Number(form.max);
      const whole = form.max.trim() !== "" && Number.isInteger(max);
      if (!whole || max < 1 || max > limits.max) {
        return refuse("max", `A whole number from 1 to ${limits.max}`);
      }
      return { config: { max } };
    }
    case "regex": {
      const { pattern, flags } = form;
      if (!pattern) return refuse("pattern", "Give a pattern");
      if (pattern.length > limits.pattern) {
        return refuse("pattern", `At most ${limits.pattern} characters`);
      }
      // The API parses the pattern the same way before RE2 runs it; RE2's own refusals
      // (lookaround, backreferences) still come back from the API, at the same input.
      try {
        new RegExp(pattern, flags);
      } catch (e) {
        return refuse("pattern", (e as Error).message);
      }
      return { config: flags ? { pattern, flags } : { pattern } };
    }
    case "json_schema": {
      let schema: unknown;
      try {
        schema = JSON.parse(form.schema);
      } catch (e) {
        return refuse("schema", `Not valid JSON: ${(e as Error).message}`);
      }
      const isObject = typeof schema === "object" && schema !== null && !Array.isArray(schema);
      if (!isObject && typeof schema !== "boolean") {
        return refuse("schema", "A schema is a JSON object (or true or false)");
      }
      const size = JSON.stringify(schema).length;
      if (size > limits.schemaChars) {
        return refuse(
          "schema",
          `The schema is ${size} characters, more than ${limits.schemaChars}`,
        );
      }
      return { config: { schema } };
    }
  }
}

type Checked = { body: NewValidator; errors?: never } | { body?: never; errors: FieldErrors };

/** The body that saves the form (POST, or PATCH of every field), or why it cannot be sent. */
export function checkBody(form: CheckForm): Checked {
  const name = form.name.trim();
  const nameError = !name
    ? "Give the check a name"
    : name.length > limits.name
    ? `At most ${limits.name} characters`
    : null;
  const built = configOf(form);
  if (nameError || built.errors) {
    return { errors: { ...(nameError ? { name: nameError } : {}), ...built.errors } };
  }
  return { body: { name, type: form.type, config: built.config } };
}

/**
 * The API's field errors at the inputs that show them: one deep in a schema
 * (`config.schema.properties.a.pattern`) goes to the schema's input, saying where.
 */
export function inputErrors(fields: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of Object.entries(fields)) {
    const inner = /^config\.schema\.(.+)$/.exec(field)?.[1];
    const key = inner ? "config.schema" : field;
    out[key] ??= inner ? `${inner}: ${message}` : message;
  }
  return out;
}

const clip = (s: string, max = 60) => s.length > max ? `${s.slice(0, max - 1)}…` : s;

function describeSchema(schema: unknown): string {
  if (schema === true) return "any JSON";
  if (schema === false) return "never passes (the schema is false)";
  const s = (schema ?? {}) as Record<string, unknown>;
  const type = Array.isArray(s.type) ? s.type.join(" or ") : str(s.type);
  const required = Array.isArray(s.required) ? s.required.filter((r) => typeof r === "string") : [];
  return [
    type ? `JSON ${type}` : "JSON matching a schema",
    ...(required.length ? [`requires ${clip(required.join(", "))}`] : []),
  ].join(", ");
}

/** A check's config in words, for the list: `contains "done" (any case)`. */
export function describeConfig(type: ValidatorType, config: Config): string {
  switch (type) {
    case "contains":
      return `contains ${JSON.stringify(clip(str(config.text)))}` +
        (config.case_sensitive === false ? " (any case)" : "");
    case "max_length":
      return `at most ${Number(config.max).toLocaleString("en-US")} characters`;
    case "regex":
      return `matches /${clip(str(config.pattern))}/${str(config.flags)}`;
    case "json_schema":
      return describeSchema(config.schema);
  }
}
