// Prompts from CSV files with the awesome-chatgpt-prompts columns (act,prompt,for_devs,type,
// contributor): parses them, turns their `${Name:default}` placeholders into Promptline's
// `{{name}}` template variables, and maps them onto the portable library document that
// public.import_library loads. Used by POST /import and by the demo seed (dev/seed_demo.ts).
// No database and no file system here, so every conversion rule is unit-tested
// (prompt_csv_test.ts).
// @ts-types="npm:@types/papaparse@5.5.2"
import Papa from "papaparse";
import {
  type LibraryDocument,
  libraryFormat,
  libraryFormatVersion,
  type LibraryPrompt,
} from "./library_format.ts";

/** A variable found in a CSV prompt: always a string, optional when it has a default. */
export interface CsvVariable {
  name: string;
  type: "string";
  required: boolean;
  default?: string;
}

export interface CsvPrompt {
  title: string;
  content: string;
  variables: CsvVariable[];
  forDevs: boolean;
  /** The CSV's type column (TEXT, STRUCTURED, IMAGE, ...), which picks the catalog. */
  type: string;
  contributor: string;
}

// A name is one line of text without braces, colons or dollar signs; anything else (code such
// as `${a.b}` is still accepted, `${${x}}` converts its inner placeholder) stays literal.
const placeholder = /\$\{([^{}:$\n]+)(?::([^{}]*))?\}/g;

// Variable names must match prompt_versions' check: an identifier of at most 64 characters.
const maxNameLength = 64;

/**
 * The snake_case identifier for a placeholder name ("Footballer Name" → footballer_name,
 * projectName → project_name, "points clés" → points_cles), or null when nothing of it is
 * ASCII (the placeholder is then left as it is).
 */
export function variableName(raw: string): string | null {
  const name = raw
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents, split off by NFKD
    .replace(/['’]/g, "") // "Brand's" → brands, not brand_s
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) return null;
  const identifier = /^[0-9]/.test(name) ? `v_${name}` : name;
  return identifier.slice(0, maxNameLength).replace(/_+$/, "");
}

/**
 * Rewrites every `${Name}` / `${Name:default}` into `{{name}}` and lists each variable once,
 * in order of first appearance. A variable with a default (from any of its occurrences) is
 * optional; one without is required.
 */
export function convertPlaceholders(
  text: string,
): { template: string; variables: CsvVariable[] } {
  const byName = new Map<string, CsvVariable>();
  const template = text.replace(placeholder, (whole, rawName: string, rawDefault?: string) => {
    const name = variableName(rawName);
    if (!name) return whole;
    let variable = byName.get(name);
    if (!variable) {
      variable = { name, type: "string", required: true };
      byName.set(name, variable);
    }
    if (rawDefault !== undefined && variable.default === undefined) {
      variable.default = rawDefault.trim();
      variable.required = false;
    }
    return `{{${name}}}`;
  });
  return { template, variables: [...byName.values()] };
}

/** Catalog name for the CSV's type column: TEXT → "Text prompts". */
export function catalogName(type: string): string {
  const t = type.trim().toLowerCase() || "other";
  return `${t.charAt(0).toUpperCase()}${t.slice(1)} prompts`;
}

/** A CSV that cannot be read as prompts; its message names the row. */
export class PromptCsvError extends Error {}

/**
 * Parses the CSV (header act,prompt,for_devs,type,contributor) into prompts: RFC 4180 (quoted
 * fields, doubled quotes, line breaks inside quotes), blank lines skipped, every row as many
 * fields as the header. Papa Parse, for its speed: a 24 MB CSV at the import's limit is parsed in
 * a quarter of a second, against the hosted 2 s of CPU per request.
 */
export function parsePromptCsv(csv: string): CsvPrompt[] {
  const parsed = Papa.parse<Record<string, string>>(csv, {
    header: true,
    delimiter: ",",
    skipEmptyLines: true,
    transformHeader: (h) => h.trim(),
  });
  const names = parsed.meta.fields ?? [];
  const missing = ["act", "prompt"].filter((c) => !names.includes(c));
  if (missing.length) throw new PromptCsvError(`missing column(s): ${missing.join(", ")}`);
  const [error] = parsed.errors;
  if (error) {
    // The row first, as for a row without a prompt: an import in batches adds its offset.
    const row = error.row === undefined ? "" : `CSV row ${error.row + 2}: `;
    throw new PromptCsvError(`${row}unreadable CSV: ${error.message}`);
  }
  const rows = parsed.data;
  return rows.map((row, i) => {
    const title = (row.act ?? "").trim();
    const prompt = row.prompt ?? "";
    if (!title || !prompt.trim()) {
      throw new PromptCsvError(`CSV row ${i + 2}: act and prompt are required`);
    }
    const { template, variables } = convertPlaceholders(prompt);
    return {
      title,
      content: template,
      variables,
      forDevs: (row.for_devs ?? "").trim().toUpperCase() === "TRUE",
      type: (row.type ?? "").trim().toUpperCase() || "TEXT",
      contributor: (row.contributor ?? "").trim(),
    };
  });
}

/**
 * The library document for CSV prompts: one catalog per type column, each prompt published
 * with one imported version, developer prompts tagged "developer". `origin` names where the
 * rows came from, for the catalogs' descriptions and the versions' summaries.
 */
export function csvPromptsToLibrary(
  prompts: CsvPrompt[],
  origin = "a CSV file",
): LibraryDocument {
  const catalogs = [...new Set(prompts.map((p) => catalogName(p.type)))].map((name) => ({
    name,
    description: `Imported from ${origin}.`,
  }));
  return {
    format: libraryFormat,
    version: libraryFormatVersion,
    catalogs,
    tags: prompts.some((p) => p.forDevs) ? ["developer"] : [],
    prompts: prompts.map((p): LibraryPrompt => {
      // Contributors are GitHub handles or e-mail addresses; only handles are worth showing.
      const by = p.contributor && !p.contributor.includes("@")
        ? ` Contributed by ${p.contributor}.`
        : "";
      return {
        catalog: catalogName(p.type),
        title: p.title,
        description: `Act as: ${p.title}.${by}`.slice(0, 2000),
        status: "published",
        tags: p.forDevs ? ["developer"] : [],
        versions: [{
          version_number: 1,
          content: p.content,
          variables: p.variables,
          model_config: {},
          summary: `Imported from ${origin}`.slice(0, 1000),
          source: "import",
        }],
      };
    }),
  };
}
