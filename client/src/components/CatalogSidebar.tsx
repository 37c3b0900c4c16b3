import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { catalogs, catalogsError, libraryRevision, loadCatalogs } from "../lib/store.ts";
import type { Catalog } from "../lib/types.ts";
import { CatalogRow } from "./CatalogRow.tsx";
import { DeleteCatalogDialog } from "./DeleteCatalogDialog.tsx";
import { NewCatalogForm } from "./NewCatalogForm.tsx";
import { ErrorNotice, Loading } from "./States.tsx";
import { TagsSection } from "./TagsSection.tsx";

export function CatalogSidebar(
  { selectedId, selectedTag }: { selectedId: string | null; selectedTag: string },
) {
  const { route } = useLocation();
  const [deleting, setDeleting] = useState<{ catalog: Catalog; count: number } | null>(null);
  const list = catalogs.value;
  return (
    <aside class="sidebar" aria-label="Catalogs">
      <h2>Catalogs</h2>
      <ul class="catalog-list">
        <li class={selectedId ? "catalog-row" : "catalog-row selected"}>
          <a href="/" aria-current={selectedId ? undefined : "page"}>All prompts</a>
        </li>
        {list?.map((c) => (
          <CatalogRow
            key={c.id}
            catalog={c}
            selected={c.id === selectedId}
            onDelete={(catalog, count) => setDeleting({ catalog, count })}
          />
        ))}
      </ul>
      {!list && !catalogsError.value && <Loading label="Loading catalogs…" />}
      {catalogsError.value && <ErrorNotice error={catalogsError.value} retry={loadCatalogs} />}
      {list?.length === 0 && <p class="muted">No catalogs yet. Create one to group prompts.</p>}
      <NewCatalogForm onCreated={(c) => route(`/?catalog=${c.id}`)} />
      <TagsSection selected={selectedTag} />
      {deleting && (
        <DeleteCatalogDialog
          catalog={deleting.catalog}
          promptCount={deleting.count}
          onCancel={() => setDeleting(null)}
          onDone={() => {
            setDeleting(null);
            libraryRevision.value++;
            void loadCatalogs();
            if (selectedId === deleting.catalog.id) route("/");
          }}
        />
      )}
    </aside>
  );
}
