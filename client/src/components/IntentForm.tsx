import type { FieldErrors } from "../lib/api.ts";
import type { IntentField, IntentValues } from "../lib/intent_form.ts";
import { Field } from "./Field.tsx";

/** One typed input per intent field: text, number, checkbox, or a choice of the options. */
export function IntentForm(
  { fields, values, errors, onChange }: {
    fields: IntentField[];
    values: IntentValues;
    errors: FieldErrors;
    onChange: (values: IntentValues) => void;
  },
) {
  const set = (name: string, v: string | boolean) => onChange({ ...values, [name]: v });
  return (
    <fieldset class="variables-form">
      <legend>What to make</legend>
      {fields.map((f) => {
        const label = `${f.field}${f.required ? " *" : ""}`;
        const error = errors[f.field];
        const value = values[f.field];
        const common = {
          name: f.field,
          "aria-invalid": error ? true : undefined,
          required: f.required,
        };
        return (
          <Field
            key={f.field}
            label={label}
            error={error}
            hint={f.description}
            inline={f.type === "boolean"}
          >
            {f.type === "boolean"
              ? (
                <input
                  type="checkbox"
                  {...common}
                  checked={value === true}
                  onChange={(e) => set(f.field, e.currentTarget.checked)}
                />
              )
              : f.type === "enum"
              ? (
                <select
                  {...common}
                  value={String(value ?? "")}
                  onChange={(e) => set(f.field, e.currentTarget.value)}
                >
                  <option value="">Choose…</option>
                  {(f.options ?? []).map((o) => <option key={String(o)}>{String(o)}</option>)}
                </select>
              )
              : f.type === "string"
              ? (
                <input
                  type="text"
                  maxLength={f.max_length}
                  {...common}
                  value={String(value ?? "")}
                  onInput={(e) => set(f.field, e.currentTarget.value)}
                />
              )
              : (
                <input
                  type="number"
                  step={f.type === "integer" ? 1 : "any"}
                  {...common}
                  value={String(value ?? "")}
                  onInput={(e) => set(f.field, e.currentTarget.value)}
                />
              )}
          </Field>
        );
      })}
    </fieldset>
  );
}
