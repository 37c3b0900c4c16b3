// /workflows/new/:slug: a template, its spec (stages, guarantees, cost profile), and the start
// form generated from the spec's intent_schema. The API's 422 field errors show at their fields.
import { useEffect, useState } from "preact/hooks";
import { useLocation, useRoute } from "preact-iso";
import { Field } from "../components/Field.tsx";
import { FormMessage, type FormMessageState } from "../components/FormMessage.tsx";
import { IntentForm } from "../components/IntentForm.tsx";
import { ErrorNotice, Loading } from "../components/States.tsx";
import { profileCost } from "../components/WorkflowBits.tsx";
import { ApiFailure, errorMessage, type FieldErrors } from "../lib/api.ts";
import { formatCost } from "../lib/format.ts";
import { initialIntent, intentErrors, type IntentValues, toIntent } from "../lib/intent_form.ts";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";

export function WorkflowTemplatePage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const slug = params.slug!;
  const t = useResource(
    (signal) => api.get("/workflows/templates/{slug}", { path: { slug }, signal }),
    [slug],
  );
  const fields = t.data?.spec?.intent_schema ?? [];
  const [values, setValues] = useState<IntentValues>({});
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<FormMessageState | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!t.data) return;
    document.title = `${t.data.name} · Workflows · Promptline`;
    // Defaults fill what is still empty: a value typed before this effect ran is kept (the form
    // renders with the spec, this runs after, and a fast hand or autofill can come between).
    const defaults = initialIntent(t.data.spec?.intent_schema ?? []);
    setValues((typed) => ({ ...defaults, ...typed }));
  }, [t.data]);

  async function start(e: Event) {
    e.preventDefault();
    const checked = toIntent(fields, values);
    setErrors(checked.errors);
    setMessage(null);
    if (Object.keys(checked.errors).length) return;
    setBusy(true);
    try {
      const run = await api.post("/workflows/runs", {
        body: { template: slug, intent: checked.intent, display_name: name.trim() || undefined },
      });
      route(`/workflows/runs/${run.id}`);
    } catch (err) {
      const fieldErrs = err instanceof ApiFailure ? intentErrors(err.fields) : {};
      setErrors(fieldErrs);
      setMessage({ ok: false, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  }

  if (t.error) {
    return (
      <main class="page">
        <ErrorNotice error={t.error} retry={t.reload} />
      </main>
    );
  }
  if (!t.data) {
    return (
      <main class="page">
        <Loading />
      </main>
    );
  }
  const d = t.data;
  const spec = d.spec;
  return (
    <main class="page">
      <h1>{d.name}</h1>
      <a href="/workflows">← Workflows</a>
      <div class="two-col run-layout">
        <section class="card stack" aria-label="The workflow">
          <p>{d.description}</p>
          <p class="muted">
            ~{d.estimated_minutes ?? "?"} min · typical cost{" "}
            {formatCost(profileCost(d.cost_profile, "typical"))} · ceiling{" "}
            {formatCost(profileCost(d.cost_profile, "max"))}
          </p>
          <h2>Steps</h2>
          <p>{spec?.stages.map((s) => `${s.gate} ${s.name}`).join(" → ")}</p>
        </section>
        <form class="card stack" onSubmit={start} aria-label="Start a run" noValidate>
          <h2>Start a run</h2>
          {spec
            ? (
              <>
                <IntentForm fields={fields} values={values} errors={errors} onChange={setValues} />
                <Field label="Run name (optional)" error={errors.display_name}>
                  <input
                    value={name}
                    maxLength={200}
                    onInput={(e) => setName(e.currentTarget.value)}
                  />
                </Field>
                <div class="toolbar">
                  <button type="submit" class="primary" disabled={busy}>
                    {busy ? "Starting…" : "Start run"}
                  </button>
                  <FormMessage message={message} />
                </div>
              </>
            )
            : <p class="muted">This template has no spec yet.</p>}
        </form>
      </div>
    </main>
  );
}
