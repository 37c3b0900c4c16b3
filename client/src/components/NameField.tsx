import { Field } from "./Field.tsx";

/** A prompt's name: the slug apps fetch it by (unique among your prompts). */
export function NameField(
  { value, onInput, error }: { value: string; onInput: (v: string) => void; error?: string },
) {
  return (
    <Field
      label="Name"
      error={error}
      hint="What apps fetch it by, e.g. support-reply; made for you when empty"
    >
      <input
        maxLength={100}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </Field>
  );
}
