// /workflows: the template gallery (what each makes, its time, steps and typical cost), and under
// it the user's own runs, newest first.
import { useEffect } from "preact/hooks";
import { type Column, DataTable } from "../components/DataTable.tsx";
import { ArtifactTable } from "../components/ArtifactBrowser.tsx";
import { PagedList } from "../components/PagedList.tsx";
import { Empty, ErrorNotice, Loading } from "../components/States.tsx";
import { profileCost, RunStatusBadge } from "../components/WorkflowBits.tsx";
import type { components } from "../lib/api_schema.ts";
import { formatCost, formatDate } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import { usePages } from "../lib/use_pages.ts";
import { useResource } from "../lib/use_resource.ts";

export function WorkflowsPage() {
  const list = useResource((signal) => api.get("/workflows/templates", { signal }), []);
  useEffect(() => {
    document.title = "Workflows · Promptline";
  }, []);
  return (
    <main class="page">
      <h1>Workflows</h1>
      {list.error
        ? <ErrorNotice error={list.error} retry={list.reload} />
        : !list.data
        ? <Loading label="Loading the templates…" />
        : list.data.items.length === 0
        ? <Empty>No workflow templates yet.</Empty>
        : (
          <ul class="prompt-list workflow-cards">
            {list.data.items.map((t) => (
              <li key={t.id} class="prompt-item workflow-card" aria-label={t.name}>
                <a href={`/workflows/new/${t.slug}`} class="prompt-link">
                  <span class="prompt-title">{t.name}</span>
                  {t.is_featured && <span class="badge">featured</span>}
                </a>
                <p class="muted">{t.description}</p>
                <h3>What you get</h3>
                <ul class="what-you-get">
                  {t.what_you_get.map((w) => <li key={w}>{w}</li>)}
                </ul>
                <dl class="stats">
                  <div>
                    <dt>Time</dt>
                    <dd>{t.estimated_minutes ? `~${t.estimated_minutes} min` : "–"}</dd>
                  </div>
                  <div>
                    <dt>Steps</dt>
                    <dd>{t.step_count}</dd>
                  </div>
                  <div>
                    <dt>Typical cost</dt>
                    <dd>{formatCost(profileCost(t.cost_profile, "typical"))}</dd>
                  </div>
                </dl>
                <a class="button primary" href={`/workflows/new/${t.slug}`}>
                  Start {t.name}
                </a>
              </li>
            ))}
          </ul>
        )}
      <MyRuns />
      <MyArtifacts />
    </main>
  );
}

type Run = components["schemas"]["WorkflowRun"];

/** Runs with their template, status (and why paused), gate, cost and start; whose, for an admin. */
export function RunsTable({ runs, label, users }: { runs: Run[]; label: string; users?: boolean }) {
  return <DataTable rows={runs} rowKey={(r) => r.id} label={label} columns={columns(users)} />;
}

const columns = (users?: boolean): Column<Run>[] => [
  { head: "Run", cell: (r) => <a href={`/workflows/runs/${r.id}`}>{r.display_name}</a> },
  { head: "Template", cell: (r) => r.template_name },
  ...(users ? [{ head: "User", cell: (r: Run) => r.user_id.slice(0, 8), class: "mono" }] : []),
  {
    head: "Status",
    cell: (r) => (
      <>
        <RunStatusBadge status={r.status} />
        {r.pause_reason && <div class="muted">{r.pause_reason}</div>}
      </>
    ),
  },
  {
    head: "Gate",
    cell: (r) => `${r.current_gate ?? "–"} (${r.gates_passed}/${r.total_gates} passed)`,
  },
  { head: "Cost", cell: (r) => formatCost(r.total_cost_usd) },
  { head: "Started", cell: (r) => formatDate(r.started_at ?? r.created_at) },
];

function MyRuns() {
  const pages = usePages(
    (cursor, signal) => api.get("/workflows/runs", { query: { limit: 20, cursor }, signal }),
    [],
  );
  return (
    <section aria-labelledby="my-runs-title">
      <h2 id="my-runs-title">My runs</h2>
      <PagedList
        pages={pages}
        loading="Loading your runs…"
        empty="No runs yet: start one from a template above."
      >
        {(items) => <RunsTable runs={items} label="My workflow runs" />}
      </PagedList>
    </section>
  );
}

/** Every file the user's runs produced, newest first, with the run that made it. */
function MyArtifacts() {
  const pages = usePages(
    (cursor, signal) => api.get("/workflows/artifacts", { query: { limit: 20, cursor }, signal }),
    [],
  );
  return (
    <section aria-labelledby="my-artifacts-title">
      <h2 id="my-artifacts-title">My artifacts</h2>
      <PagedList pages={pages} loading="Loading your artifacts…" empty="No artifacts yet.">
        {(items) => (
          <ArtifactTable
            items={items}
            columns={[
              {
                head: "Run",
                cell: (a) => <a href={`/workflows/runs/${a.run_id}`}>{a.run_name}</a>,
              },
              { head: "Gate", cell: (a) => `${a.gate_id} · attempt ${a.attempt}` },
              { head: "Made", cell: (a) => formatDate(a.created_at) },
            ]}
          />
        )}
      </PagedList>
    </section>
  );
}
