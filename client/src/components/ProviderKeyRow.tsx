import { useState } from "preact/hooks";
import { ApiFailure, errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import type { Provider, ProviderKey } from "../lib/types.ts";
import { Field } from "./Field.tsx";

/** One provider: its stored key (last four only), replace or remove it. */
export function ProviderKeyRow(
  { provider, stored, onChange }: {
    provider: Provider;
    stored: ProviderKey | undefined;
    onChange: () => void;
  },
) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    setError(null);
    try {
      await api.put("/provider-keys/{provider}", {
        path: { provider: provider.id },
        body: { key },
      });
      setKey("");
      onChange();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.fields.key ?? e.message : errorMessage(e));
    }
  }
  async function remove() {
    try {
      await api.del("/provider-keys/{provider}", { path: { provider: provider.id } });
      onChange();
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <li class="key-item">
      <form class="inline-form" onSubmit={save}>
        <Field
          label={`${provider.name} key`}
          error={error}
          hint={stored ? `Stored: ••••${stored.last4}` : "No key stored"}
        >
          <input
            type="password"
            autoComplete="off"
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" disabled={!key}>{stored ? "Replace" : "Save"}</button>
        {stored && <button type="button" class="danger subtle" onClick={remove}>Remove</button>}
      </form>
    </li>
  );
}
