// Pure half of the demo importer: reads awesome-chatgpt-prompts.csv and turns its
// `${Name:default}` placeholders into Promptline's `{{name}}` template variables.
// No database here, so every conversion rule is unit-tested (demo_csv_test.ts).
import { parse } from "csv-parse/sync";

/** One typed variable, in the shape prompt_versions.variables stores. */
export interface PromptVariable {
  name: string;
  type: "string";
  required: boolean;
  default?: string;
}

export interface DemoPrompt {
  title: string;
  content: string;
  variables: PromptVariable[];
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
): { template: string; variables: PromptVariable[] } {
  const byName = new Map<string, PromptVariable>();
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
  return `${t[0].toUpperCase()}${t.slice(1)} prompts`;
}

/**
 * Where the demo CSV is: PROMPTLINE_DEMO_CSV if set, else the first that exists of the
 * workspace's shared data folder next to the repository and a copy inside the repository.
 */
export async function findDemoCsv(env: Record<string, string | undefined>): Promise<string | URL> {
  if (env.PROMPTLINE_DEMO_CSV) return env.PROMPTLINE_DEMO_CSV;
  const candidates = [
    new URL("../../shared/data/awesome-chatgpt-prompts.csv", import.meta.url),
    new URL("../data/awesome-chatgpt-prompts.csv", import.meta.url),
  ];
  for (const c of candidates) {
    try {
      if ((await Deno.stat(c)).isFile) return c;
    } catch {
      // not there; try the next place
    }
  }
  throw new Error(
    `demo CSV not found (looked in ${candidates.map((c) => c.pathname).join(", ")}); ` +
      "set PROMPTLINE_DEMO_CSV to its path",
  );
}

/** Parses the CSV (header act,prompt,for_devs,type,contributor) into demo prompts. */
export function parseDemoCsv(csv: string): DemoPrompt[] {
  const rows: Record<string, string>[] = parse(csv, {
    columns: true,
    skip_empty_lines: true,
    trim: false,
  });
  return rows.map((row, i) => {
    const title = (row.act ?? "").trim();
    const prompt = row.prompt ?? "";
    if (!title || !prompt.trim()) throw new Error(`CSV row ${i + 2}: act and prompt are required`);
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
