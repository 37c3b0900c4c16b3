import { formatPrice } from "../lib/format.ts";
import type { Model } from "../lib/types.ts";
import { Field } from "./Field.tsx";

export function ModelPicker(
  { models, value, onChange, error }: {
    models: Model[];
    value: string;
    onChange: (id: string) => void;
    error?: string;
  },
) {
  return (
    <Field
      label="Model"
      error={error}
      hint={value === "" ? "The version's model, else your default (Settings)" : undefined}
    >
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">Default</option>
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
