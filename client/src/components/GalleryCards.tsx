import type { ComponentChildren } from "preact";
import { categoryName } from "../lib/gallery_categories.ts";
import type { GalleryCard, GalleryCategory } from "../lib/types.ts";
import type { Pages } from "../lib/use_pages.ts";
import { GalleryCardItem } from "./GalleryCardItem.tsx";
import { LoadMore } from "./LoadMore.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";

/** Gallery cards read page by page, with what to say when there are none. */
export function GalleryCards(
  { pages, categories, empty }: {
    pages: Pages<GalleryCard>;
    categories: GalleryCategory[] | undefined;
    empty: ComponentChildren;
  },
) {
  const items = pages.items;
  if (pages.error && !items) return <ErrorNotice error={pages.error} retry={pages.reload} />;
  if (!items) return <Loading label="Loading prompts…" />;
  if (!items.length) return <Empty>{empty}</Empty>;
  return (
    <>
      <ul class="prompt-list gallery-list" aria-label="Gallery prompts">
        {items.map((c) => (
          <GalleryCardItem key={c.id} card={c} category={categoryName(categories, c.category_id)} />
        ))}
      </ul>
      <LoadMore pages={pages} />
    </>
  );
}
