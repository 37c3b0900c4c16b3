// @vitest-environment happy-dom
import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, describe, expect, it } from "vitest";
import { allPages, type Page, type Pages, usePages } from "./use_pages.ts";

afterEach(() => render(null, document.body));

/** Pages of letters: "a", "b", … three to a page, for the filter `f`. */
function letters(f: string, cursor: string | undefined): Page<string> {
  const start = Number(cursor ?? 0);
  const items = ["a", "b", "c", "d", "e"].slice(start, start + 3).map((l) => `${f}${l}`);
  return { items, next_cursor: start + 3 < 5 ? String(start + 3) : null };
}

/** Renders the hook for filter `f`; the latest state is in `seen.pages`. */
function harness(load: (f: string, cursor: string | undefined) => Promise<Page<string>>) {
  const seen: { pages?: Pages<string> } = {};
  function List({ f }: { f: string }) {
    seen.pages = usePages((cursor) => load(f, cursor), [f]);
    return null;
  }
  const show = (f: string) => act(() => render(<List f={f} />, document.body));
  return { seen, show };
}

const settle = () => act(() => new Promise((r) => setTimeout(r, 0)));

describe("usePages", () => {
  it("reads the first page, then appends the next ones until there are no more", async () => {
    const { seen, show } = harness((f, c) => Promise.resolve(letters(f, c)));
    show("x");
    expect(seen.pages?.items).toBeNull();
    await settle();
    expect(seen.pages?.items).toEqual(["xa", "xb", "xc"]);
    expect(seen.pages?.hasMore).toBe(true);
    await act(() => seen.pages!.loadMore());
    expect(seen.pages?.items).toEqual(["xa", "xb", "xc", "xd", "xe"]);
    expect(seen.pages?.hasMore).toBe(false);
  });

  it("starts over when the filter changes, and drops a page meant for the old list", async () => {
    let release = () => {};
    const { seen, show } = harness((f, c) => {
      if (f === "x" && c) return new Promise((r) => (release = () => r(letters(f, c))));
      return Promise.resolve(letters(f, c));
    });
    show("x");
    await settle();
    const more = act(() => seen.pages!.loadMore()); // x's second page, held back
    show("y");
    await settle();
    release();
    await more;
    await settle();
    expect(seen.pages?.items).toEqual(["ya", "yb", "yc"]);
  });

  it("read again by reload(), keeps showing the list until its first page arrives", async () => {
    let version = "x";
    let release = () => {};
    const { seen, show } = harness((_f, c) =>
      version === "x"
        ? Promise.resolve(letters("x", c))
        : new Promise((r) => (release = () => r(letters(version, c))))
    );
    show("f");
    await settle();
    expect(seen.pages?.items).toEqual(["xa", "xb", "xc"]);
    version = "z";
    act(() => seen.pages!.reload());
    await settle();
    expect(seen.pages?.items).toEqual(["xa", "xb", "xc"]); // still the old list, no "Loading"
    release();
    await settle();
    expect(seen.pages?.items).toEqual(["za", "zb", "zc"]);
    show("g"); // a new list starts empty
    expect(seen.pages?.items).toBeNull();
  });

  it("keeps the error of a page that failed", async () => {
    const { seen, show } = harness(() => Promise.reject(new Error("down")));
    show("x");
    await settle();
    expect(seen.pages?.items).toBeNull();
    expect((seen.pages?.error as Error).message).toBe("down");
  });
});

describe("allPages", () => {
  it("reads page after page until the last, or until its bound", async () => {
    await expect(allPages((c) => Promise.resolve(letters("x", c)))).resolves.toEqual([
      "xa",
      "xb",
      "xc",
      "xd",
      "xe",
    ]);
    await expect(allPages((c) => Promise.resolve(letters("x", c)), 1)).resolves.toEqual([
      "xa",
      "xb",
      "xc",
    ]);
  });
});
