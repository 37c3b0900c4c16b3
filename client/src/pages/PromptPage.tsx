import { useEffect, useState } from "preact/hooks";
import { lazy, useLocation, useRoute } from "preact-iso";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { NewVersionForm } from "../components/NewVersionForm.tsx";
import { PromptAnswers } from "../components/PromptAnswers.tsx";
import { PromptDetailsForm } from "../components/PromptDetailsForm.tsx";
import { RunPanel } from "../components/RunPanel.tsx";
import { ErrorNotice, Loading } from "../components/States.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { TagList } from "../components/TagList.tsx";
import { VersionContent } from "../components/VersionContent.tsx";
import { errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import { loadCatalogs } from "../lib/store.ts";
import { sharingPages } from "./sharing_pages.ts";
import { useResource } from "../lib/use_resource.ts";

// The diff views (and jsdiff for suggestions) load only when a tab needs them.
const VersionHistory = lazy(() => import("../components/VersionHistory.tsx"));
const ImprovePanel = lazy(() => import("../components/ImprovePanel.tsx"));
// Sharing settings load when the Share tab opens.
const ShareSection = lazy(() => sharingPages().then((m) => m.ShareSection));
// Labels, their history and the code snippets load when their tab opens.
const LabelsTab = lazy(() => import("../components/LabelsTab.tsx"));
// Output checks (the API's validators) and their forms load when their tab opens.
const ValidatorsTab = lazy(() => import("../components/ValidatorsTab.tsx"));

type Tab = "edit" | "history" | "run" | "checks" | "labels" | "share";
const tabs: { id: Tab; label: string }[] = [
  { id: "edit", label: "Edit" },
  { id: "history", label: "History" },
  { id: "run", label: "Run" },
  { id: "checks", label: "Checks" },
  { id: "labels", label: "Labels & API" },
  { id: "share", label: "Share" },
];

export function PromptPage() {
  const { params } = useRoute();
  const { route, query } = useLocation();
  // The route is /prompts/:id: the parameter is always there.
  const id = params.id ?? "";
  const tab = (tabs.find((t) => t.id === query.tab)?.id ?? "edit") as Tab;
  const prompt = useResource(
    (signal) => api.get("/prompts/{id}", { path: { id }, signal }),
    [id],
  );
  const [revision, setRevision] = useState(0);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const p = prompt.data;

  useEffect(() => {
    if (p) document.title = `${p.title} · Promptline`;
  }, [p?.title]);

  const refresh = () => {
    prompt.reload();
    setRevision((r) => r + 1);
  };

  async function remove() {
    try {
      await api.del("/prompts/{id}", { path: { id } });
      void loadCatalogs();
      route(p?.catalog_id ? `/?catalog=${p.catalog_id}` : "/");
    } catch (e) {
      setDeleteError(errorMessage(e));
    }
  }

  if (prompt.loading && !p) {
    return (
      <main class="page">
        <Loading label="Loading prompt…" />
      </main>
    );
  }
  if (prompt.error) {
    return (
      <main class="page">
        <ErrorNotice error={prompt.error} retry={prompt.reload} />
      </main>
    );
  }
  if (!p) return null;
  const v = p.current_version;

  return (
    <main class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/">Library</a>
        {p.catalog && (
          <>
            / <a href={`/?catalog=${p.catalog.id}`}>{p.catalog.name}</a>
          </>
        )}
      </nav>
      <div class="toolbar">
        <h1>{p.title}</h1>
        <StatusBadge status={p.status} />
        <span class="muted">{v ? `v${v.version_number} of ${p.version_count}` : "no version"}</span>
        <code title="Name">{p.name}</code>
        <button type="button" class="danger subtle" onClick={() => setConfirmDelete(true)}>
          Delete
        </button>
      </div>
      <TagList tags={p.tags.map((t) => t.name)} />
      <PromptAnswers promptId={id} />
      <div role="tablist" aria-label="Prompt" class="tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            onClick={() => route(`/prompts/${id}?tab=${t.id}`, true)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tabs.find((t) => t.id === tab)?.label}>
        {tab === "edit" && (
          <div class="two-col">
            <PromptDetailsForm key={`d${revision}`} prompt={p} onSaved={refresh} />
            <NewVersionForm key={`v${v?.id}`} promptId={id} current={v} onSaved={refresh} />
          </div>
        )}
        {tab === "history" && (
          <VersionHistory key={revision} promptId={id} labels={p.labels} onRestored={refresh} />
        )}
        {tab === "run" && v && (
          <div class="two-col run-layout">
            <div>
              <details class="card">
                <summary>{v.messages ? "Prompt messages" : "Prompt text"}</summary>
                <VersionContent version={v} />
              </details>
              <RunPanel key={v.id} promptId={id} version={v} />
            </div>
            <ImprovePanel key={v.id} promptId={id} version={v} onSaved={refresh} />
          </div>
        )}
        {tab === "checks" && <ValidatorsTab promptId={id} />}
        {tab === "labels" && <LabelsTab prompt={p} onChanged={prompt.reload} />}
        {tab === "share" && <ShareSection promptId={id} />}
      </div>
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete “${p.title}”?`}
          confirmLabel="Delete prompt"
          danger
          onConfirm={remove}
          onCancel={() => setConfirmDelete(false)}
        >
          <p>This deletes the prompt with its {p.version_count} version(s) and its runs.</p>
          {deleteError && <p class="field-error" role="alert">{deleteError}</p>}
        </ConfirmDialog>
      )}
    </main>
  );
}
