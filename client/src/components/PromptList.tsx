import { useEffect, useState } from "preact/hooks";
import { api } from "../lib/session.ts";
import { libraryRevision } from "../lib/store.ts";
import { asPromptStatus, type PromptSummary } from "../lib/types.ts";
import { PromptListItem } from "./PromptListItem.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";

/** Prompts, most recently updated first, a page at a time ("Load more"). */
export function PromptList(
  { catalogId, status, tag, newHref }: {
    catalogId: string;
    status: string;
    tag: string;
    newHref: string;
  },
) {
  const [items, setItems] = useState<PromptSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [tick, setTick] = useState(0);

  const query = { catalog_id: catalogId, status: asPromptStatus(status), tag, limit: 20 };

  useEffect(() => {
    const ctrl = new AbortController();
    setItems(null);
    setError(null);
    api.get("/prompts", { query, signal: ctrl.signal }).then((page) => {
      setItems(page.items);
      setCursor(page.next_cursor);
    }, (e) => {
      if ((e as Error).name !== "AbortError") setError(e);
    });
    return () => ctrl.abort();
  }, [catalogId, status, tag, tick, libraryRevision.value]);

  async function loadMore() {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.get("/prompts", { query: { ...query, cursor } });
      setItems((old) => [...(old ?? []), ...page.items]);
      setCursor(page.next_cursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  if (error && !items) return <ErrorNotice error={error} retry={() => setTick((t) => t + 1)} />;
  if (!items) return <Loading label="Loading prompts…" />;
  if (items.length === 0) {
    return (
      <Empty>
        <p>{status || tag ? "No prompts match these filters." : "No prompts here yet."}</p>
        <a class="button primary" href={newHref}>Create a prompt</a>
      </Empty>
    );
  }
  return (
    <>
      <ul class="prompt-list" aria-label="Prompts">
        {items.map((p) => <PromptListItem key={p.id} prompt={p} />)}
      </ul>
      {error ? <ErrorNotice error={error} /> : null}
      {cursor && (
        <button type="button" class="load-more" disabled={loadingMore} onClick={loadMore}>
          {loadingMore ? "Loading…" : "Load more"}
        </button>
      )}
    </>
  );
}
