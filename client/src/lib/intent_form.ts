// A workflow's start form, generated from its spec's intent_schema: the inputs' starting values,
// the intent they make (typed as the schema says), and the API's 422 field errors
// ("intent.word") put back on the fields they concern. The API is the one judge of an intent
// (required fields, options, lengths): the form only types what was typed, and leaves an empty
// field out so that the API names it.
import type { FieldErrors } from "./api.ts";
import type { components } from "./api_schema.ts";

export type IntentField = components["schemas"]["WorkflowIntentField"];
/** What the inputs hold: text (an enum's option as text), a flag for boolean. */
export type IntentValues = Record<string, string | boolean>;

export const initialIntent = (fields: IntentField[]): IntentValues =>
  Object.fromEntries(
    fields.map((
      f,
    ) => [f.field, f.type === "boolean" ? f.default === true : String(f.default ?? "")]),
  );

export function toIntent(
  fields: IntentField[],
  form: IntentValues,
): { intent: Record<string, unknown>; errors: FieldErrors } {
  const intent: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const f of fields) {
    const raw = form[f.field];
    if (f.type === "boolean") {
      intent[f.field] = raw === true;
      continue;
    }
    const text = typeof raw === "string" ? raw.trim() : "";
    if (text === "") continue;
    if (f.type === "enum") {
      const i = (f.options ?? []).findIndex((o) => String(o) === text);
      if (i < 0) errors[f.field] = "Choose one of the options";
      else intent[f.field] = f.options![i];
    } else if (f.type === "integer" || f.type === "number") {
      const n = Number(text);
      if (!Number.isFinite(n)) errors[f.field] = "Must be a number";
      else if (f.type === "integer" && !Number.isInteger(n)) {
        errors[f.field] = "Must be a whole number";
      } else intent[f.field] = n;
    } else intent[f.field] = text;
  }
  return { intent, errors };
}

/** The API names an intent's fields "intent.<field>"; the form names them "<field>". */
export function intentErrors(fields: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, v] of Object.entries(fields)) out[k.replace(/^intent\./, "")] ??= v;
  return out;
}
