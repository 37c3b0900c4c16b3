import type { Version } from "../lib/types.ts";
import { HighlightedTemplate } from "./HighlightedTemplate.tsx";

/** A version's template: its text, or a chat version's messages each under its role. */
export function VersionContent({ version }: { version: Pick<Version, "content" | "messages"> }) {
  if (!version.messages) {
    return <pre class="editor-layer"><HighlightedTemplate content={version.content} /></pre>;
  }
  return (
    <ol class="chat-messages" aria-label="Messages">
      {version.messages.map((m, i) => (
        <li key={i}>
          <strong>{m.role}</strong>
          <pre class="editor-layer"><HighlightedTemplate content={m.content} /></pre>
        </li>
      ))}
    </ol>
  );
}
