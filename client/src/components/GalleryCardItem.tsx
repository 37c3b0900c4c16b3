import type { GalleryCard } from "../lib/types.ts";
import { ShareCounts } from "./ShareCounts.tsx";
import { TagList } from "./TagList.tsx";

/** A public prompt in the gallery or the favorites: what it is, whose, and how liked. */
export function GalleryCardItem(
  { card, category }: { card: GalleryCard; category: string | null },
) {
  return (
    <li class="prompt-item gallery-card">
      <a href={`/gallery/${card.id}`} class="prompt-link">
        <span class="prompt-title">{card.title}</span>
        {category && <span class="badge">{category}</span>}
      </a>
      <p class="muted">by {card.author_name}</p>
      <p class="clamp excerpt">{card.excerpt}</p>
      <div class="prompt-meta">
        <TagList tags={card.tags} />
        <ShareCounts counts={card} />
      </div>
    </li>
  );
}
