// @vitest-environment happy-dom
// PagedList and the LoadMore under it: a paged list in each of its states.
import { render } from "preact";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Pages } from "../lib/use_pages.ts";
import { LoadMore } from "./LoadMore.tsx";
import { PagedList } from "./PagedList.tsx";

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

const list = (p: Pages<string>) => (
  <PagedList pages={p} loading="Loading letters…" empty="No letters.">
    {(items) => <ul>{items.map((i) => <li key={i}>{i}</li>)}</ul>}
  </PagedList>
);

describe("PagedList", () => {
  it("says what is loading until the first page arrives", () => {
    render(list(pages({})), document.body);
    expect(document.body.querySelector("[role=status]")?.textContent).toBe("Loading letters…");
    expect(document.body.querySelector("ul")).toBeNull();
  });

  it("shows a first page's failure with a retry, and no Load more", () => {
    const reload = vi.fn();
    render(list(pages({ error: new Error("down"), hasMore: true, reload })), document.body);
    expect(document.body.querySelector("[role=alert]")?.textContent).toContain("down");
    (document.body.querySelector("[role=alert] button") as HTMLButtonElement).click();
    expect(reload).toHaveBeenCalledOnce();
    expect(document.body.querySelector("button.load-more")).toBeNull();
  });

  it("says an empty list is empty", () => {
    render(list(pages({ items: [] })), document.body);
    expect(document.body.textContent).toBe("No letters.");
  });

  it("renders the items, and Load more while there are more", () => {
    render(list(pages({ items: ["a", "b"], hasMore: true })), document.body);
    expect([...document.body.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "a",
      "b",
    ]);
    expect(document.body.querySelector("button.load-more")?.textContent).toBe("Load more");
  });
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
