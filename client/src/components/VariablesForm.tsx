import type { FieldErrors } from "../lib/api.ts";
import type { PromptVariable } from "../lib/types.ts";
import type { FormValues } from "../lib/variables.ts";
import { Field } from "./Field.tsx";

/** One input per typed variable: text, number, checkbox, or a choice of the enum's options. */
export function VariablesForm(
  { variables, values, errors, onChange }: {
    variables: PromptVariable[];
    values: FormValues;
    errors: FieldErrors;
    onChange: (values: FormValues) => void;
  },
) {
  if (!variables.length) return <p class="muted">This version has no variables.</p>;
  const set = (name: string, v: string | boolean) => onChange({ ...values, [name]: v });
  return (
    <fieldset class="variables-form">
      <legend>Variables</legend>
      {variables.map((v) => {
        const label = `${v.name}${v.required ? " *" : ""}`;
        const error = errors[v.name] ?? errors[`variables.${v.name}`];
        const value = values[v.name];
        if (v.type === "boolean") {
          return (
            <Field key={v.name} label={label} error={error} hint={v.description} inline>
              <input
                type="checkbox"
                name={v.name}
                checked={value === true}
                onChange={(e) => set(v.name, e.currentTarget.checked)}
              />
            </Field>
          );
        }
        return (
          <Field key={v.name} label={label} error={error} hint={v.description}>
            {v.type === "enum"
              ? (
                <select
                  name={v.name}
                  value={String(value ?? "")}
                  aria-invalid={error ? true : undefined}
                  onChange={(e) => set(v.name, e.currentTarget.value)}
                >
                  <option value="">Choose…</option>
                  {(v.options ?? []).map((o) => <option key={o} value={o}>{o}</option>)}
                </select>
              )
              : v.type === "number"
              ? (
                <input
                  type="number"
                  step="any"
                  name={v.name}
                  value={String(value ?? "")}
                  aria-invalid={error ? true : undefined}
                  onInput={(e) => set(v.name, e.currentTarget.value)}
                />
              )
              : (
                <textarea
                  rows={2}
                  name={v.name}
                  value={String(value ?? "")}
                  aria-invalid={error ? true : undefined}
                  onInput={(e) => set(v.name, e.currentTarget.value)}
                />
              )}
          </Field>
        );
      })}
    </fieldset>
  );
}
