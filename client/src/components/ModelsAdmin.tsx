// The admin area's Models tab: every model with its prices, added, repriced, retired or made the
// system default here instead of in Studio. A new price is what the next runs are charged; runs
// already made keep theirs.
import { useState } from "preact/hooks";
import { ApiFailure, errorMessage } from "../lib/api.ts";
import { type components, modelTierValues } from "../lib/api_schema.ts";
import { formatPrice } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import { ConfirmButton } from "./ConfirmDialog.tsx";
import { type Column, DataTable } from "./DataTable.tsx";
import { Field } from "./Field.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";

type AdminModel = components["schemas"]["AdminModel"];
type Tier = AdminModel["tier"];

/** What the form holds: numbers as typed, so a half-typed price is not rewritten. */
interface ModelForm {
  id: string;
  provider_id: string;
  provider_model_id: string;
  display_name: string;
  tier: Tier;
  input: string;
  output: string;
  cached: string;
  context: string;
}

const blank: ModelForm = {
  id: "",
  provider_id: "",
  provider_model_id: "",
  display_name: "",
  tier: "low",
  input: "",
  output: "",
  cached: "",
  context: "",
};

const formOf = (m: AdminModel): ModelForm => ({
  id: m.id,
  provider_id: m.provider.id,
  provider_model_id: m.provider_model_id,
  display_name: m.display_name,
  tier: m.tier,
  input: String(m.prices.input_per_1k),
  output: String(m.prices.output_per_1k),
  cached: m.prices.cached_input_per_1k === null ? "" : String(m.prices.cached_input_per_1k),
  context: m.max_context_tokens === null ? "" : String(m.max_context_tokens),
});

/** The changes both forms send; an empty optional number is null (no cached price, no limit). */
const changesOf = (f: ModelForm) => ({
  display_name: f.display_name,
  tier: f.tier,
  input_per_1k: Number(f.input),
  output_per_1k: Number(f.output),
  cached_input_per_1k: f.cached.trim() === "" ? null : Number(f.cached),
  max_context_tokens: f.context.trim() === "" ? null : Number(f.context),
});

function ModelFields(
  { form, set, errors, isNew }: {
    form: ModelForm;
    set: (change: Partial<ModelForm>) => void;
    errors: Record<string, string>;
    isNew: boolean;
  },
) {
  const text = (key: keyof ModelForm, label: string, error: string, hint?: string) => (
    <Field label={label} error={errors[error]} hint={hint}>
      <input
        required={key !== "cached" && key !== "context"}
        inputMode={["input", "output", "cached", "context"].includes(key) ? "decimal" : undefined}
        value={form[key]}
        onInput={(e) =>
          set({ [key]: e.currentTarget.value })}
      />
    </Field>
  );
  return (
    <div class="row model-fields">
      {isNew && text("id", "Id", "id", "provider/model, e.g. openai/gpt-4.1-mini")}
      {isNew && text("provider_id", "Provider", "provider_id")}
      {isNew && text("provider_model_id", "Provider's model id", "provider_model_id")}
      {text("display_name", "Name", "display_name")}
      <Field label="Tier" error={errors.tier}>
        <select value={form.tier} onChange={(e) => set({ tier: e.currentTarget.value as Tier })}>
          {modelTierValues.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </Field>
      {text("input", "Input $/1k", "input_per_1k")}
      {text("output", "Output $/1k", "output_per_1k")}
      {text("cached", "Cached input $/1k", "cached_input_per_1k", "Empty: billed as input")}
      {text("context", "Context tokens", "max_context_tokens", "Empty: no limit")}
    </div>
  );
}

/** Sends the form; the API's field errors show at their inputs. */
function useModelForm(initial: ModelForm, send: (f: ModelForm) => Promise<void>) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    form,
    errors,
    error,
    busy,
    set: (change: Partial<ModelForm>) => setForm((f) => ({ ...f, ...change })),
    reset: () => setForm(initial),
    async submit(e: Event) {
      e.preventDefault();
      setBusy(true);
      setErrors({});
      setError(null);
      try {
        await send(form);
      } catch (x) {
        if (x instanceof ApiFailure && Object.keys(x.fields).length) setErrors(x.fields);
        else setError(errorMessage(x));
      } finally {
        setBusy(false);
      }
    },
  };
}

function EditModel(
  { model, onSaved, onCancel }: {
    model: AdminModel;
    onSaved: (m: AdminModel) => void;
    onCancel: () => void;
  },
) {
  const [provider, name] = model.id.split("/") as [string, string];
  const f = useModelForm(formOf(model), async (form) => {
    onSaved(
      await api.patch("/admin/models/{provider}/{name}", {
        path: { provider, name },
        body: changesOf(form),
      }),
    );
  });
  return (
    <form class="stack" onSubmit={f.submit} aria-label={`Edit ${model.id}`}>
      <ModelFields form={f.form} set={f.set} errors={f.errors} isNew={false} />
      {f.error && <p class="field-error" role="alert">{f.error}</p>}
      <div class="actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="submit" class="primary" disabled={f.busy}>Save prices</button>
      </div>
    </form>
  );
}

