import { useState } from "preact/hooks";
import { codeSnippets } from "../lib/code_snippets.ts";
import { apiBaseUrl } from "../lib/config.ts";
import type { PromptLabel, PromptVariable } from "../lib/types.ts";
import { CopyButton } from "./CopyButton.tsx";

/** How an app calls this prompt by name and label: curl, fetch and the `openai` client. */
export function CodeSnippetsPanel(
  { name, labels, variables }: { name: string; labels: PromptLabel[]; variables: PromptVariable[] },
) {
  const names = [...labels.map((l) => l.label), "latest"];
  // production by default (once it exists), else the first label, until one is chosen.
  const [chosen, setLabel] = useState<string | null>(null);
  const label = chosen && names.includes(chosen)
    ? chosen
    : names.includes("production")
    ? "production"
    : names[0] ?? "latest";
  const snippets = codeSnippets({ apiBase: apiBaseUrl, name, label, variables });
  return (
    <section class="card stack" aria-labelledby="snippets-title">
      <div class="toolbar">
        <h2 id="snippets-title">Use it from your app</h2>
        <select
          aria-label="Snippet label"
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
        >
          {names.map((n) => <option key={n}>{n}</option>)}
        </select>
      </div>
      <p class="muted">Create an API key (pl_…) in Settings and put it where the snippets say.</p>
      {snippets.map((s) => (
        <figure key={s.title} class="snippet-code">
          <figcaption class="toolbar">
            <h3>{s.title}</h3>
            <CopyButton text={s.code} label={`Copy ${s.title}`} />
          </figcaption>
          <pre class="run-output">{s.code}</pre>
        </figure>
      ))}
    </section>
  );
}
