import { useEffect } from "preact/hooks";
import { GalleryCards } from "../components/GalleryCards.tsx";
import { galleryCategories } from "../lib/gallery_categories.ts";
import { api } from "../lib/session.ts";
import { usePages } from "../lib/use_pages.ts";
import { useResource } from "../lib/use_resource.ts";

/** The public prompts you favorited, most recently added first. */
export default function FavoritesPage() {
  const categories = useResource(() => galleryCategories(), []);
  const pages = usePages(
    (cursor, signal) => api.get("/favorites", { query: { limit: 20, cursor }, signal }),
    [],
  );
  useEffect(() => {
    document.title = "Favorites · Promptline";
  }, []);
  return (
    <main class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/gallery">Gallery</a>
      </nav>
      <h1>My favorites</h1>
      <GalleryCards
        pages={pages}
        categories={categories.data}
        empty={
          <p>
            No favorites yet. <a href="/gallery">Browse the gallery</a>
          </p>
        }
      />
    </main>
  );
}
