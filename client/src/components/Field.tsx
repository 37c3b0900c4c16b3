import type { ComponentChildren } from "preact";

/** A labelled input with its error (from the API or the form) right under it. */
export function Field(
  { label, error, hint, children, inline }: {
    label: string;
    error?: string | null;
    hint?: string;
    children: ComponentChildren;
    inline?: boolean;
  },
) {
  return (
    <label class={inline ? "field field-inline" : "field"}>
      <span class="field-label">{label}</span>
      {children}
      {hint && !error && <span class="field-hint">{hint}</span>}
      {error && <span class="field-error" role="alert">{error}</span>}
    </label>
  );
}
