import { describe, expect, it } from "vitest";
import { moveText, rollbackTarget } from "./labels.ts";
import type { LabelMove, PromptLabel } from "./types.ts";

const move = (
  id: number,
  label: string,
  from: number | null,
  to: number | null,
): LabelMove => ({
  id,
  label,
  from_version_id: from === null ? null : `v${from}`,
  from_version_number: from,
  to_version_id: to === null ? null : `v${to}`,
  to_version_number: to,
  moved_by: null,
  moved_at: "2026-12-05T00:00:00Z",
});
const label = (name: string, v: number): PromptLabel => ({
  label: name,
  version_id: `v${v}`,
  version_number: v,
  updated_at: "2026-12-05T00:00:00Z",
});

describe("rollbackTarget", () => {
  // Newest first, as GET /prompts/:id/labels/history lists them.
  const history = [
    move(3, "production", 1, 2),
    move(2, "staging", null, 2),
    move(1, "production", null, 1),
  ];

  it("is the version the label left on its last move", () => {
    expect(rollbackTarget(history, label("production", 2))).toBe(1);
  });

  it("is none for a label that has only been set", () => {
    expect(rollbackTarget(history, label("staging", 2))).toBeNull();
  });

  it("is none when the history does not end where the label is (a move not yet listed)", () => {
    expect(rollbackTarget(history, label("production", 3))).toBeNull();
  });

  it("after a roll back, offers to go forward again", () => {
    const after = [move(4, "production", 2, 1), ...history];
    expect(rollbackTarget(after, label("production", 1))).toBe(2);
  });
});

describe("moveText", () => {
  it("says what each move did", () => {
    expect(moveText(move(1, "p", null, 1))).toBe("set to v1");
    expect(moveText(move(2, "p", 1, 2))).toBe("v1 → v2");
    expect(moveText(move(3, "p", 2, null))).toBe("deleted (was v2)");
  });
});
