import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { rollbackTarget } from "../lib/labels.ts";
import type { LabelMove, PromptLabel, VersionListItem } from "../lib/types.ts";
import { ConfirmButton } from "./ConfirmDialog.tsx";
import { Field } from "./Field.tsx";
import { Empty } from "./States.tsx";

/**
 * The prompt's labels: each points at a version; a label is moved (or made) by pointing it at
 * another version, rolled back in one click, or deleted.
 */
export function LabelsCard(
  { labels, history, versions, move, remove }: {
    labels: PromptLabel[];
    history: LabelMove[];
    versions: VersionListItem[];
    move: (label: string, version: number) => Promise<void>;
    remove: (label: string) => Promise<void>;
  },
) {
  const [label, setLabel] = useState("production");
  const [version, setVersion] = useState(versions[0]?.version_number ?? 1);
  const [error, setError] = useState<string | null>(null);
  const act = (f: () => Promise<void>) => async (e?: Event) => {
    e?.preventDefault();
    setError(null);
    try {
      await f();
    } catch (x) {
      setError(errorMessage(x));
    }
  };

  return (
    <section class="card stack" aria-labelledby="labels-title">
      <h2 id="labels-title">Labels</h2>
      {labels.length === 0 && <Empty>No labels yet: point production at a version.</Empty>}
      <ul class="key-list" aria-label="Labels">
        {labels.map((l) => {
          const back = rollbackTarget(history, l);
          return (
            <li key={l.label} class="key-item" data-label={l.label}>
              <span>
                <span class="badge">{l.label}</span> → v{l.version_number}
              </span>
              <span class="row">
                {back !== null && (
                  <button type="button" onClick={act(() => move(l.label, back))}>
                    Roll back {l.label} to v{back}
                  </button>
                )}
                <ConfirmButton
                  label="Delete"
                  ariaLabel={`Delete label ${l.label}`}
                  title={`Delete the label ${l.label}?`}
                  confirmLabel="Delete label"
                  action={() => remove(l.label)}
                >
                  <p>
                    Callers that run this prompt as <code>name@{l.label}</code>{" "}
                    get a 404 until the label is set again. Version {l.version_number} stays.
                  </p>
                </ConfirmButton>
              </span>
            </li>
          );
        })}
      </ul>
      <form
        class="row label-form"
        aria-label="Move a label"
        onSubmit={act(() => move(label, version))}
      >
        <Field label="Label" hint="production, staging or a new one">
          <input
            required
            list="label-names"
            maxLength={50}
            value={label}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
        </Field>
        <datalist id="label-names">
          <option value="production" />
          <option value="staging" />
        </datalist>
        <Field label="Version">
          <select value={version} onChange={(e) => setVersion(Number(e.currentTarget.value))}>
            {versions.map((v) => (
              <option key={v.id} value={v.version_number}>v{v.version_number}</option>
            ))}
          </select>
        </Field>
        <button type="submit">Move label</button>
      </form>
      {error && <p class="field-error" role="alert">{error}</p>}
    </section>
  );
}
