import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import type { Catalog } from "../lib/types.ts";
import { ConfirmDialog } from "./ConfirmDialog.tsx";

/** The API says how many prompts go with the catalog (409 confirmation_required); we repeat it. */
export function DeleteCatalogDialog(
  { catalog, promptCount, onDone, onCancel }: {
    catalog: Catalog;
    promptCount: number;
    onDone: () => void;
    onCancel: () => void;
  },
) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setBusy(true);
    try {
      await api.del("/catalogs/{id}", { path: { id: catalog.id }, query: { confirm: "true" } });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }
  const what = promptCount === 1 ? "1 prompt" : `${promptCount} prompts`;
  return (
    <ConfirmDialog
      title={`Delete “${catalog.name}”?`}
      confirmLabel={`Delete catalog and ${what}`}
      onConfirm={confirm}
      onCancel={onCancel}
      busy={busy}
      danger
    >
      <p>
        This deletes the catalog and its{" "}
        <strong>{what}</strong>, with all their versions and runs. It cannot be undone.
      </p>
      {error && <p class="field-error" role="alert">{error}</p>}
    </ConfirmDialog>
  );
}
