import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { CatalogSidebar } from "../components/CatalogSidebar.tsx";
import { PromptFilters } from "../components/PromptFilters.tsx";
import { PromptList } from "../components/PromptList.tsx";
import { catalogs } from "../lib/store.ts";
import { withQuery } from "../lib/api.ts";

export function LibraryPage() {
  const { query, route } = useLocation();
  const catalogId = query.catalog ?? "";
  const status = query.status ?? "";
  const tag = query.tag ?? "";
  const catalog = catalogs.value?.find((c) => c.id === catalogId);

  useEffect(() => {
    document.title = `${catalog?.name ?? "Library"} · Promptline`;
  }, [catalog?.name]);

  const newHref = withQuery("/prompts/new", { catalog: catalogId });
  return (
    <div class="library">
      <CatalogSidebar selectedId={catalogId || null} selectedTag={tag} />
      <section class="library-main" aria-labelledby="library-title">
        <div class="toolbar">
          <h1 id="library-title">{catalogId ? catalog?.name ?? "Catalog" : "All prompts"}</h1>
          <a class="button primary" href={newHref}>New prompt</a>
        </div>
        <PromptFilters
          status={status}
          tag={tag}
          onChange={(f) => route(withQuery("/", { catalog: catalogId, ...f }), true)}
        />
        <PromptList catalogId={catalogId} status={status} tag={tag} newHref={newHref} />
      </section>
    </div>
  );
}
