import { HighlightedTemplate } from "./HighlightedTemplate.tsx";

/**
 * A textarea over a highlighted copy of its own text: both sit in one grid cell with the same
 * font and padding, so the marks line up under the caret and the box grows with the text.
 */
export function ContentEditor(
  { value, onInput, label = "Content", error }: {
    value: string;
    onInput: (v: string) => void;
    label?: string;
    error?: string | null;
  },
) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      <div class="editor">
        <pre class="editor-layer" aria-hidden="true">
          <HighlightedTemplate content={value} />
          {"\n"}
        </pre>
        <textarea
          class="editor-layer editor-input"
          value={value}
          spellcheck={false}
          aria-invalid={error ? true : undefined}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      </div>
      <span class="field-hint">Use {"{{name}}"} for a variable.</span>
      {error && <span class="field-error" role="alert">{error}</span>}
    </label>
  );
}
