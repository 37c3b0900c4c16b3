import { useState } from "preact/hooks";
import { ApiFailure, errorMessage } from "../lib/api.ts";

/**
 * A name edited in place (a catalog's, a tag's): `save` sends it, and the API's refusal (a name
 * taken, too long) shows under the input until the next try.
 */
export function RenameForm(
  { name, save, onDone }: {
    name: string;
    save: (name: string) => Promise<void>;
    onDone: () => void;
  },
) {
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  async function submit(e: Event) {
    e.preventDefault();
    try {
      await save(value);
      onDone();
    } catch (x) {
      setError(x instanceof ApiFailure ? x.fields.name ?? x.message : errorMessage(x));
    }
  }
  return (
    <>
      <form onSubmit={submit} class="inline-form">
        <input
          aria-label={`New name for ${name}`}
          value={value}
          autoFocus
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <button type="submit">Save</button>
        <button type="button" onClick={onDone}>Cancel</button>
      </form>
      {error && <p class="field-error" role="alert">{error}</p>}
    </>
  );
}
