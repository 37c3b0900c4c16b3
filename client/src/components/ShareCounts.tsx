import type { ShareCountsOf } from "../lib/types.ts";

/** A shared prompt's likes, uses and forks. */
export function ShareCounts({ counts }: { counts: ShareCountsOf }) {
  const rows = [
    ["Likes", counts.likes_count],
    ["Uses", counts.uses_count],
    ["Forks", counts.forks_count],
  ] as const;
  return (
    <dl class="stats share-counts" aria-label="Counts">
      {rows.map(([label, n]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd data-testid={`${label.toLowerCase()}-count`}>{n}</dd>
        </div>
      ))}
    </dl>
  );
}
