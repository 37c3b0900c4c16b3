import { useState } from "preact/hooks";
import { type DiffPart, diffStats, sides } from "../lib/diff_parts.ts";

function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <pre class="diff-text">
      {parts.map((p, i) =>
        p.kind === "added"
          ? <ins key={i} class="diff-added">{p.text}</ins>
          : p.kind === "removed"
          ? <del key={i} class="diff-removed">{p.text}</del>
          : <span key={i}>{p.text}</span>
      )}
    </pre>
  );
}

/**
 * A diff inline (one column, marks in place) or side by side (old | new). Its lines added and
 * removed are counted from `lines`, the same change line by line when the parts are words: a
 * word changed inside a line is then that line removed and added, as git counts it.
 */
export function DiffView(
  { parts, lines = parts, fromLabel = "Before", toLabel = "After" }: {
    parts: DiffPart[];
    lines?: DiffPart[];
    fromLabel?: string;
    toLabel?: string;
  },
) {
  const [mode, setMode] = useState<"inline" | "side">("inline");
  const stats = diffStats(lines);
  const { left, right } = sides(parts);
  const unchanged = parts.every((p) => p.kind === "same");
  return (
    <div class="diff" aria-label="Differences">
      <div class="diff-bar">
        <span class="muted">
          {unchanged ? "No differences" : `+${stats.added} −${stats.removed} lines`}
        </span>
        <div role="radiogroup" aria-label="Diff layout" class="segmented">
          <button
            type="button"
            role="radio"
            aria-checked={mode === "inline"}
            onClick={() => setMode("inline")}
          >
            Inline
          </button>
          <button
            type="button"
            role="radio"
            aria-checked={mode === "side"}
            onClick={() => setMode("side")}
          >
            Side by side
          </button>
        </div>
      </div>
      {mode === "inline" ? <Parts parts={parts} /> : (
        <div class="diff-sides">
          <div>
            <p class="diff-side-label">{fromLabel}</p>
            <Parts parts={left} />
          </div>
          <div>
            <p class="diff-side-label">{toLabel}</p>
            <Parts parts={right} />
          </div>
        </div>
      )}
    </div>
  );
}
