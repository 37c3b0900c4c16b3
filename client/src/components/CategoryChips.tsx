import type { GalleryCategory } from "../lib/types.ts";

/** One category at a time, or all ("" is all). */
export function CategoryChips(
  { categories, selected, onSelect }: {
    categories: GalleryCategory[];
    selected: string;
    onSelect: (id: string) => void;
  },
) {
  const chips = [{ id: "", name: "All", description: null }, ...categories];
  return (
    <div class="chips" role="group" aria-label="Categories">
      {chips.map((c) => (
        <button
          key={c.id}
          type="button"
          class="chip"
          aria-pressed={selected === c.id}
          title={c.description ?? undefined}
          onClick={() => onSelect(c.id)}
        >
          {c.name}
        </button>
      ))}
    </div>
  );
}
