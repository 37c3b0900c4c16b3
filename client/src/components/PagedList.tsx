import type { ComponentChildren } from "preact";
import type { Pages } from "../lib/use_pages.ts";
import { LoadMore } from "./LoadMore.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";

/**
 * A list read page by page, in each of its states: loading, failed before its first page (with a
 * retry), empty, or its items, with the next page's error and "Load more" under them.
 */
export function PagedList<T>(
  { pages, loading, empty, children }: {
    pages: Pages<T>;
    /** What is loading, as the status line says it. */
    loading: string;
    /** What an empty list says. */
    empty: ComponentChildren;
    /** The items so far. */
    children: (items: T[]) => ComponentChildren;
  },
) {
  if (!pages.items) {
    return pages.error
      ? <ErrorNotice error={pages.error} retry={pages.reload} />
      : <Loading label={loading} />;
  }
  return (
    <>
      {pages.items.length === 0 ? <Empty>{empty}</Empty> : children(pages.items)}
      <LoadMore pages={pages} />
    </>
  );
}
