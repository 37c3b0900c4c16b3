// State several pages share: the caller's catalogs and tags (sidebar, filters, search) and the
// API's health (the stand-in notice).
import { signal } from "@preact/signals";
import { errorMessage } from "./api.ts";
import { apiBaseUrl } from "./config.ts";
import { api } from "./session.ts";
import type { Catalog, Health, Page, Tag } from "./types.ts";

export const catalogs = signal<Catalog[] | null>(null);
export const catalogsError = signal<string | null>(null);
export const tags = signal<Tag[]>([]);
export const health = signal<Health | null>(null);
/** Bumped when prompts change behind a list's back (a catalog deleted with its prompts). */
export const libraryRevision = signal(0);

async function all<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await api.get<Page<T>>(path, { limit: 100, cursor });
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor && out.length < 1000);
  return out;
}

export async function loadCatalogs(): Promise<void> {
  try {
    catalogs.value = await all<Catalog>("/catalogs");
    catalogsError.value = null;
  } catch (e) {
    catalogsError.value = errorMessage(e);
  }
}

export async function loadTags(): Promise<void> {
  try {
    const body = await api.get<Page<Tag> | Tag[]>("/tags", { limit: 100 });
    tags.value = Array.isArray(body) ? body : body.items;
  } catch {
    // Tag filters are a convenience: without them the library still works.
    tags.value = [];
  }
}

export async function loadHealth(): Promise<void> {
  try {
    const res = await fetch(`${apiBaseUrl}/health`);
    health.value = await res.json() as Health;
  } catch {
    health.value = null;
  }
}

export function resetStore(): void {
  catalogs.value = null;
  tags.value = [];
}
