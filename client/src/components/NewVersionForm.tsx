import { useState } from "preact/hooks";
import { ApiFailure, errorMessage, type FieldErrors } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import type { Version } from "../lib/types.ts";
import { Field } from "./Field.tsx";
import { draftOf, versionBody, type VersionDraft, VersionEditor } from "./VersionEditor.tsx";

/** Edits start from the current version; saving makes a new version (versions never change). */
export function NewVersionForm(
  { promptId, current, onSaved }: {
    promptId: string;
    current: Version | null;
    onSaved: () => void;
  },
) {
  const [draft, setDraft] = useState<VersionDraft>(() => draftOf(current));
  const [summary, setSummary] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const unchanged = current !== null &&
    JSON.stringify(versionBody(draft)) === JSON.stringify(versionBody(draftOf(current)));

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await api.post("/prompts/{id}/versions", {
        path: { id: promptId },
        body: {
          ...versionBody(draft),
          model_config: current?.model_config ?? {},
          summary: summary || null,
        },
      });
      setSummary("");
      onSaved();
    } catch (e) {
      if (e instanceof ApiFailure) setErrors(e.fields);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card stack" onSubmit={submit} aria-label="Edit content">
      <h2>Content {current && <span class="muted">(editing v{current.version_number})</span>}</h2>
      <VersionEditor draft={draft} onChange={setDraft} errors={errors} />
      <Field label="Change summary" error={errors.summary} hint="What changed, for the history">
        <input
          maxLength={1000}
          value={summary}
          onInput={(e) => setSummary(e.currentTarget.value)}
        />
      </Field>
      {error && <p class="field-error" role="alert">{error}</p>}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || unchanged}>
          {busy ? "Saving…" : "Save as new version"}
        </button>
      </div>
    </form>
  );
}
