import { useState } from "preact/hooks";
import { ApiFailure, errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import type { Provider, ProviderKey } from "../lib/types.ts";
import { ConfirmButton } from "./ConfirmDialog.tsx";
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
    await api.del("/provider-keys/{provider}", { path: { provider: provider.id } });
    onChange();
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
        {stored && (
          <ConfirmButton
            label="Remove"
            ariaLabel={`Remove ${provider.name} key`}
            title={`Remove your ${provider.name} key?`}
            confirmLabel="Remove key"
            action={remove}
          >
            <p>
              The key ending ••••{stored.last4} is deleted; runs on {provider.name}{" "}
              models no longer use it.
            </p>
          </ConfirmButton>
        )}
      </form>
    </li>
  );
}
