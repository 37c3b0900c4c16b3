import { useState } from "preact/hooks";
import { ApiFailure, errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import { loadCatalogs } from "../lib/store.ts";
import type { Catalog } from "../lib/types.ts";
import { RenameForm } from "./RenameForm.tsx";

/** A catalog in the sidebar, renamed in place; delete asks the API first how much would go. */
export function CatalogRow(
  { catalog, selected, onDelete }: {
    catalog: Catalog;
    selected: boolean;
    onDelete: (catalog: Catalog, promptCount: number) => void;
  },
) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function askDelete() {
    try {
      await api.del("/catalogs/{id}", { path: { id: catalog.id } });
      // An unconfirmed delete only succeeds if the API stops asking; either way it is gone.
      await loadCatalogs();
    } catch (e) {
      if (e instanceof ApiFailure && e.code === "confirmation_required") {
        onDelete(catalog, Number(e.details.prompt_count ?? catalog.prompt_count));
      } else setError(errorMessage(e));
    }
  }

  if (editing) {
    return (
      <li class="catalog-row">
        <RenameForm
          name={catalog.name}
          save={async (name) => {
            await api.patch("/catalogs/{id}", { path: { id: catalog.id }, body: { name } });
            await loadCatalogs();
          }}
          onDone={() => setEditing(false)}
        />
      </li>
    );
  }
  return (
    <li class={selected ? "catalog-row selected" : "catalog-row"}>
      <a href={`/?catalog=${catalog.id}`} aria-current={selected ? "page" : undefined}>
        <span>{catalog.name}</span>
        <span class="count" aria-label={`${catalog.prompt_count} prompts`}>
          {catalog.prompt_count}
        </span>
      </a>
      <span class="row-actions">
        <button
          type="button"
          class="icon"
          aria-label={`Rename ${catalog.name}`}
          title="Rename"
          onClick={() => setEditing(true)}
        >
          ✎
        </button>
        <button
          type="button"
          class="icon"
          aria-label={`Delete ${catalog.name}`}
          title="Delete"
          onClick={askDelete}
        >
          ×
        </button>
      </span>
      {error && <p class="field-error" role="alert">{error}</p>}
    </li>
  );
}
