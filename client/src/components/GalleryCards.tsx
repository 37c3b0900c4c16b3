import type { ComponentChildren } from "preact";
import { categoryName } from "../lib/gallery_categories.ts";
import type { GalleryCard, GalleryCategory } from "../lib/types.ts";
import type { Pages } from "../lib/use_pages.ts";
import { GalleryCardItem } from "./GalleryCardItem.tsx";
import { PagedList } from "./PagedList.tsx";

/** Gallery cards read page by page, with what to say when there are none. */
export function GalleryCards(
  { pages, categories, empty }: {
    pages: Pages<GalleryCard>;
    categories: GalleryCategory[] | undefined;
    empty: ComponentChildren;
  },
) {
  return (
    <PagedList pages={pages} loading="Loading prompts…" empty={empty}>
      {(items) => (
        <ul class="prompt-list gallery-list" aria-label="Gallery prompts">
          {items.map((c) => (
            <GalleryCardItem
              key={c.id}
              card={c}
              category={categoryName(categories, c.category_id)}
            />
          ))}
        </ul>
      )}
    </PagedList>
  );
}
