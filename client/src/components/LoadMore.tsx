import type { Pages } from "../lib/use_pages.ts";
import { ErrorNotice } from "./States.tsx";

/**
 * Under a list read page by page: an error from the last page, and the button for the next.
 * Nothing before the first page has arrived: the list itself says it is loading, or failed.
 */
export function LoadMore<T>({ pages }: { pages: Pages<T> }) {
  if (!pages.items) return null;
  return (
    <>
      {pages.error ? <ErrorNotice error={pages.error} /> : null}
      {pages.hasMore && (
        <button
          type="button"
          class="load-more"
          disabled={pages.loadingMore}
          onClick={() => void pages.loadMore()}
        >
          {pages.loadingMore ? "Loading…" : "Load more"}
        </button>
      )}
    </>
  );
}
