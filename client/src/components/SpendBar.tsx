import { type Budget } from "../lib/types.ts";
import { spentRatio } from "../lib/budget.ts";
import { formatCost } from "../lib/format.ts";

/** This month's spend against the monthly budget. */
export function SpendBar({ budget }: { budget: Budget }) {
  const ratio = spentRatio(budget);
  return (
    <div class="stack" data-testid="spend-bar">
      <span>
        Spent in {budget.month}: {formatCost(budget.spend_usd)}
        {ratio === null ? " (no monthly limit)" : ` of ${formatCost(budget.monthly_limit_usd)}`}
      </span>
      {ratio !== null && (
        <progress max={1} value={ratio} aria-label="Monthly budget spent">
          {Math.round(ratio * 100)}%
        </progress>
      )}
    </div>
  );
}
