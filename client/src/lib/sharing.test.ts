import { describe, expect, it } from "vitest";
import { createApiClient } from "./api.ts";
import {
  forkShared,
  loadShared,
  runnableVersion,
  setFavorited,
  setLiked,
  shareLink,
  sharingUpdate,
} from "./sharing.ts";
import { returnPath, signInHref } from "./sign_in_return.ts";
import type { SharedPrompt } from "./types.ts";

function recordingClient(answer: unknown) {
  const calls: string[] = [];
  const api = createApiClient({
    baseUrl: "http://api.test",
    token: () => Promise.resolve(null),
    onUnauthorized: () => {},
    fetch: (input, init) => {
      calls.push(`${init?.method} ${String(input).replace("http://api.test", "")}`);
      return Promise.resolve(new Response(JSON.stringify(answer), { status: 200 }));
    },
  });
  return { api, calls };
}

const shared: SharedPrompt = {
  id: "p1",
  title: "Haiku",
  description: null,
  visibility: "public",
  category_id: "creative",
  category: "Creative",
  tags: [],
  author_name: "ada",
  is_owner: false,
  version: {
    id: "v1",
    version_number: 2,
    content: "Write about {{topic}}",
    variables: [{ name: "topic", type: "string" }],
    model_config: { temperature: 0.2 },
  },
  likes_count: 4,
  uses_count: 0,
  forks_count: 0,
  liked: false,
  favorited: false,
  published_at: null,
  updated_at: "2026-12-05T00:00:00Z",
  history: null,
};

describe("sharing", () => {
  it("makes the share link and the sign-in link that comes back", () => {
    expect(shareLink("https://app.test", "abc_DEF-123")).toBe("https://app.test/s/abc_DEF-123");
    expect(signInHref("/gallery/p1")).toBe("/sign-in?next=%2Fgallery%2Fp1");
  });

  it("returns after signing in only to a path of this site", () => {
    expect(returnPath("/s/abc")).toBe("/s/abc");
    expect(returnPath("/gallery?category=coding")).toBe("/gallery?category=coding");
    for (const bad of [undefined, "", "https://evil.test/", "//evil.test", "/\\evil.test", "x"]) {
      expect(returnPath(bad)).toBe("/");
    }
  });

  it("runs the shared prompt's current version, and nothing without one", () => {
    expect(runnableVersion(shared.version)).toEqual({
      id: "v1",
      version_number: 2,
      variables: [{ name: "topic", type: "string" }],
      model_config: { temperature: 0.2 },
    });
    expect(runnableVersion({ ...shared.version, id: null })).toBeNull();
  });

  it("reads and forks by id in the gallery, by slug through a link", async () => {
    const { api, calls } = recordingClient({ id: "new" });
    await loadShared(api, { id: "p1" });
    await loadShared(api, { slug: "s_1" });
    await forkShared(api, { id: "p1" });
    await forkShared(api, { slug: "s_1" });
    expect(calls).toEqual([
      "GET /gallery/p1",
      "GET /shared/s_1",
      "POST /gallery/p1/fork",
      "POST /shared/s_1/fork",
    ]);
  });

  it("toggles a like with the server's count, and a favorite", async () => {
    const { api, calls } = recordingClient({ liked: true, likes_count: 5 });
    const liked = await setLiked(api, shared, true);
    expect(liked).toMatchObject({ liked: true, likes_count: 5 });
    await setLiked(api, liked, false);
    expect((await setFavorited(api, shared, true)).favorited).toBe(true);
    await setFavorited(api, shared, false);
    expect(calls).toEqual([
      "POST /gallery/p1/like",
      "DELETE /gallery/p1/like",
      "POST /gallery/p1/favorite",
      "DELETE /gallery/p1/favorite",
    ]);
  });

  it("needs a category to publish, and sends the owner's choice as it stands", () => {
    expect(sharingUpdate({ visibility: "public", category_id: "", show_history: false })).toEqual({
      errors: { category_id: "Choose a category to publish in the gallery" },
    });
    expect(sharingUpdate({ visibility: "public", category_id: "coding", show_history: true }))
      .toEqual({ body: { visibility: "public", category_id: "coding", show_history: true } });
    expect(sharingUpdate({ visibility: "private", category_id: "", show_history: false }))
      .toEqual({ body: { visibility: "private", show_history: false } });
  });
});
