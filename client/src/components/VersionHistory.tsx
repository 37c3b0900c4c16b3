import { useEffect, useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { normalizeDiff } from "../lib/diff_parts.ts";
import { formatDate } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import type { PromptLabel, VersionListItem } from "../lib/types.ts";
import { usePages } from "../lib/use_pages.ts";
import { useResource } from "../lib/use_resource.ts";
import { DiffView } from "./DiffView.tsx";
import { LoadMore } from "./LoadMore.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";

/**
 * Every version with its labels (100 at a time, newest first), a diff between any two loaded, and
 * restore (adds a new version).
 */
export default function VersionHistory(
  { promptId, labels, onRestored }: {
    promptId: string;
    labels: PromptLabel[];
    onRestored: () => void;
  },
) {
  const versions = usePages(
    (cursor, signal) =>
      api.get("/prompts/{id}/versions", {
        path: { id: promptId },
        query: { limit: 100, cursor },
        signal,
      }),
    [promptId],
  );
  const items = versions.items ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  useEffect(() => {
    const [newest, previous = newest] = items;
    if (newest && previous && (from === null || to === null)) {
      setTo(newest.version_number);
      setFrom(previous.version_number);
    }
  }, [versions.items]);

  const diff = useResource(
    (signal) =>
      from !== null && to !== null
        ? api.get("/prompts/{id}/diff", {
          path: { id: promptId },
          query: { from: String(from), to: String(to) },
          signal,
        })
        : Promise.resolve(null),
    [promptId, from, to],
  );

  async function restore(v: VersionListItem) {
    setRestoreError(null);
    try {
      const created = await api.post("/prompts/{id}/versions/{vid}/restore", {
        path: { id: promptId, vid: v.id },
      });
      versions.reload();
      setFrom(v.version_number);
      setTo(created.version_number);
      onRestored();
    } catch (e) {
      setRestoreError(errorMessage(e));
    }
  }

  if (versions.error && !versions.items) {
    return <ErrorNotice error={versions.error} retry={versions.reload} />;
  }
  if (!versions.items) return <Loading label="Loading versions…" />;
  if (!items.length) return <Empty>No versions yet.</Empty>;

  const picker = (label: string, value: number | null, set: (n: number) => void) => (
    <label class="field field-inline">
      <span class="field-label">{label}</span>
      <select value={value ?? ""} onChange={(e) => set(Number(e.currentTarget.value))}>
        {items.map((v) => <option key={v.id} value={v.version_number}>v{v.version_number}</option>)}
      </select>
    </label>
  );

  return (
    <div class="history">
      <section class="card" aria-labelledby="compare-title">
        <h2 id="compare-title">Compare versions</h2>
        <div class="filters">
          {picker("From", from, setFrom)}
          {picker("To", to, setTo)}
        </div>
        {diff.loading && <Loading label="Comparing…" />}
        {diff.error ? <ErrorNotice error={diff.error} retry={diff.reload} /> : null}
        {diff.data && (
          <>
            <DiffView
              parts={normalizeDiff(diff.data.words)}
              lines={normalizeDiff(diff.data.lines)}
              fromLabel={`v${from}`}
              toLabel={`v${to}`}
            />
            {diff.data.changed.includes("variables") && (
              <details>
                <summary>Variables changed</summary>
                <DiffView parts={normalizeDiff(diff.data.variables)} />
              </details>
            )}
          </>
        )}
      </section>
      <section class="card" aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        {restoreError && <p class="field-error" role="alert">{restoreError}</p>}
        <ol class="version-list">
          {items.map((v) => (
            <li key={v.id} class="version-item">
              <div>
                <strong>v{v.version_number}</strong>
                {v.is_current && <span class="badge">current</span>}
                {labels.filter((l) => l.version_number === v.version_number).map((l) => (
                  <span key={l.label} class="badge">{l.label}</span>
                ))}
                {v.source === "restore" && (
                  <span class="muted">restored from v{v.restored_from_version}</span>
                )}
                <p class="muted">{v.summary ?? "No summary"} · {formatDate(v.created_at)}</p>
              </div>
              {!v.is_current && (
                <button
                  type="button"
                  onClick={() => restore(v)}
                  aria-label={`Restore v${v.version_number}`}
                >
                  Restore
                </button>
              )}
            </li>
          ))}
        </ol>
        <LoadMore pages={versions} />
      </section>
    </div>
  );
}
