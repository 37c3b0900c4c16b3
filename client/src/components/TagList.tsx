/** Tag names: a list item's `tags`, or a prompt's tags mapped to their names. */
export function TagList({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  return (
    <ul class="tags" aria-label="Tags">
      {tags.map((name) => <li key={name} class="tag">{name}</li>)}
    </ul>
  );
}
