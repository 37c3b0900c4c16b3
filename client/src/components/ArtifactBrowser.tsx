import { useState } from "preact/hooks";
import type { components } from "../lib/api_schema.ts";
import { errorMessage } from "../lib/api.ts";
import { codeBlock, markdown, pretty } from "../lib/markdown.ts";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import { Empty, ErrorNotice, Loading } from "./States.tsx";

type Artifact = components["schemas"]["WorkflowArtifact"];

/** The download route needs the caller's token, so the file is fetched and saved from a blob. */
async function download(a: Artifact) {
  const res = await api.send("get", "/workflows/artifacts/{id}/download", { path: { id: a.id } });
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = a.file_name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
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

/** The files a run produced: each opens here (Markdown rendered, code highlighted) or downloads. */
export function ArtifactBrowser({ runId, version }: { runId: string; version: string }) {
  const list = useResource(
    (signal) => api.get("/workflows/runs/{id}/artifacts", { path: { id: runId }, signal }),
    [runId, version],
  );
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (list.error) return <ErrorNotice error={list.error} retry={list.reload} />;
  if (!list.data) return <Loading label="Loading the artifacts…" />;
  if (!list.data.items.length) return <Empty>No artifacts yet.</Empty>;
  return (
    <div class="stack">
      <table class="runs-table" aria-label="Artifacts">
        <tbody>
          {list.data.items.map((a) => (
            <tr key={a.id} aria-current={a.id === open ? "true" : undefined}>
              <td>
                <button
                  type="button"
                  class="link"
                  onClick={() =>
                    setOpen(a.id)}
                >
                  {a.file_path}
                </button>
              </td>
              <td>{a.gate_id} · attempt {a.attempt}</td>
              <td>{a.size_bytes} B</td>
              <td>
                <button
                  type="button"
                  aria-label={`Download ${a.file_name}`}
                  onClick={() =>
                    download(a).catch((e) => setError(errorMessage(e)))}
                >
                  Download
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p class="field-error" role="alert">{error}</p>}
      {open && <ArtifactView id={open} />}
    </div>
  );
}
