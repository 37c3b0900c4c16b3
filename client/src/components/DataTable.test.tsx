// @vitest-environment happy-dom
import { render } from "preact";
import { afterEach, describe, expect, it } from "vitest";
import { DataTable } from "./DataTable.tsx";

afterEach(() => render(null, document.body));

const rows = [{ id: 1, name: "a", n: 2 }, { id: 2, name: "b", n: 3 }];
const texts = (selector: string) =>
  [...document.body.querySelectorAll(selector)].map((e) => e.textContent);

describe("DataTable", () => {
  it("shows a heading row and a row per item, a cell per column", () => {
    render(
      <DataTable
        rows={rows}
        rowKey={(r) => r.id}
        label="Things"
        columns={[
          { head: "Name", cell: (r) => r.name, class: "email" },
          { head: "Count", cell: (r) => `${r.n} runs` },
        ]}
      />,
      document.body,
    );
    expect(texts("th")).toEqual(["Name", "Count"]);
    expect(texts("tbody tr")).toEqual(["a2 runs", "b3 runs"]);
    expect(texts("td.email")).toEqual(["a", "b"]);
    expect(document.body.querySelector("table")?.getAttribute("aria-label")).toBe("Things");
  });

  it("has no heading row when no column has a heading", () => {
    render(
      <DataTable rows={rows} rowKey={(r) => r.id} columns={[{ cell: (r) => r.name }]} />,
      document.body,
    );
    expect(document.body.querySelector("thead")).toBeNull();
    expect(texts("td")).toEqual(["a", "b"]);
  });
});
