// The gallery's categories change only when an admin edits them: read once per page load and
// shared by the gallery, the favorites and the owner's share settings.
import { api } from "./session.ts";
import type { GalleryCategory } from "./types.ts";

let loading: Promise<GalleryCategory[]> | null = null;

export function galleryCategories(): Promise<GalleryCategory[]> {
  loading ??= api.get("/gallery/categories").then((b) => b.items, (e) => {
    loading = null; // a failed read is tried again next time
    throw e;
  });
  return loading;
}

export const categoryName = (list: GalleryCategory[] | undefined, id: string | null) =>
  list?.find((c) => c.id === id)?.name ?? id;
