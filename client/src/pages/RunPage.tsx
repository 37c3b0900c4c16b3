// /runs/:id: one run in full: its outcome (as the Run tab shows it), what it ran and how, the
// variables and the prompt or messages sent, and its log lines.
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { useRoute } from "preact-iso";
import { DataTable } from "../components/DataTable.tsx";
import { RunResult } from "../components/RunResult.tsx";
import { Empty, ErrorNotice, Loading } from "../components/States.tsx";
import { ApiFailure } from "../lib/api.ts";
import { formatDate } from "../lib/format.ts";
import { type LogRow, logRows, runSubject, variableRows } from "../lib/run_detail.ts";
import { api } from "../lib/session.ts";
import type { components } from "../lib/api_schema.ts";
import type { Run } from "../lib/types.ts";

type RunDetail = components["schemas"]["RunDetail"];
import { useResource } from "../lib/use_resource.ts";
import { NotFoundPage } from "./NotFoundPage.tsx";

const logColumns = [
  {
    head: "Time",
    cell: (l: LogRow) => <time dateTime={l.at} title={formatDate(l.at)}>{l.offset}</time>,
    class: "num",
  },
  { head: "Level", cell: (l: LogRow) => <span class={`badge badge-${l.level}`}>{l.level}</span> },
  { head: "Message", cell: (l: LogRow) => l.message },
  { head: "Data", cell: (l: LogRow) => <code class="run-text">{l.data}</code> },
];

function Stat({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Details({ run }: { run: RunDetail }) {
  const subject = runSubject(run);
  const version = run.version_number;
  return (
    <section class="card" aria-label="Run details">
      <dl class="stats">
        <Stat term="Prompt">
          {subject.href ? <a href={subject.href}>{subject.text}</a> : subject.text}
        </Stat>
        {run.version_id && (
          <Stat term="Version">
            {version
              ? <a href={`/prompts/${run.prompt_id}?tab=history`}>v{version}</a>
              : "a version"}
            {run.label ? ` (${run.label})` : ""}
          </Stat>
        )}
        <Stat term="Provider">{run.provider_id ?? "–"}</Stat>
        <Stat term="Key">{run.key_source ?? "–"}</Stat>
        <Stat term="When">{formatDate(run.created_at)}</Stat>
        <Stat term="Finished">{formatDate(run.completed_at)}</Stat>
        <Stat term="Attempts">{run.attempts}</Stat>
        <Stat term="Validation">{run.validation_status ?? "–"}</Stat>
      </dl>
    </section>
  );
}

function Sent({ run }: { run: Run }) {
  const variables = variableRows(run.variables);
  return (
    <section class="card stack" aria-labelledby="sent-title">
      <h2 id="sent-title">Sent</h2>
      {variables.length > 0 && (
        <DataTable
          rows={variables}
          rowKey={(v) => v.name}
          label="Variables"
          columns={[
            { head: "Variable", cell: (v) => <code>{v.name}</code> },
            { head: "Value", cell: (v) => <span class="run-text">{v.value}</span> },
          ]}
        />
      )}
      {run.resolved_messages
        ? (
          <ol class="chat-messages" aria-label="Messages sent">
            {run.resolved_messages.map((m, i) => (
              <li key={i}>
                <strong>{m.role}</strong>
                <pre class="run-output">{m.content}</pre>
              </li>
            ))}
          </ol>
        )
        : run.resolved_prompt !== null
        ? <pre class="run-output" aria-label="Prompt sent">{run.resolved_prompt}</pre>
        : <Empty>Nothing was sent.</Empty>}
    </section>
  );
}

export function RunPage() {
  const id = useRoute().params.id ?? "";
  const run = useResource((signal) => api.get("/runs/{id}", { path: { id }, signal }), [id]);
  const r = run.data;

  useEffect(() => {
    document.title = "Run · Promptline";
  }, []);

  // 422: an id no run ever had.
  if (run.error instanceof ApiFailure && [404, 422].includes(run.error.status)) {
    return <NotFoundPage />;
  }
  return (
    <main class="page">
      <div class="toolbar">
        <h1>Run</h1>
        <a href="/runs">← All runs</a>
      </div>
      {run.error
        ? <ErrorNotice error={run.error} retry={run.reload} />
        : !r
        ? <Loading label="Loading the run…" />
        : (
          <>
            <RunResult run={r} streamed="" running={false} />
            <Details run={r} />
            <Sent run={r} />
            <section class="card stack" aria-labelledby="log-title">
              <h2 id="log-title">Log</h2>
              {r.logs.length
                ? (
                  <DataTable
                    rows={logRows(r.logs)}
                    rowKey={(l) => l.id}
                    columns={logColumns}
                    label="Run log"
                  />
                )
                : <Empty>No log lines (a run still going writes them when it ends).</Empty>}
            </section>
          </>
        )}
    </main>
  );
}
