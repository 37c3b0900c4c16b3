// Search snippets arrive as HTML in which only <mark> is markup (the server escapes the rest).
// Rather than trusting that with innerHTML, they are split into text runs that Preact renders
// as text, so a snippet can never inject markup even if the server got escaping wrong.
export interface SnippetPart {
  text: string;
  marked: boolean;
}

const entities: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#x27;": "'",
};

const decode = (s: string) => s.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (m) => entities[m] ?? m);

export function snippetParts(html: string): SnippetPart[] {
  const out: SnippetPart[] = [];
  let marked = false;
  for (const piece of html.split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(piece)) marked = true;
    else if (/^<\/mark>$/i.test(piece)) marked = false;
    else if (piece) out.push({ text: decode(piece), marked });
  }
  return out;
}
