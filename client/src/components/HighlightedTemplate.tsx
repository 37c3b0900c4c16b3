import { segments } from "../lib/template.ts";

/** Prompt text with its {{variable}} placeholders marked. */
export function HighlightedTemplate({ content }: { content: string }) {
  return (
    <>
      {segments(content).map((s, i) =>
        s.kind === "var"
          ? <mark key={i} class="var" data-var={s.name}>{s.text}</mark>
          : <span key={i}>{s.text}</span>
      )}
    </>
  );
}
