import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import { readSuggestion, type Suggestion } from "../lib/suggestion.ts";
import type { Version } from "../lib/types.ts";
import { cleanVariable, syncVariables } from "../lib/variables.ts";
import { DiffView } from "./DiffView.tsx";
import { Loading } from "./States.tsx";

/** Asks for an improved text, shows it as a diff against the current version, saves it. */
export default function ImprovePanel(
  { promptId, version, onSaved }: {
    promptId: string;
    version: Version;
    onSaved: () => void;
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
      const body = await api.post("/prompts/{id}/improve", {
        path: { id: promptId },
        body: {
          version_id: version.id,
          ...(instructions.trim() ? { instructions: instructions.trim() } : {}),
        },
      });
      setSuggestion(readSuggestion(body));
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
      await api.post("/prompts/{id}/versions", {
        path: { id: promptId },
        body: {
          content: suggestion.content,
          variables: syncVariables(suggestion.content, version.variables).map(
            cleanVariable,
          ),
          model_config: version.model_config,
          summary: suggestion.summary || "Improvement suggestion",
          source: "improve",
        },
      });
      setSuggestion(null);
      onSaved();
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
          {suggestion.omitted && <p class="muted">No diff shown: {suggestion.omitted}</p>}
          {suggestion.parts.length
            ? (
              <DiffView
                parts={suggestion.parts}
                lines={suggestion.lines}
                fromLabel={`v${version.version_number}`}
                toLabel="Suggested"
              />
            )
            : <pre class="diff-text">{suggestion.content}</pre>}
          <div class="actions">
            <button type="button" onClick={() => setSuggestion(null)}>
              Discard
            </button>
            <button
              type="button"
              class="primary"
              onClick={save}
              disabled={busy}
            >
              Save as new version
            </button>
          </div>
        </>
      )}
    </section>
  );
}
