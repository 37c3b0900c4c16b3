import { useRef, useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import {
  describeConfig,
  emptyForm,
  formOf,
  typeLabels,
  type Validator,
} from "../lib/validators.ts";
import { ConfirmButton } from "./ConfirmDialog.tsx";
import { type Column, DataTable } from "./DataTable.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";
import { ValidatorForm } from "./ValidatorForm.tsx";

/**
 * A prompt's output checks (the API's validators): every run applies the enabled ones, and its
 * result shows each verdict. Listed with an on/off switch, edited in place, deleted after a
 * confirmation, and added with a form that fits each type.
 */
export default function ValidatorsTab({ promptId }: { promptId: string }) {
  const list = useResource(
    (signal) => api.get("/prompts/{id}/validators", { path: { id: promptId }, signal }),
    [promptId],
  );
  const [editing, setEditing] = useState<string | null>(null);
  // A switch shows its new state while its PATCH is out.
  const [switching, setSwitching] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const items = list.data?.items ?? [];
  const edited = items.find((v) => v.id === editing);
  // Each answer is applied to the list as it is when the answer comes, not as it was when its
  // request left, so two requests out at once (two switches) both stay applied.
  const latest = useRef(items);
  latest.current = items;
  const update = (change: (all: Validator[]) => Validator[]) =>
    list.set({ items: change(latest.current) });
  const replace = (saved: Validator) =>
    update((all) => all.map((v) => v.id === saved.id ? saved : v));

  async function toggle(v: Validator, enabled: boolean) {
    setError(null);
    setSwitching((m) => new Map(m).set(v.id, enabled));
    try {
      replace(await api.patch("/validators/{id}", { path: { id: v.id }, body: { enabled } }));
    } catch (e) {
      setError(`${v.name}: ${errorMessage(e)}`);
    } finally {
      setSwitching((m) => {
        const rest = new Map(m);
        rest.delete(v.id);
        return rest;
      });
    }
  }

  const columns: Column<Validator>[] = [
    { head: "Name", cell: (v) => <strong>{v.name}</strong> },
    { head: "Type", cell: (v) => typeLabels[v.type] },
    { head: "Checks that the output…", cell: (v) => describeConfig(v.type, v.config) },
    {
      head: "Enabled",
      cell: (v) => (
        <input
          type="checkbox"
          aria-label={`Enabled: ${v.name}`}
          checked={switching.get(v.id) ?? v.enabled}
          disabled={switching.has(v.id)}
          onChange={(e) => toggle(v, e.currentTarget.checked)}
        />
      ),
    },
    {
      cell: (v) => (
        <span class="row-actions">
          <button
            type="button"
            aria-label={`Edit check ${v.name}`}
            onClick={() => setEditing(v.id)}
          >
            Edit
          </button>
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete check ${v.name}`}
            title={`Delete the check “${v.name}”?`}
            confirmLabel="Delete check"
            action={async () => {
              await api.del("/validators/{id}", { path: { id: v.id } });
              update((all) => all.filter((x) => x.id !== v.id));
            }}
          >
            <p>Later runs are no longer checked by it; runs already made keep their results.</p>
          </ConfirmButton>
        </span>
      ),
    },
  ];

  return (
    // The list takes the full width: a check's summary and its buttons need the room.
    <div>
      <section class="card stack" aria-labelledby="checks-title">
        <h2 id="checks-title">Checks</h2>
        <p class="muted">
          Every run of this prompt checks its output with the enabled checks; the run result shows
          which passed.
        </p>
        {list.error ? <ErrorNotice error={list.error} retry={list.reload} /> : null}
        {!list.data && !list.error && <Loading label="Loading checks…" />}
        {list.data && items.length === 0 && (
          <Empty>No checks yet: add one, and every later run is checked.</Empty>
        )}
        {items.length > 0 && (
          <DataTable
            rows={items}
            columns={columns}
            rowKey={(v) => v.id}
            label="Checks"
          />
        )}
        {error && <p class="field-error" role="alert">{error}</p>}
        {edited && (
          <div class="check-edit stack">
            <h3>Edit “{edited.name}”</h3>
            <ValidatorForm
              key={edited.id}
              initial={formOf(edited)}
              label="Edit check"
              submitLabel="Save check"
              save={async (body) => {
                replace(await api.patch("/validators/{id}", { path: { id: edited.id }, body }));
                setEditing(null);
              }}
              onCancel={() => setEditing(null)}
            />
          </div>
        )}
      </section>
      <section class="card stack" aria-labelledby="new-check-title">
        <h2 id="new-check-title">Add a check</h2>
        <ValidatorForm
          initial={emptyForm()}
          label="New check"
          submitLabel="Add check"
          save={async (body) => {
            const path = { id: promptId };
            const created = await api.post("/prompts/{id}/validators", { path, body });
            update((all) => [...all, created]);
          }}
        />
      </section>
    </div>
  );
}
