import { useState } from "preact/hooks";
import { ApiFailure, errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import { loadCatalogs } from "../lib/store.ts";
import type { Catalog } from "../lib/types.ts";

export function NewCatalogForm({ onCreated }: { onCreated: (c: Catalog) => void }) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    try {
      const c = await api.post("/catalogs", { body: { name } });
      setName("");
      setError(null);
      await loadCatalogs();
      onCreated(c);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.fields.name ?? e.message : errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="new-catalog" onSubmit={submit}>
      <label class="field">
        <span class="field-label">New catalog</span>
        <span class="inline-form">
          <input
            value={name}
            placeholder="Name"
            required
            maxLength={200}
            aria-invalid={error ? true : undefined}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button type="submit" disabled={busy}>Create</button>
        </span>
        {error && <span class="field-error" role="alert">{error}</span>}
      </label>
    </form>
  );
}
