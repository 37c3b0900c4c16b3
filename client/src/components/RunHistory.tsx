import { formatCost, formatDate, formatMs } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import { StatusBadge } from "./StatusBadge.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";

/** The prompt's runs, newest first; `version` changes whenever a run finishes. */
export function RunHistory({ promptId, refresh }: { promptId: string; refresh: number }) {
  const runs = useResource(
    (signal) =>
      api.get("/prompts/{id}/runs", { path: { id: promptId }, query: { limit: 20 }, signal }),
    [promptId, refresh],
  );
  return (
    <section class="card" aria-labelledby="runs-title">
      <h2 id="runs-title">Run history</h2>
      {runs.loading && !runs.data && <Loading label="Loading runs…" />}
      {runs.error ? <ErrorNotice error={runs.error} retry={runs.reload} /> : null}
      {runs.data?.items.length === 0 && <Empty>No runs yet.</Empty>}
      {runs.data && runs.data.items.length > 0 && (
        <div class="table-wrap">
          <table class="runs-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Status</th>
                <th>Model</th>
                <th>Latency</th>
                <th>Cost</th>
                <th>Output</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.id}>
                  <td>{formatDate(r.created_at)}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>{r.model}</td>
                  <td>{formatMs(r.latency_ms)}</td>
                  <td>{formatCost(r.cost_usd)}</td>
                  <td class="clamp">{r.output_preview ?? r.error_message ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
