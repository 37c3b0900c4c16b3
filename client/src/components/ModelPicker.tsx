import { formatPrice } from "../lib/format.ts";
import type { Model } from "../lib/types.ts";
import { Field } from "./Field.tsx";

/**
 * An active model, or "" for the default, which `unset` names and `unsetHint` explains (for a
 * run: the version's model, else the user's default; in Settings: the system's default).
 */
export function ModelPicker(
  {
    models,
    value,
    onChange,
    error,
    label = "Model",
    unset = "Default",
    unsetHint = "The version's model, else your default (Settings)",
  }: {
    models: Model[];
    value: string;
    onChange: (id: string) => void;
    error?: string | null;
    label?: string;
    unset?: string;
    unsetHint?: string;
  },
) {
  return (
    <Field
      label={label}
      error={error}
      hint={value === "" ? unsetHint : undefined}
    >
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{unset}</option>
        {models.map((m) => (
          <option key={m.id} value={m.id} disabled={!m.in_plan}>
            {m.display_name}
            {m.provider.is_standin ? " (local stand-in)" : ""} — in{" "}
            {formatPrice(m.prices.input_per_1k)}, out {formatPrice(m.prices.output_per_1k)}
            {m.in_plan ? "" : " — not in your plan"}
          </option>
        ))}
      </select>
    </Field>
  );
}
