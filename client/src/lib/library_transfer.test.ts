import { describe, expect, it } from "vitest";
import { exportFileName, importSummary, importType } from "./library_transfer.ts";

const result = (r: Partial<Parameters<typeof importSummary>[0]>) => ({
  imported: 0,
  skipped: 0,
  catalogs: 0,
  catalogs_created: 0,
  versions: 0,
  tags_created: 0,
  ...r,
});

describe("importSummary", () => {
  it("says what was imported, what was already there, and what is new", () => {
    expect(importSummary(result({
      imported: 3,
      skipped: 1,
      catalogs: 2,
      catalogs_created: 1,
      versions: 4,
      tags_created: 2,
    }))).toBe(
      "Imported 3 prompts (1 was already there) in 2 catalogs (1 new), with 4 versions and 2 new tags.",
    );
    expect(importSummary(result({ imported: 1, catalogs: 1, versions: 1 })))
      .toBe("Imported 1 prompt in 1 catalog, with 1 version.");
    expect(importSummary(result({ imported: 1200, skipped: 2, versions: 1200 })))
      .toBe("Imported 1,200 prompts (2 were already there), with 1,200 versions.");
  });
  it("says when nothing was new, or the file held nothing", () => {
    expect(importSummary(result({ skipped: 5, catalogs: 1 })))
      .toBe("Nothing new: all 5 prompts were already there.");
    expect(importSummary(result({}))).toBe("The file holds no prompts: nothing imported.");
  });
});

describe("importType", () => {
  it("sends a CSV as text/csv, by its name or its type, and anything else as JSON", () => {
    expect(importType({ name: "prompts.CSV", type: "" })).toBe("text/csv");
    expect(importType({ name: "export", type: "text/csv" })).toBe("text/csv");
    expect(importType({ name: "library.json", type: "application/json" }))
      .toBe("application/json");
    expect(importType({ name: "library", type: "" })).toBe("application/json");
  });
});

describe("exportFileName", () => {
  it("names the download after the day, zero-padded", () => {
    expect(exportFileName(new Date(2026, 0, 5, 23, 59))).toBe("promptline-library-2026-01-05.json");
  });
});
