import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { type DiffPart, normalizeDiff } from "../lib/diff_parts.ts";
import { api } from "../lib/session.ts";
import type { Version } from "../lib/types.ts";
import { cleanVariable, syncVariables } from "../lib/variables.ts";
import { DiffView } from "./DiffView.tsx";
import { Loading } from "./States.tsx";

interface Suggestion {
  content: string;
  summary: string | null;
  notes: string[];
  /** The server's diff from the base version to the suggestion. */
  parts: DiffPart[];
}

/** Reads the improve answer, whichever of the usual names it puts the new text under. */
export function readSuggestion(body: unknown): Suggestion | null {
  const b = (body ?? {}) as Record<string, unknown>;
  const inner = (b.suggestion && typeof b.suggestion === "object" ? b.suggestion : b) as Record<
    string,
    unknown
  >;
  const content = [inner.content, inner.improved_content, inner.improved, b.content]
    .find((x) => typeof x === "string") as string | undefined;
  if (content === undefined) return null;
  const rawNotes = inner.notes ?? inner.suggestions ?? inner.changes ?? b.notes;
  const notes = Array.isArray(rawNotes)
    ? rawNotes.map((n) => (typeof n === "string" ? n : JSON.stringify(n)))
    : typeof rawNotes === "string"
    ? [rawNotes]
    : [];
  const summary = [inner.summary, b.summary].find((x) => typeof x === "string") as
    | string
    | undefined;
  const warnings = (b.warnings ?? {}) as {
    missing_variables?: string[];
    added_variables?: string[];
  };
  if (warnings.missing_variables?.length) {
    notes.push(`Drops variables: ${warnings.missing_variables.join(", ")}`);
  }
  if (warnings.added_variables?.length) {
    notes.push(`Adds variables: ${warnings.added_variables.join(", ")}`);
  }
  const diff = (b.diff ?? {}) as { words?: unknown; lines?: unknown };
  const parts = normalizeDiff(diff.words ?? diff.lines ?? []);
  return { content, summary: summary ?? null, notes, parts };
}

/** Asks for an improved text, shows it as a diff against the current version, saves it. */
export default function ImprovePanel(
  { promptId, version, onSaved }: {
    promptId: string;
    version: Version;
    onSaved: (v: Version) => void;
  },
) {
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [instructions, setInstructions] = useState("");

  async function ask() {
    setBusy(true);
    setError(null);
    try {
      const s = readSuggestion(
        await api.post(`/prompts/${promptId}/improve`, {
          version_id: version.id,
          ...(instructions.trim() ? { instructions: instructions.trim() } : {}),
        }),
      );
      if (!s) throw new Error("The suggestion came back without text.");
      setSuggestion(s);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function save() {
    if (!suggestion) return;
    setBusy(true);
    try {
      const v = await api.post<Version>(`/prompts/${promptId}/versions`, {
        content: suggestion.content,
        variables: syncVariables(suggestion.content, version.variables).map(cleanVariable),
        model_config: version.model_config,
        summary: suggestion.summary ?? "Improvement suggestion",
        source: "improve",
      });
      setSuggestion(null);
      onSaved(v);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card stack" aria-labelledby="improve-title">
      <h2 id="improve-title">Improve</h2>
      <p class="muted">
        Get a suggested rewrite of v{version.version_number}, review it, save it as a new version.
      </p>
      {!suggestion && (
        <label class="field">
          <span class="field-label">Instructions (optional)</span>
          <input
            maxLength={2000}
            placeholder="e.g. make it more concise"
            value={instructions}
            onInput={(e) => setInstructions(e.currentTarget.value)}
          />
        </label>
      )}
      {!suggestion && (
        <div class="actions">
          <button type="button" onClick={ask} disabled={busy}>
            {busy ? "Thinking…" : "Suggest improvements"}
          </button>
        </div>
      )}
      {busy && !suggestion && <Loading label="Asking for suggestions…" />}
      {error && <p class="field-error" role="alert">{error}</p>}
      {suggestion && (
        <>
          {suggestion.notes.length > 0 && (
            <ul>{suggestion.notes.map((n, i) => <li key={i}>{n}</li>)}</ul>
          )}
          {suggestion.parts.length
            ? (
              <DiffView
                parts={suggestion.parts}
                fromLabel={`v${version.version_number}`}
                toLabel="Suggested"
              />
            )
            : <pre class="diff-text">{suggestion.content}</pre>}
          <div class="actions">
            <button type="button" onClick={() => setSuggestion(null)}>Discard</button>
            <button type="button" class="primary" onClick={save} disabled={busy}>
              Save as new version
            </button>
          </div>
        </>
      )}
    </section>
  );
}
