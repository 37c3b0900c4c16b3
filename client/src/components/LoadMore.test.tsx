// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import type { Pages } from "../lib/use_pages.ts";
import { LoadMore } from "./LoadMore.tsx";

afterEach(() => render(null, document.body));

const pages = (p: Partial<Pages<string>>): Pages<string> => ({
  items: null,
  error: null,
  hasMore: false,
  loadingMore: false,
  loadMore: () => Promise.resolve(),
  reload: () => {},
  ...p,
});

describe("LoadMore", () => {
  it("shows nothing until the first page has arrived, even if it failed", () => {
    render(<LoadMore pages={pages({ error: new Error("down"), hasMore: true })} />, document.body);
    expect(document.body.innerHTML).toBe("");
  });

  it("shows the next page's error, and the button while there is more", () => {
    render(
      <LoadMore pages={pages({ items: ["a"], error: new Error("down"), hasMore: true })} />,
      document.body,
    );
    expect(document.body.querySelector("button.load-more")?.textContent).toBe("Load more");
    expect(document.body.textContent).toContain("down");
    render(<LoadMore pages={pages({ items: ["a"] })} />, document.body);
    expect(document.body.querySelector("button.load-more")).toBeNull();
  });
});
