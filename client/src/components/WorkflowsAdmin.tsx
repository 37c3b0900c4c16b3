// The Admin area's Workflows tab (seed 003's dashboard queries): every user's active runs, and the
// cost by model this month across gate executions and single runs. It loads with the workflow
// pages' chunk (it shares their runs table).
import { formatCost, formatMs } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import { DataTable } from "./DataTable.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";
import { RunsTable } from "../pages/WorkflowsPage.tsx";

export function WorkflowsAdmin() {
  const active = useResource(
    (signal) => api.get("/workflows/active", { query: { limit: 100 }, signal }),
    [],
  );
  const costs = useResource((signal) => api.get("/admin/workflows/costs", { signal }), []);
  return (
    <>
      <section class="card stack" aria-labelledby="wf-active-title">
        <h2 id="wf-active-title">Active workflow runs</h2>
        {active.error
          ? <ErrorNotice error={active.error} retry={active.reload} />
          : !active.data
          ? <Loading />
          : active.data.items.length === 0
          ? <Empty>No run is running or paused.</Empty>
          : <RunsTable runs={active.data.items} label="Active workflow runs" users />}
      </section>
      <section class="card stack" aria-labelledby="wf-costs-title">
        <h2 id="wf-costs-title">Cost by model this month</h2>
        {costs.error
          ? <ErrorNotice error={costs.error} retry={costs.reload} />
          : !costs.data
          ? <Loading />
          : costs.data.items.length === 0
          ? <Empty>No model calls this month.</Empty>
          : (
            <DataTable
              rows={costs.data.items}
              rowKey={(m) => `${m.model}|${m.provider}`}
              label="Cost by model this month"
              columns={[
                { head: "Model", cell: (m) => m.model },
                { head: "Provider", cell: (m) => m.provider },
                { head: "Gates", cell: (m) => m.gate_executions },
                { head: "Single runs", cell: (m) => m.single_runs },
                { head: "Tokens in / out", cell: (m) => `${m.tokens_in} / ${m.tokens_out}` },
                { head: "Cost", cell: (m) => formatCost(m.cost_usd) },
                { head: "Avg gate", cell: (m) => formatMs(m.avg_gate_duration_ms) },
              ]}
            />
          )}
      </section>
    </>
  );
}
