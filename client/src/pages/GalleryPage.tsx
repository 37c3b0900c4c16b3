import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { CategoryChips } from "../components/CategoryChips.tsx";
import { GalleryCards } from "../components/GalleryCards.tsx";
import { withQuery } from "../lib/api.ts";
import { galleryCategories } from "../lib/gallery_categories.ts";
import { api, session } from "../lib/session.ts";
import { useDebounced } from "../lib/use_debounced.ts";
import { usePages } from "../lib/use_pages.ts";
import { useResource } from "../lib/use_resource.ts";

type Sort = "popular" | "newest";

/** Everyone's public prompts: by category, popular or newest, searched as you type. */
export default function GalleryPage() {
  const { query, route } = useLocation();
  const category = query.category ?? "";
  const sort: Sort = query.sort === "newest" ? "newest" : "popular";
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), 250);
  const categories = useResource(() => galleryCategories(), []);
  const pages = usePages(
    (cursor, signal) =>
      api.get("/gallery", {
        query: { q, category: category || undefined, sort, limit: 20, cursor },
        signal,
      }),
    [q, category, sort],
  );
  const show = (change: { category?: string; sort?: Sort }) =>
    route(withQuery("/gallery", { category, sort, ...change }), true);

  useEffect(() => {
    document.title = "Gallery · Promptline";
  }, []);

  return (
    <main class="page">
      <div class="toolbar">
        <h1>Gallery</h1>
        {session.value && <a href="/favorites">My favorites</a>}
      </div>
      <div class="filters gallery-filters">
        <input
          type="search"
          aria-label="Search the gallery"
          placeholder="Search public prompts…"
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <select
          aria-label="Sort"
          value={sort}
          onChange={(e) => show({ sort: e.currentTarget.value as Sort })}
        >
          <option value="popular">Popular</option>
          <option value="newest">Newest</option>
        </select>
      </div>
      {categories.data && (
        <CategoryChips
          categories={categories.data}
          selected={category}
          onSelect={(id) => show({ category: id })}
        />
      )}
      <GalleryCards
        pages={pages}
        categories={categories.data}
        empty={q ? "No public prompt matches this search." : "No public prompts here yet."}
      />
    </main>
  );
}
