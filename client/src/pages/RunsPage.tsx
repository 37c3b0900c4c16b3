// /runs: every run of the caller, newest first, a page at a time: prompt runs, and the calls with
// no prompt (the /v1 gateway, the builder), filtered by status, kind, model and prompt in the
// address. Each run names its prompt as the API does (its title, when the caller may read it).
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { useLocation } from "preact-iso";
import { type Column, DataTable } from "../components/DataTable.tsx";
import { Filter, options } from "../components/Filter.tsx";
import { PagedList } from "../components/PagedList.tsx";
import {
  costColumn,
  latencyColumn,
  modelColumn,
  statusColumn,
  whenColumn,
} from "../components/RunColumns.tsx";
import { runKindValues, runStatusValues } from "../lib/api_schema.ts";
import { kindLabels, runFilters, runsPath, runSubject, tokenSummary } from "../lib/run_detail.ts";
import { api } from "../lib/session.ts";
import type { RunSummary } from "../lib/types.ts";
import { usePages } from "../lib/use_pages.ts";
import { useResource } from "../lib/use_resource.ts";

function SubjectCell({ run }: { run: RunSummary }) {
  const s = runSubject(run);
  return s.href ? <a href={s.href}>{s.text}</a> : <span class="muted">{s.text}</span>;
}

const columns: Column<RunSummary>[] = [
  whenColumn,
  { head: "Prompt", cell: (r) => <SubjectCell run={r} /> },
  statusColumn,
  modelColumn,
  latencyColumn,
  { head: "Tokens", cell: (r) => tokenSummary(r), class: "num" },
  costColumn,
];

export function RunsPage() {
  const { query, route } = useLocation();
  const filters = runFilters(query);
  const models = useResource((signal) => api.get("/models", { signal }), []);
  const runs = usePages(
    (cursor, signal) => api.get("/runs", { query: { ...filters, limit: 20, cursor }, signal }),
    [filters.status, filters.kind, filters.model, filters.prompt_id],
  );
  // A model filtered by in the address stays choosable once it is no longer offered.
  const modelIds = [
    ...new Set([...(models.data?.items.map((m) => m.id) ?? []), filters.model ?? ""]),
  ].filter(Boolean).sort();

  useEffect(() => {
    document.title = "Runs · Promptline";
  }, []);

  // Each filter is a parameter of the address (?status=&kind=&model=), read back as the list's.
  const filterBy: [label: string, param: string, value: string | undefined, ComponentChildren][] = [
    ["Status", "status", filters.status, options(runStatusValues)],
    [
      "Kind",
      "kind",
      filters.kind,
      runKindValues.map((k) => <option key={k} value={k}>{kindLabels[k]}</option>),
    ],
    ["Model", "model", filters.model, modelIds.map((id) => <option key={id}>{id}</option>)],
  ];
  return (
    <main class="page">
      <h1>Runs</h1>
      <section class="card stack" aria-labelledby="all-runs-title">
        <div class="toolbar">
          <h2 id="all-runs-title">All your runs</h2>
          <div class="row">
            {filterBy.map(([label, param, value, choices]) => (
              <Filter
                key={param}
                label={label}
                all="any"
                value={value ?? ""}
                onChange={(v) => route(runsPath(runFilters({ ...query, [param]: v })), true)}
              >
                {choices}
              </Filter>
            ))}
          </div>
        </div>
        {filters.prompt_id && (
          <p class="muted">
            Only one prompt's runs.{" "}
            <a href={runsPath({ ...filters, prompt_id: undefined })}>Show every prompt's</a>
          </p>
        )}
        <PagedList pages={runs} loading="Loading runs…" empty="No runs match.">
          {(items) => (
            <DataTable
              rows={items}
              rowKey={(r) => r.id}
              columns={columns}
              label="Runs"
            />
          )}
        </PagedList>
      </section>
    </main>
  );
}
