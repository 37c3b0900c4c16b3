import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { api } from "../lib/session.ts";
import { catalogs, tags } from "../lib/store.ts";
import type { SearchResult } from "../lib/types.ts";
import { useDebounced } from "../lib/use_debounced.ts";
import { ErrorNotice } from "./States.tsx";
import { Snippet } from "./Snippet.tsx";

/** Search as you type: `/` focuses it, arrows move through results, Enter opens one. */
export function SearchBox() {
  const { route } = useLocation();
  const input = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState("");
  const [catalogId, setCatalogId] = useState("");
  const [tag, setTag] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const query = useDebounced(q.trim(), 200);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      const typing = t.closest("input, textarea, select, [contenteditable]");
      if (e.key === "/" && !typing) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    if (!query) {
      setResults(null);
      return;
    }
    const ctrl = new AbortController();
    api.get("/search", {
      query: { q: query, catalog_id: catalogId, tag, limit: 10 },
      signal: ctrl.signal,
    }).then((page) => {
      setResults(page.items);
      setError(null);
      setActive(0);
    }, (e) => {
      if ((e as Error).name !== "AbortError") setError(e);
    });
    return () => ctrl.abort();
  }, [query, catalogId, tag]);

  function openResult(r: SearchResult | undefined) {
    if (!r) return;
    setOpen(false);
    setQ("");
    input.current?.blur();
    route(`/prompts/${r.id}`);
  }

  function onKeyDown(e: KeyboardEvent) {
    const n = results?.length ?? 0;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (n ? (a + 1) % n : 0));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => (n ? (a - 1 + n) % n : 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      openResult(results?.[active]);
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  }

  const showPanel = open && q.trim() !== "";
  return (
    <div
      class="search"
      onFocusOut={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node)) setOpen(false);
      }}
    >
      <input
        ref={input}
        type="search"
        class="search-input"
        placeholder="Search prompts (press /)"
        aria-label="Search prompts"
        role="combobox"
        list={undefined}
        aria-expanded={showPanel}
        aria-controls="search-results"
        aria-activedescendant={results?.[active] ? `search-result-${active}` : undefined}
        value={q}
        onInput={(e) => {
          setQ(e.currentTarget.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {showPanel && (
        <div class="search-panel">
          <div class="search-filters">
            <select
              aria-label="Filter search by catalog"
              value={catalogId}
              onChange={(e) => setCatalogId(e.currentTarget.value)}
            >
              <option value="">All catalogs</option>
              {(catalogs.value ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
            <select
              aria-label="Filter search by tag"
              value={tag}
              onChange={(e) => setTag(e.currentTarget.value)}
            >
              <option value="">All tags</option>
              {tags.value.map((t) => <option key={t.id} value={t.name}>{t.name}</option>)}
            </select>
          </div>
          {error ? <ErrorNotice error={error} /> : null}
          {results === null && !error && <p class="state" role="status">Searching…</p>}
          {results?.length === 0 && <p class="state">No prompts match “{query}”.</p>}
          <ul id="search-results" role="listbox" aria-label="Search results">
            {results?.map((r, i) => (
              <li
                key={r.id}
                id={`search-result-${i}`}
                role="option"
                aria-selected={i === active}
                class={i === active ? "search-result active" : "search-result"}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => openResult(r)}
                onMouseEnter={() => setActive(i)}
              >
                <strong>{r.title}</strong>
                {r.snippet && <Snippet html={r.snippet} />}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
