import type { FieldErrors } from "../lib/api.ts";
import type { PromptVariable } from "../lib/types.ts";
import { VariableRow } from "./VariableRow.tsx";

/** The definitions of the variables the content uses (kept in step with the placeholders). */
export function VariablesPanel(
  { variables, onChange, errors }: {
    variables: PromptVariable[];
    onChange: (vars: PromptVariable[]) => void;
    errors: FieldErrors;
  },
) {
  return (
    <section class="variables-panel" aria-label="Variables">
      <h3>Variables</h3>
      {variables.length === 0
        ? <p class="muted">No variables: add {"{{name}}"} to the content to make one.</p>
        : variables.map((v, i) => (
          <VariableRow
            key={v.name}
            variable={v}
            index={i}
            errors={errors}
            onChange={(next) => onChange(variables.map((old, j) => (j === i ? next : old)))}
          />
        ))}
      {errors.variables && <p class="field-error" role="alert">{errors.variables}</p>}
    </section>
  );
}
