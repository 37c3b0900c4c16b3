// The columns every list of runs shows, the first of them the run's link.
import { formatCost, formatDate, formatMs } from "../lib/format.ts";
import type { RunSummary } from "../lib/types.ts";
import type { Column } from "./DataTable.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

export const whenColumn: Column<RunSummary> = {
  head: "When",
  cell: (r) => <a href={`/runs/${r.id}`}>{formatDate(r.created_at)}</a>,
};
export const statusColumn: Column<RunSummary> = {
  head: "Status",
  cell: (r) => <StatusBadge status={r.status} />,
};
export const modelColumn: Column<RunSummary> = { head: "Model", cell: (r) => r.model };
export const latencyColumn: Column<RunSummary> = {
  head: "Latency",
  cell: (r) => formatMs(r.latency_ms),
  class: "num",
};
export const costColumn: Column<RunSummary> = {
  head: "Cost",
  cell: (r) => formatCost(r.cost_usd),
  class: "num",
};
