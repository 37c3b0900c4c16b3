// The caller's monthly USD budget and this month's spend (GET /budget), shared by the banner,
// Settings and the usage page. Loaded on sign-in and again after each run.
import { signal } from "@preact/signals";
import { api } from "./session.ts";
import type { Budget } from "./types.ts";

export const budget = signal<Budget | null>(null);

export async function loadBudget(): Promise<void> {
  try {
    budget.value = await api.get("/budget");
  } catch {
    // The banner and the bar simply stay as they were.
  }
}

/** Spend as a share of the limit, 0 to 1 (null without a limit). */
export function spentRatio(b: Pick<Budget, "monthly_limit_usd" | "spend_usd">): number | null {
  if (!b.monthly_limit_usd) return null;
  return Math.min(1, Number(b.spend_usd) / b.monthly_limit_usd);
}
