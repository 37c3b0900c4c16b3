import { formatDate } from "../lib/format.ts";
import type { SharedPrompt } from "../lib/types.ts";
import { HighlightedTemplate } from "./HighlightedTemplate.tsx";

/** The versions the owner chose to share (the API lists them newest first), each on demand. */
export function SharedHistory({ history }: { history: NonNullable<SharedPrompt["history"]> }) {
  return (
    <section class="card stack" aria-labelledby="shared-history-title">
      <h2 id="shared-history-title">Version history</h2>
      {history.map((v) => (
        <details key={v.version_number}>
          <summary>
            v{v.version_number} · {formatDate(v.created_at)}
            {v.summary ? ` · ${v.summary}` : ""}
          </summary>
          <pre class="editor-layer"><HighlightedTemplate content={v.content} /></pre>
        </details>
      ))}
    </section>
  );
}
