import type { ComponentChildren } from "preact";

/** <option>s for a select: values as labels ("in_progress" reads "in progress"). */
export const options = (values: readonly (string | number)[]) =>
  values.map((v) => <option key={v} value={v}>{String(v).replace("_", " ")}</option>);

/** A list's filter: a select whose first option, `all` (the value ""), filters nothing. */
export function Filter(
  { label, all, value, onChange, children }: {
    label: string;
    all: string;
    value: string;
    onChange: (value: string) => void;
    children: ComponentChildren;
  },
) {
  return (
    <label class="field field-inline">
      <span class="field-label">{label}</span>
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">{all}</option>
        {children}
      </select>
    </label>
  );
}
