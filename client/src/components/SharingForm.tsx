import { useState } from "preact/hooks";
import { ApiFailure, errorMessage, type FieldErrors } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import { type SharingChoice, sharingUpdate } from "../lib/sharing.ts";
import {
  type GalleryCategory,
  type PromptSharing,
  visibilities,
  type Visibility,
} from "../lib/types.ts";
import { Field } from "./Field.tsx";

const visibilityLabel: Record<Visibility, [string, string]> = {
  private: ["Private", "only you"],
  unlisted: ["Unlisted", "anyone with the link; not in the gallery"],
  public: ["Public", "in the gallery, for everyone"],
};

/** Who may read the prompt, its gallery category, and whether readers see its history. */
export function SharingForm(
  { promptId, sharing, categories, onSaved }: {
    promptId: string;
    sharing: PromptSharing;
    categories: GalleryCategory[];
    onSaved: (s: PromptSharing) => void;
  },
) {
  const [choice, setChoice] = useState<SharingChoice>({
    visibility: sharing.visibility,
    category_id: sharing.category_id ?? "",
    show_history: sharing.show_history,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<SharingChoice>) => setChoice({ ...choice, ...change });

  async function submit(e: Event) {
    e.preventDefault();
    setMessage(null);
    const update = sharingUpdate(choice);
    setErrors(update.errors ?? {});
    if (update.errors) return;
    setBusy(true);
    try {
      onSaved(
        await api.patch("/prompts/{id}/sharing", { path: { id: promptId }, body: update.body }),
      );
      setMessage({ ok: true, text: "Saved." });
    } catch (e) {
      if (e instanceof ApiFailure) setErrors(e.fields);
      setMessage({ ok: false, text: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card stack" onSubmit={submit} aria-label="Sharing settings">
      <h2>Sharing</h2>
      <fieldset class="choices">
        <legend>Visibility</legend>
        {visibilities.map((v) => (
          <label key={v} class="choice">
            <input
              type="radio"
              name="visibility"
              value={v}
              checked={choice.visibility === v}
              onChange={() => set({ visibility: v })}
            />
            <strong>{visibilityLabel[v][0]}</strong>
            <span class="muted">{visibilityLabel[v][1]}</span>
          </label>
        ))}
      </fieldset>
      <Field label="Category" error={errors.category_id} hint="Required to publish">
        <select
          name="category_id"
          value={choice.category_id}
          onChange={(e) => set({ category_id: e.currentTarget.value })}
        >
          <option value="">Choose…</option>
          {categories.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
        </select>
      </Field>
      <Field label="Readers see the version history" inline>
        <input
          type="checkbox"
          name="show_history"
          checked={choice.show_history}
          onChange={(e) => set({ show_history: e.currentTarget.checked })}
        />
      </Field>
      {message && (
        <p class={message.ok ? "ok" : "field-error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>Save sharing</button>
      </div>
    </form>
  );
}
