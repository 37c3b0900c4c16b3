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
    <Field label="Model" error={error}>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {models.map((m) => (
          <option key={m.id} value={m.id}>
            {m.display_name}
            {m.provider.is_standin ? " (local stand-in)" : ""} — in{" "}
            {formatPrice(m.prices.input_per_1k)}, out {formatPrice(m.prices.output_per_1k)}
          </option>
        ))}
      </select>
    </Field>
  );
}
