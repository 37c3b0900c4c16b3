// Import and export of the whole library in words and names: what an import did, which content
// type a chosen file is sent as, and the name a download gets.
import type { components } from "./api_schema.ts";

type ImportResult = components["schemas"]["ImportResult"];

const count = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "Imported 3 prompts (1 already there) in 2 catalogs (1 new), with 4 versions and 2 new tags." */
export function importSummary(r: ImportResult): string {
  if (r.imported === 0 && r.skipped === 0) return "The file holds no prompts: nothing imported.";
  const skipped = r.skipped ? ` (${count(r.skipped, "was", "were")} already there)` : "";
  if (r.imported === 0) {
    return `Nothing new: all ${count(r.skipped, "prompt")} were already there.`;
  }
  const catalogs = r.catalogs
    ? ` in ${count(r.catalogs, "catalog")}${
      r.catalogs_created ? ` (${r.catalogs_created.toLocaleString("en-US")} new)` : ""
    }`
    : "";
  const tags = r.tags_created ? ` and ${count(r.tags_created, "new tag")}` : "";
  return `Imported ${count(r.imported, "prompt")}${skipped}${catalogs}, with ${
    count(r.versions, "version")
  }${tags}.`;
}

/** The content type an import is sent as: a CSV by its name or type, else a JSON document. */
export function importType(file: { name: string; type: string }): "text/csv" | "application/json" {
  return /\.csv$/i.test(file.name) || file.type === "text/csv" ? "text/csv" : "application/json";
}

/** promptline-library-2026-12-06.json: the day of the export, in the user's time zone. */
export function exportFileName(now: Date): string {
  const day = [now.getFullYear(), now.getMonth() + 1, now.getDate()]
    .map((n, i) => String(n).padStart(i ? 2 : 4, "0")).join("-");
  return `promptline-library-${day}.json`;
}
