import { api } from "../lib/session.ts";
import { libraryRevision } from "../lib/store.ts";
import { asPromptStatus } from "../lib/types.ts";
import { usePages } from "../lib/use_pages.ts";
import { PagedList } from "./PagedList.tsx";
import { PromptListItem } from "./PromptListItem.tsx";

/** Prompts, most recently updated first, a page at a time ("Load more"). */
export function PromptList(
  { catalogId, status, tag, newHref }: {
    catalogId: string;
    status: string;
    tag: string;
    newHref: string;
  },
) {
  const pages = usePages(
    (cursor, signal) =>
      api.get("/prompts", {
        query: { catalog_id: catalogId, status: asPromptStatus(status), tag, limit: 20, cursor },
        signal,
      }),
    [catalogId, status, tag, libraryRevision.value],
  );
  return (
    <PagedList
      pages={pages}
      loading="Loading prompts…"
      empty={
        <>
          <p>{status || tag ? "No prompts match these filters." : "No prompts here yet."}</p>
          <a class="button primary" href={newHref}>Create a prompt</a>
        </>
      }
    >
      {(items) => (
        <ul class="prompt-list" aria-label="Prompts">
          {items.map((p) => <PromptListItem key={p.id} prompt={p} />)}
        </ul>
      )}
    </PagedList>
  );
}
