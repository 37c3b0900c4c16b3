import { snippetParts } from "../lib/snippet.ts";

export function Snippet({ html }: { html: string }) {
  return (
    <span class="snippet">
      {snippetParts(html).map((p, i) => p.marked ? <mark key={i}>{p.text}</mark> : p.text)}
    </span>
  );
}
