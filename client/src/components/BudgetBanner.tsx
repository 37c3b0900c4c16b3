import { budget } from "../lib/budget.ts";
import { formatCost } from "../lib/format.ts";

/** Shown once this month's spend has crossed the budget's alert threshold. */
export function BudgetBanner() {
  const b = budget.value;
  if (!b?.alerted) return null;
  return (
    <p class="notice" role="alert" data-testid="budget-banner">
      Budget alert: {formatCost(b.spend_usd)} spent this month of your{" "}
      {formatCost(b.monthly_limit_usd)} limit. <a href="/settings">Budget settings</a>
    </p>
  );
}
