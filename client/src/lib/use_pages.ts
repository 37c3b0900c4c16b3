// A list read a page at a time by keyset cursor ("Load more"): the first page is read again when
// `deps` change, and a page that arrives for an older list is dropped.
import { useEffect, useRef, useState } from "preact/hooks";

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface Pages<T> {
  /** null until the first page has arrived. */
  items: T[] | null;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => Promise<void>;
  reload: () => void;
}

/** Every item of a paged list, page after page (at most `maxPages`, so a runaway list ends). */
export async function allPages<T>(
  load: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < maxPages; n++) {
    const page = await load(cursor);
    items.push(...page.items);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return items;
}

export function usePages<T>(
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<Page<T>>,
  deps: unknown[],
): Pages<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [tick, setTick] = useState(0);
  const current = useRef(new AbortController());
  const readFor = useRef(tick);

  useEffect(() => {
    const ctrl = new AbortController();
    current.current = ctrl;
    // A new list (deps changed) starts empty; the same list read again (reload) keeps showing
    // what it has until its first page arrives, instead of flashing "Loading".
    if (readFor.current === tick) setItems(null);
    readFor.current = tick;
    setError(null);
    load(undefined, ctrl.signal).then((page) => {
      if (ctrl.signal.aborted) return;
      setItems(page.items);
      setCursor(page.next_cursor);
    }, (e) => {
      if (!ctrl.signal.aborted) setError(e);
    });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);

  async function loadMore() {
    const ctrl = current.current;
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await load(cursor, ctrl.signal);
      if (ctrl.signal.aborted) return;
      setItems((old) => [...(old ?? []), ...page.items]);
      setCursor(page.next_cursor);
    } catch (e) {
      if (!ctrl.signal.aborted) setError(e);
    } finally {
      setLoadingMore(false);
    }
  }

  return {
    items,
    error,
    hasMore: cursor !== null,
    loadingMore,
    loadMore,
    reload: () => setTick((t) => t + 1),
  };
}
