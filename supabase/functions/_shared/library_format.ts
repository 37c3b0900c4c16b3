// The portable library document: what GET /export writes and POST /import (and the demo seed)
// read. SQL builds and loads it (public.export_library / public.import_library); this file only
// names its shape for TypeScript callers.

export const libraryFormat = "promptline.library";
export const libraryFormatVersion = 1;

/** One typed variable, in the shape prompt_versions.variables stores (the API's contract). */
import type { PromptVariable } from "../api/contract.ts";
export type { PromptVariable };

export interface LibraryVersion {
  version_number: number;
  title?: string;
  /** A text version's template; a chat version's messages written out. */
  content: string;
  messages?: { role: "system" | "user" | "assistant"; content: string }[] | null;
  response_format?: { name?: string; schema: Record<string, unknown>; strict?: boolean } | null;
  variables: PromptVariable[];
  model_config: { model?: string; temperature?: number; max_tokens?: number };
  summary: string | null;
  source: "manual" | "restore" | "improve" | "import" | "builder" | "fork";
  restored_from_version?: number | null;
  created_at?: string;
}

export interface LibraryPrompt {
  /** The catalog's name, or null for a prompt outside any catalog. */
  catalog: string | null;
  /** The prompt's name: kept on import when still free, else made from the title. */
  name?: string;
  title: string;
  description: string | null;
  status: "draft" | "published" | "archived";
  visibility?: "private" | "unlisted" | "public";
  published_at?: string | null;
  tags: string[];
  /** version_number of the version the prompt shows; the newest one when absent. */
  current_version?: number | null;
  created_at?: string;
  versions: LibraryVersion[];
}

export interface LibraryDocument {
  format: typeof libraryFormat;
  version: typeof libraryFormatVersion;
  exported_at?: string;
  catalogs: { name: string; description: string | null }[];
  /** Every tag name, including tags no prompt carries. */
  tags: string[];
  prompts: LibraryPrompt[];
}

/** What public.import_library reports. */
export interface ImportCounts {
  imported: number;
  skipped: number;
  catalogs: number;
  catalogs_created: number;
  versions: number;
  tags_created: number;
}
