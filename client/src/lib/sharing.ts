// Sharing (issue 15) as plain functions: where a share link points, which version a reader runs,
// which route a fork or a reaction calls, and what the owner's share settings send.
import type { ApiClient, FieldErrors, RequestOptions } from "./api.ts";
import type { paths } from "./api_schema.ts";
import type { RunnableVersion, SharedPrompt, Visibility } from "./types.ts";

/** How a reader reached a shared prompt: in the gallery (by id) or through its link (by slug). */
export type SharedSource = { id: string } | { slug: string };

export const shareLink = (origin: string, slug: string): string => `${origin}/s/${slug}`;

/** A shared prompt's current version in the shape the run panel takes; null without one. */
export function runnableVersion(v: SharedPrompt["version"]): RunnableVersion | null {
  if (v.id === null || v.version_number === null) return null;
  return {
    id: v.id,
    version_number: v.version_number,
    variables: v.variables,
    model_config: v.model_config,
  };
}

export function loadShared(api: ApiClient, source: SharedSource, signal?: AbortSignal) {
  return "slug" in source
    ? api.get("/shared/{slug}", { path: { slug: source.slug }, signal })
    : api.get("/gallery/{id}", { path: { id: source.id }, signal });
}

/** Copies the prompt into the caller's library; resolves with the new prompt. */
export function forkShared(api: ApiClient, source: SharedSource) {
  return "slug" in source
    ? api.post("/shared/{slug}/fork", { path: { slug: source.slug }, body: {} })
    : api.post("/gallery/{id}/fork", { path: { id: source.id }, body: {} });
}

/** Likes or takes the like back; resolves with the prompt as it now stands for the reader. */
export async function setLiked(
  api: ApiClient,
  prompt: SharedPrompt,
  liked: boolean,
): Promise<SharedPrompt> {
  const path = { id: prompt.id };
  const r = liked
    ? await api.post("/gallery/{id}/like", { path })
    : await api.del("/gallery/{id}/like", { path });
  return { ...prompt, liked, likes_count: r.likes_count };
}

export async function setFavorited(
  api: ApiClient,
  prompt: SharedPrompt,
  favorited: boolean,
): Promise<SharedPrompt> {
  const path = { id: prompt.id };
  if (favorited) await api.post("/gallery/{id}/favorite", { path });
  else await api.del("/gallery/{id}/favorite", { path });
  return { ...prompt, favorited };
}

/** What the owner's share settings form holds ("" is no category chosen). */
export interface SharingChoice {
  visibility: Visibility;
  category_id: string;
  show_history: boolean;
}

type SharingUpdate = RequestOptions<
  NonNullable<paths["/api/prompts/{id}/sharing"]["patch"]>
>["body"];

/** The PATCH body for the owner's choice, or why it cannot be saved (public needs a category). */
export function sharingUpdate(
  choice: SharingChoice,
): { body: SharingUpdate; errors?: never } | { errors: FieldErrors } {
  if (choice.visibility === "public" && !choice.category_id) {
    return { errors: { category_id: "Choose a category to publish in the gallery" } };
  }
  const { category_id, ...rest } = choice;
  return { body: category_id ? { ...rest, category_id } : rest };
}
