// State several pages share: the caller's catalogs and tags (sidebar, filters, search) and the
// API's health (the stand-in notice).
import { signal } from "@preact/signals";
import { errorMessage } from "./api.ts";
import { apiBaseUrl } from "./config.ts";
import { api } from "./session.ts";
import type { Catalog, Health, Tag } from "./types.ts";

export const catalogs = signal<Catalog[] | null>(null);
export const catalogsError = signal<string | null>(null);
export const tags = signal<Tag[]>([]);
export const health = signal<Health | null>(null);
/** Bumped when prompts change behind a list's back (a catalog deleted with its prompts). */
export const libraryRevision = signal(0);

async function all<T>(
  page: (cursor: string | undefined) => Promise<{ items: T[]; next_cursor: string | null }>,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.next_cursor ?? undefined;
  } while (cursor && out.length < 1000);
  return out;
}

export async function loadCatalogs(): Promise<void> {
  try {
    catalogs.value = await all((cursor) => api.get("/catalogs", { query: { limit: 100, cursor } }));
    catalogsError.value = null;
  } catch (e) {
    catalogsError.value = errorMessage(e);
  }
}

export async function loadTags(): Promise<void> {
  try {
    tags.value = (await api.get("/tags", { query: { limit: 100 } })).items;
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
