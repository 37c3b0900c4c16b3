// Imports a promptline.library file of any size through POST /import, in parts within the
// route's limits (10,000 prompts and 25 MB per request): the file is split without being parsed
// whole (supabase/functions/_shared/library_split.ts) and each part sent as a document of its
// own, with the file's catalogs and tags in the first. Each part is one transaction, and the
// import skips titles that exist, so running it again after an interruption resumes it: the
// parts already imported are skipped.
//   deno run -A dev/import_library.ts library.json   (PROMPTLINE_API_URL, PROMPTLINE_API_KEY)
import { splitLibrary } from "../supabase/functions/_shared/library_split.ts";

export interface ImportTotals {
  parts: number;
  imported: number;
  skipped: number;
  versions: number;
}

export async function importInParts(
  apiUrl: string,
  headers: Record<string, string>,
  bytes: Uint8Array,
  opts: { maxPrompts?: number; maxBytes?: number; onPart?: (n: number, r: unknown) => void } = {},
): Promise<ImportTotals> {
  const maxPrompts = opts.maxPrompts ?? 10_000;
  const maxBytes = opts.maxBytes ?? 20 << 20; // under the 25 MB body limit, with room for the head
  const split = splitLibrary(bytes);
  const { prompts: _, ...head } = JSON.parse(split.head) as Record<string, unknown>;
  const totals: ImportTotals = { parts: 0, imported: 0, skipped: 0, versions: 0 };
  const send = async (texts: string[], first: boolean) => {
    const partHead = first ? head : { ...head, catalogs: [], tags: [] };
    const body = JSON.stringify(partHead).slice(0, -1) +
      `${Object.keys(partHead).length ? "," : ""}"prompts":[${texts.join(",")}]}`;
    const res = await fetch(`${apiUrl}/import`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body,
    });
    const result = await res.json();
    if (!res.ok) {
      throw new Error(`part ${totals.parts + 1}: ${res.status} ${JSON.stringify(result)}`);
    }
    totals.parts++;
    totals.imported += result.imported;
    totals.skipped += result.skipped;
    totals.versions += result.versions;
    opts.onPart?.(totals.parts, result);
  };
  let texts: string[] = [];
  let size = 0;
  for (let i = 0; i < split.count; i++) {
    const text = split.prompt(i);
    if (texts.length && (texts.length >= maxPrompts || size + text.length > maxBytes)) {
      await send(texts, totals.parts === 0);
      texts = [];
      size = 0;
    }
    texts.push(text);
    size += text.length + 1;
  }
  if (texts.length || totals.parts === 0) await send(texts, totals.parts === 0);
  return totals;
}

if (import.meta.main) {
  const file = Deno.args[0];
  const apiUrl = Deno.env.get("PROMPTLINE_API_URL");
  const key = Deno.env.get("PROMPTLINE_API_KEY");
  if (!file || !apiUrl || !key) {
    console.error("usage: PROMPTLINE_API_URL=… PROMPTLINE_API_KEY=pl_… import_library.ts FILE");
    Deno.exit(2);
  }
  const totals = await importInParts(apiUrl, { "x-api-key": key }, await Deno.readFile(file), {
    onPart: (n, r) => console.log(`part ${n}: ${JSON.stringify(r)}`),
  });
  console.log(JSON.stringify(totals));
}
