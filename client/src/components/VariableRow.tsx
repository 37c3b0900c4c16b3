import type { FieldErrors } from "../lib/api.ts";
import type { PromptVariable, VariableType } from "../lib/types.ts";
import { variableTypes } from "../lib/types.ts";
import { definitionErrors } from "../lib/variables.ts";
import { Field } from "./Field.tsx";

/** One variable's definition: type, required, default and (for an enum) its options. */
export function VariableRow(
  { variable: v, index, onChange, errors }: {
    variable: PromptVariable;
    index: number;
    onChange: (v: PromptVariable) => void;
    errors: FieldErrors;
  },
) {
  const err = (key: string) => errors[`variables.${index}.${key}`] ?? null;
  const problem = definitionErrors(v) ?? errors[`variables.${index}`] ?? null;
  const set = (patch: Partial<PromptVariable>) => onChange({ ...v, ...patch });
  return (
    <fieldset class="variable-row">
      <legend>
        <code>{v.name}</code>
      </legend>
      <Field label="Type" error={err("type")}>
        <select
          value={v.type}
          onChange={(e) =>
            set({ type: e.currentTarget.value as VariableType, default: null, options: null })}
        >
          {variableTypes.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </Field>
      <Field label="Required" inline>
        <input
          type="checkbox"
          checked={v.required === true}
          onChange={(e) => set({ required: e.currentTarget.checked })}
        />
      </Field>
      {v.type === "enum" && (
        <Field label="Options" hint="Comma separated" error={err("options")}>
          <input
            value={(v.options ?? []).join(", ")}
            onInput={(e) => set({ options: e.currentTarget.value.split(",").map((o) => o.trim()) })}
          />
        </Field>
      )}
      <Field label="Default" error={err("default")}>
        {v.type === "boolean"
          ? (
            <select
              value={v.default === true ? "true" : v.default === false ? "false" : ""}
              onChange={(e) => {
                const val = e.currentTarget.value;
                set({ default: val === "" ? null : val === "true" });
              }}
            >
              <option value="">none</option>
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          )
          : (
            <input
              inputMode={v.type === "number" ? "decimal" : undefined}
              value={v.default === null || v.default === undefined ? "" : String(v.default)}
              onInput={(e) => set({ default: e.currentTarget.value })}
            />
          )}
      </Field>
      <Field label="Description" error={err("description")}>
        <input
          value={v.description ?? ""}
          maxLength={500}
          onInput={(e) => set({ description: e.currentTarget.value })}
        />
      </Field>
      {problem && <p class="field-error" role="alert">{problem}</p>}
    </fieldset>
  );
}
