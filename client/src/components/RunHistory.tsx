import { useEffect, useRef } from "preact/hooks";
import { api } from "../lib/session.ts";
import { usePages } from "../lib/use_pages.ts";
import type { RunSummary } from "../lib/types.ts";
import { type Column, DataTable } from "./DataTable.tsx";
import { PagedList } from "./PagedList.tsx";
import { costColumn, latencyColumn, modelColumn, statusColumn, whenColumn } from "./RunColumns.tsx";

// Each row opens the run in full (/runs/:id) from its When cell.
const columns: Column<RunSummary>[] = [
  whenColumn,
  statusColumn,
  modelColumn,
  latencyColumn,
  costColumn,
  {
    head: "Output",
    cell: (r) => <div class="clamp">{r.output_preview ?? r.error_message ?? ""}</div>,
  },
];

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
        {(items) => <DataTable rows={items} rowKey={(r) => r.id} columns={columns} />}
      </PagedList>
    </section>
  );
}
