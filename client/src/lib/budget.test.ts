import { describe, expect, it } from "vitest";
import { spentRatio } from "./budget.ts";

describe("spentRatio", () => {
  it("is spend over the limit, at most 1, and null without a limit", () => {
    expect(spentRatio({ monthly_limit_usd: 2, spend_usd: "0.50000000" })).toBe(0.25);
    expect(spentRatio({ monthly_limit_usd: 1, spend_usd: "1.20000000" })).toBe(1);
    expect(spentRatio({ monthly_limit_usd: null, spend_usd: "3" })).toBeNull();
  });
});
