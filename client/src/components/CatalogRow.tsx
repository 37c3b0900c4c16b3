import { useState } from "preact/hooks";
import { ApiFailure, errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import { loadCatalogs } from "../lib/store.ts";
import type { Catalog } from "../lib/types.ts";

/** A catalog in the sidebar, renamed in place; delete asks the API first how much would go. */
export function CatalogRow(
  { catalog, selected, onDelete }: {
    catalog: Catalog;
    selected: boolean;
    onDelete: (catalog: Catalog, promptCount: number) => void;
  },
) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(catalog.name);
  const [error, setError] = useState<string | null>(null);

  async function rename(e: Event) {
    e.preventDefault();
    try {
      await api.patch("/catalogs/{id}", { path: { id: catalog.id }, body: { name } });
      setEditing(false);
      setError(null);
      await loadCatalogs();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.fields.name ?? e.message : errorMessage(e));
    }
  }

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
        <form onSubmit={rename} class="inline-form">
          <input
            aria-label={`New name for ${catalog.name}`}
            value={name}
            autoFocus
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setEditing(false)}>Cancel</button>
        </form>
        {error && <p class="field-error" role="alert">{error}</p>}
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
