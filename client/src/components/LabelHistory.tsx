import { formatDate } from "../lib/format.ts";
import { moveText } from "../lib/labels.ts";
import type { LabelMove } from "../lib/types.ts";
import { Empty } from "./States.tsx";

/** Every move of the prompt's labels, newest first (written by the database, never edited). */
export function LabelHistory({ moves }: { moves: LabelMove[] }) {
  return (
    <section class="card stack" aria-labelledby="label-history-title">
      <h2 id="label-history-title">Label history</h2>
      {moves.length === 0
        ? <Empty>No label has moved yet.</Empty>
        : (
          <ol class="version-list" aria-label="Label moves">
            {moves.map((m) => (
              <li key={m.id} class="version-item">
                <span>
                  <span class="badge">{m.label}</span> {moveText(m)}
                </span>
                <span class="muted">{formatDate(m.moved_at)}</span>
              </li>
            ))}
          </ol>
        )}
    </section>
  );
}
