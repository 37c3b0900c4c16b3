import { useState } from "preact/hooks";
import type { components } from "../lib/api_schema.ts";
import { errorMessage } from "../lib/api.ts";
import { codeBlock, markdown, pretty } from "../lib/markdown.ts";
import { api } from "../lib/session.ts";
import { saveBlob } from "../lib/download.ts";
import { useResource } from "../lib/use_resource.ts";
import { type Column, DataTable } from "./DataTable.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";

type Artifact = components["schemas"]["WorkflowArtifact"];

async function download(a: Pick<Artifact, "id" | "file_name">) {
  const res = await api.send("get", "/workflows/artifacts/{id}/download", { path: { id: a.id } });
  saveBlob(await res.blob(), a.file_name);
}

function ArtifactView({ id }: { id: string }) {
  const a = useResource(
    (signal) => api.get("/workflows/artifacts/{id}", { path: { id }, signal }),
    [
      id,
    ],
  );
  if (a.error) return <ErrorNotice error={a.error} retry={a.reload} />;
  if (!a.data) return <Loading label="Opening the artifact…" />;
  const { content, content_type: type } = a.data;
  return (
    <article class="artifact-view" aria-label={a.data.file_path}>
      <h3>
        {a.data.file_path} <span class="muted">{type}</span>
      </h3>
      {type === "text/markdown" ? <div class="markdown">{markdown(content)}</div> : codeBlock(
        type.includes("json") ? pretty(content) : content,
        type.split("/")[1],
      )}
    </article>
  );
}

/**
 * Artifacts as a table: each opens under it (Markdown rendered, code highlighted) or downloads;
 * `columns` come before the size (the gate that wrote it, or the run).
 */
export function ArtifactTable<T extends Artifact>(
  { items, columns }: { items: readonly T[]; columns: Column<T>[] },
) {
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div class="stack">
      <DataTable
        rows={items}
        rowKey={(a) => a.id}
        label="Artifacts"
        columns={[
          {
            head: "File",
            cell: (a) => (
              <button type="button" class="link" onClick={() => setOpen(a.id)}>
                {a.file_path}
              </button>
            ),
          },
          ...columns,
          { head: "Size", cell: (a) => `${a.size_bytes.toLocaleString("en-US")} B`, class: "num" },
          {
            cell: (a) => (
              <button
                type="button"
                aria-label={`Download ${a.file_name}`}
                onClick={() => download(a).catch((e) => setError(errorMessage(e)))}
              >
                Download
              </button>
            ),
          },
        ]}
      />
      {error && <p class="field-error" role="alert">{error}</p>}
      {open && <ArtifactView id={open} />}
    </div>
  );
}

/** The files a run produced, each with the gate and attempt that wrote it. */
export function ArtifactBrowser({ runId, version }: { runId: string; version: string }) {
  const list = useResource(
    (signal) => api.get("/workflows/runs/{id}/artifacts", { path: { id: runId }, signal }),
    [runId, version],
  );
  if (list.error) return <ErrorNotice error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading label="Loading the artifacts…" />;
  if (!list.data.items.length) return <Empty>No artifacts yet.</Empty>;
  return (
    <ArtifactTable
      items={list.data.items}
      columns={[{ head: "Gate", cell: (a) => `${a.gate_id} · attempt ${a.attempt}` }]}
    />
  );
}
