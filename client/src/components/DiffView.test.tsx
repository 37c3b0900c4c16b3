// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { normalizeDiff } from "../lib/diff_parts.ts";
import { DiffView } from "./DiffView.tsx";

afterEach(() => render(null, document.body));

const parts = normalizeDiff([
  { value: "Say ", added: false, removed: false },
  { value: "hello", added: false, removed: true },
  { value: "goodbye", added: true, removed: false },
  { value: " to {{name}}\n", added: false, removed: false },
]);

describe("DiffView", () => {
  it("renders removed parts as <del> and added parts as <ins>, in order", () => {
    render(<DiffView parts={parts} />, document.body);
    expect([...document.body.querySelectorAll("del")].map((e) => e.textContent)).toEqual(["hello"]);
    expect([...document.body.querySelectorAll("ins")].map((e) => e.textContent)).toEqual([
      "goodbye",
    ]);
    expect(document.body.querySelector(".diff-text")?.textContent).toBe(
      "Say hellogoodbye to {{name}}\n",
    );
    expect(document.body.textContent).toContain("+1 −1 lines");
  });

  it("counts a word changed inside a line as that line removed and added, from the line diff", () => {
    const words = normalizeDiff([
      { value: "Write a ", added: false, removed: false },
      { value: "short ", added: true, removed: false },
      { value: "message.\nSign it.\n", added: false, removed: false },
    ]);
    const lines = normalizeDiff([
      { value: "Write a message.\n", added: false, removed: true },
      { value: "Write a short message.\n", added: true, removed: false },
      { value: "Sign it.\n", added: false, removed: false },
    ]);
    render(<DiffView parts={words} lines={lines} />, document.body);
    expect(document.body.textContent).toContain("+1 −1 lines");
    expect([...document.body.querySelectorAll("ins")].map((e) => e.textContent)).toEqual([
      "short ",
    ]);
  });

  it("shows old and new side by side on request", async () => {
    render(<DiffView parts={parts} fromLabel="v1" toLabel="v2" />, document.body);
    const side = [...document.body.querySelectorAll("button")].find((b) =>
      b.textContent === "Side by side"
    )!;
    side.click();
    await new Promise((r) => setTimeout(r, 0));
    const columns = [...document.body.querySelectorAll(".diff-sides .diff-text")].map((e) =>
      e.textContent
    );
    expect(columns).toEqual(["Say hello to {{name}}\n", "Say goodbye to {{name}}\n"]);
    expect(document.body.textContent).toContain("v1");
  });

  it("says when there is nothing to show", () => {
    render(
      <DiffView
        parts={normalizeDiff([{ value: "same", added: false, removed: false }])}
      />,
      document.body,
    );
    expect(document.body.textContent).toContain("No differences");
    expect(document.body.querySelector("ins, del")).toBeNull();
  });
});
