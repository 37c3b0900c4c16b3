import { useEffect, useRef } from "preact/hooks";
import { formatCost, formatDate, formatMs } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import { usePages } from "../lib/use_pages.ts";
import { PagedList } from "./PagedList.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

/** The prompt's runs, newest first, 20 at a time; `refresh` changes whenever a run finishes. */
export function RunHistory({ promptId, refresh }: { promptId: string; refresh: number }) {
  const runs = usePages(
    (cursor, signal) =>
      api.get("/prompts/{id}/runs", {
        path: { id: promptId },
        query: { limit: 20, cursor },
        signal,
      }),
    [promptId],
  );
  // A run finished: read the list again, showing the old one until the new arrives.
  const shown = useRef(refresh);
  useEffect(() => {
    if (shown.current !== refresh) runs.reload();
    shown.current = refresh;
  }, [refresh]);
  return (
    <section class="card" aria-labelledby="runs-title">
      <h2 id="runs-title">Run history</h2>
      <PagedList pages={runs} loading="Loading runs…" empty="No runs yet.">
        {(items) => (
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
                {items.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDate(r.created_at)}</td>
                    <td>
                      <StatusBadge status={r.status} />
                    </td>
                    <td>{r.model}</td>
                    <td>{formatMs(r.latency_ms)}</td>
                    <td>{formatCost(r.cost_usd)}</td>
                    <td>
                      <div class="clamp">{r.output_preview ?? r.error_message ?? ""}</div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
    </section>
  );
}
