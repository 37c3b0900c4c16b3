import { tagName, type TagRef } from "../lib/types.ts";

export function TagList({ tags }: { tags: TagRef[] }) {
  if (!tags.length) return null;
  return (
    <ul class="tags" aria-label="Tags">
      {tags.map((t) => <li key={tagName(t)} class="tag">{tagName(t)}</li>)}
    </ul>
  );
}
