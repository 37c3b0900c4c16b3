// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { LocationProvider } from "preact-iso";
import type { Session } from "@supabase/auth-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { session } from "../lib/session.ts";
import type { SharedPrompt } from "../lib/types.ts";
import { ReaderActions } from "./ReaderActions.tsx";

const mocks = vi.hoisted(() => ({ post: vi.fn(), del: vi.fn() }));
vi.mock("../lib/session.ts", async () => {
  const { signal } = await import("@preact/signals");
  return { api: mocks, session: signal(null) };
});
vi.mock("../lib/store.ts", () => ({ loadCatalogs: vi.fn() }));

afterEach(() => {
  render(null, document.body);
  mocks.post.mockReset();
  session.value = null;
});

const prompt = {
  id: "p1",
  visibility: "public",
  liked: false,
  favorited: false,
  likes_count: 2,
} as SharedPrompt;

function show(p: SharedPrompt, onChange = vi.fn()) {
  history.replaceState(null, "", "/gallery/p1");
  render(
    <LocationProvider>
      <ReaderActions prompt={p} source={{ id: "p1" }} onChange={onChange} />
    </LocationProvider>,
    document.body,
  );
  return onChange;
}
const button = (name: string) =>
  [...document.body.querySelectorAll("button")].find((b) => b.textContent?.includes(name))!;
const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

describe("ReaderActions", () => {
  it("signed out, asks the reader to sign in and come back here, calling nothing", () => {
    show(prompt);
    act(() => button("Like").click());
    const notice = document.body.querySelector("[role=status]");
    expect(notice?.textContent).toBe("Sign in to like this prompt.");
    expect(notice?.querySelector("a")?.getAttribute("href")).toBe(
      "/sign-in?next=%2Fgallery%2Fp1",
    );
    act(() => button("Fork").click());
    expect(document.body.querySelector("[role=status]")?.textContent).toMatch(/to fork/);
    expect(mocks.post).not.toHaveBeenCalled();
  });

  it("signed in, likes with the server's count", async () => {
    session.value = { user: { id: "u" } } as Session;
    mocks.post.mockResolvedValue({ liked: true, likes_count: 3 });
    const onChange = show(prompt);
    act(() => button("Like").click());
    await settle();
    expect(mocks.post).toHaveBeenCalledWith("/gallery/{id}/like", { path: { id: "p1" } });
    expect(onChange).toHaveBeenCalledWith({ ...prompt, liked: true, likes_count: 3 });
  });

  it("offers only the fork for an unlisted prompt read through its link", () => {
    show({ ...prompt, visibility: "unlisted" });
    expect([...document.body.querySelectorAll("button")].map((b) => b.textContent)).toEqual([
      "Fork into my library",
    ]);
  });
});
