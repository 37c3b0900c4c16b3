import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { Field } from "../components/Field.tsx";
import { NameField } from "../components/NameField.tsx";
import { parseTags } from "../lib/tags.ts";
import {
  draftOf,
  versionBody,
  type VersionDraft,
  VersionEditor,
} from "../components/VersionEditor.tsx";
import { errorMessage, type FieldErrors } from "../lib/api.ts";
import { promptFieldErrors } from "../lib/prompt_name.ts";
import { api } from "../lib/session.ts";
import { catalogs, loadCatalogs, loadTags } from "../lib/store.ts";
import type { PromptStatus } from "../lib/types.ts";
import { promptStatuses } from "../lib/types.ts";

export function NewPromptPage() {
  const { query, route } = useLocation();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [catalogId, setCatalogId] = useState(query.catalog ?? "");
  const [status, setStatus] = useState<PromptStatus>("draft");
  const [tagText, setTagText] = useState("");
  const [draft, setDraft] = useState<VersionDraft>(() => draftOf(null));
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const created = await api.post("/prompts", {
        body: {
          title,
          name: name || undefined,
          description: description || null,
          catalog_id: catalogId || null,
          status,
          tags: parseTags(tagText),
          ...versionBody(draft),
          summary: "First version",
        },
      });
      void loadCatalogs();
      void loadTags();
      route(`/prompts/${created.id}`);
    } catch (e) {
      setErrors(promptFieldErrors(e));
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <main class="page narrow">
      <form onSubmit={submit} class="stack" aria-labelledby="new-title">
        <h1 id="new-title">New prompt</h1>
        <Field label="Title" error={errors.title}>
          <input
            required
            maxLength={300}
            value={title}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
        </Field>
        <NameField value={name} onInput={setName} error={errors.name} />
        <div class="row">
          <Field label="Catalog" error={errors.catalog_id}>
            <select value={catalogId} onChange={(e) => setCatalogId(e.currentTarget.value)}>
              <option value="">No catalog</option>
              {(catalogs.value ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
            </select>
          </Field>
          <Field label="Status" error={errors.status}>
            <select
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value as PromptStatus)}
            >
              {promptStatuses.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </Field>
        </div>
        <Field label="Description" error={errors.description}>
          <textarea
            rows={2}
            maxLength={2000}
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </Field>
        <Field label="Tags" hint="Comma separated" error={errors.tags}>
          <input value={tagText} onInput={(e) => setTagText(e.currentTarget.value)} />
        </Field>
        <VersionEditor draft={draft} onChange={setDraft} errors={errors} />
        {error && <p class="field-error" role="alert">{error}</p>}
        <div class="actions">
          <a class="button" href={catalogId ? `/?catalog=${catalogId}` : "/"}>Cancel</a>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? "Creating…" : "Create prompt"}
          </button>
        </div>
      </form>
    </main>
  );
}
