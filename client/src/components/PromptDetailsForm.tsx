import { useState } from "preact/hooks";
import { errorMessage, type FieldErrors } from "../lib/api.ts";
import { promptFieldErrors } from "../lib/prompt_name.ts";
import { api } from "../lib/session.ts";
import { catalogs, loadCatalogs, loadTags } from "../lib/store.ts";
import {
  type PromptDetail,
  type PromptStatus,
  promptStatuses,
  type PromptUpdate,
} from "../lib/types.ts";
import { Field } from "./Field.tsx";
import { FormMessage, type FormMessageState } from "./FormMessage.tsx";
import { NameField } from "./NameField.tsx";
import { parseTags } from "../lib/tags.ts";

/** Title, name, description, status, catalog and tags: the prompt itself, not its versions. */
export function PromptDetailsForm(
  { prompt, onSaved }: { prompt: PromptDetail; onSaved: () => void },
) {
  const [title, setTitle] = useState(prompt.title);
  const [name, setName] = useState(prompt.name);
  const [description, setDescription] = useState(prompt.description ?? "");
  const [status, setStatus] = useState<PromptStatus>(prompt.status);
  const [catalogId, setCatalogId] = useState(prompt.catalog_id ?? "");
  const [tagText, setTagText] = useState(prompt.tags.map((t) => t.name).join(", "));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<FormMessageState | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      const changes: PromptUpdate = {};
      if (title !== prompt.title) changes.title = title;
      if (name !== prompt.name) changes.name = name;
      if (description !== (prompt.description ?? "")) changes.description = description || null;
      if (status !== prompt.status) changes.status = status;
      if (catalogId !== (prompt.catalog_id ?? "")) changes.catalog_id = catalogId || null;
      const path = { id: prompt.id };
      if (Object.keys(changes).length) await api.patch("/prompts/{id}", { path, body: changes });
      const tags = parseTags(tagText);
      if (tags.join("\n") !== prompt.tags.map((t) => t.name).join("\n")) {
        await api.put("/prompts/{id}/tags", { path, body: { tags } });
        void loadTags();
      }
      if (changes.catalog_id !== undefined) void loadCatalogs();
      setMessage({ ok: true, text: "Saved." });
      onSaved();
    } catch (e) {
      setErrors(promptFieldErrors(e));
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card stack" onSubmit={submit} aria-label="Prompt details">
      <Field label="Title" error={errors.title}>
        <input
          required
          maxLength={300}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </Field>
      <NameField value={name} onInput={setName} error={errors.name} />
      <Field label="Description" error={errors.description}>
        <textarea
          rows={2}
          maxLength={2000}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
      </Field>
      <div class="row">
        <Field label="Status" error={errors.status}>
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as PromptStatus)}>
            {promptStatuses.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </Field>
        <Field label="Catalog" error={errors.catalog_id}>
          <select value={catalogId} onChange={(e) => setCatalogId(e.currentTarget.value)}>
            <option value="">No catalog</option>
            {(catalogs.value ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </Field>
      </div>
      <Field label="Tags" hint="Comma separated" error={errors.tags ?? errors["tags.0"]}>
        <input value={tagText} onInput={(e) => setTagText(e.currentTarget.value)} />
      </Field>
      <div class="actions">
        <FormMessage message={message} />
        <button type="submit" disabled={busy}>{busy ? "Saving…" : "Save details"}</button>
      </div>
    </form>
  );
}