function NewModel({ onAdded }: { onAdded: (m: AdminModel) => void }) {
  const [open, setOpen] = useState(false);
  const f = useModelForm(blank, async (form) => {
    onAdded(
      await api.post("/admin/models", {
        body: {
          ...changesOf(form),
          id: form.id.trim(),
          provider_id: form.provider_id.trim(),
          provider_model_id: form.provider_model_id.trim(),
        },
      }),
    );
    f.reset();
    setOpen(false);
  });
  if (!open) {
    return <button type="button" onClick={() => setOpen(true)}>Add a model</button>;
  }
  return (
    <form class="card stack" onSubmit={f.submit} aria-label="New model">
      <h3>New model</h3>
      <ModelFields form={f.form} set={f.set} errors={f.errors} isNew />
      {f.error && <p class="field-error" role="alert">{f.error}</p>}
      <div class="actions">
        <button type="button" onClick={() => setOpen(false)}>Cancel</button>
        <button type="submit" class="primary" disabled={f.busy}>Add model</button>
      </div>
    </form>
  );
}

export function ModelsAdmin() {
  const models = useResource((signal) => api.get("/admin/models", { signal }), []);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const patch = async (m: AdminModel, body: { is_active?: boolean; is_default?: true }) => {
    setError(null);
    const [provider, name] = m.id.split("/") as [string, string];
    try {
      await api.patch("/admin/models/{provider}/{name}", { path: { provider, name }, body });
      models.reload(); // a new default changes another row too
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const columns: Column<AdminModel>[] = [
    {
      head: "Model",
      cell: (m) => (
        <>
          <strong>{m.display_name}</strong> <code>{m.id}</code>{" "}
          {m.is_default && <span class="badge">default</span>}
          {!m.is_active && <span class="badge badge-cancelled">retired</span>}
        </>
      ),
    },
    { head: "Tier", cell: (m) => m.tier },
    { head: "Input", cell: (m) => formatPrice(m.prices.input_per_1k), class: "num" },
    { head: "Output", cell: (m) => formatPrice(m.prices.output_per_1k), class: "num" },
    {
      head: "Context",
      cell: (m) => m.max_context_tokens?.toLocaleString("en-US") ?? "–",
      class: "num",
    },
    {
      head: "",
      cell: (m) => (
        <span class="row">
          <button type="button" aria-label={`Edit ${m.id}`} onClick={() => setEditing(m.id)}>
            Edit
          </button>
          {m.is_active && !m.is_default && (
            <button
              type="button"
              aria-label={`Make ${m.id} the default`}
              onClick={() => patch(m, { is_default: true })}
            >
              Make default
            </button>
          )}
          {m.is_active && !m.is_default && (
            <ConfirmButton
              label="Retire"
              ariaLabel={`Retire ${m.id}`}
              title={`Retire ${m.display_name}?`}
              confirmLabel="Retire model"
              action={() => patch(m, { is_active: false })}
            >
              <p>
                Runs that ask for <code>{m.id}</code>{" "}
                are refused from now on, and users' default stays on it until they pick another.
                Runs already made keep their record and cost.
              </p>
            </ConfirmButton>
          )}
          {!m.is_active && (
            <button
              type="button"
              aria-label={`Restore ${m.id}`}
              onClick={() => patch(m, { is_active: true })}
            >
              Restore
            </button>
          )}
        </span>
      ),
    },
  ];
  const list = models.data?.items;
  const edited = list?.find((m) => m.id === editing);
  return (
    <section class="card stack" aria-labelledby="models-title">
      <div class="toolbar">
        <h2 id="models-title">Models</h2>
        <NewModel onAdded={() => models.reload()} />
      </div>
      <p class="muted">
        Prices are per 1,000 tokens in USD. A new price applies to the next runs; a run keeps the
        price it started with.
      </p>
      {error && <p class="field-error" role="alert">{error}</p>}
      {models.loading && !models.data && <Loading />}
      {models.error ? <ErrorNotice error={models.error} retry={models.reload} /> : null}
      {list?.length === 0 && <Empty>No models.</Empty>}
      {edited && (
        <EditModel
          key={edited.id}
          model={edited}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            models.reload();
          }}
        />
      )}
      {list && list.length > 0 && (
        <DataTable
          rows={list}
          rowKey={(m) => m.id}
          columns={columns}
          label="Models"
        />
      )}
    </section>
  );
}
