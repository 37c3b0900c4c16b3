import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import { useSaveStatus } from "../lib/use_save_status.ts";
import { Field } from "./Field.tsx";
import { ErrorNotice, Loading } from "./States.tsx";

/** The prompt builder's default framework (user_settings.framework). */
export function DefaultFrameworkSection() {
  const frameworks = useResource((signal) => api.get("/builder/frameworks", { signal }), []);
  const status = useSaveStatus();
  const change = (name: string) =>
    status.save(async () => {
      await api.patch("/settings", { body: { framework: name || null } });
      frameworks.reload();
    });

  return (
    <section class="card stack" aria-labelledby="framework-title">
      <h2 id="framework-title">Prompt builder</h2>
      <p class="muted">The framework the builder starts with.</p>
      {frameworks.loading && !frameworks.data && <Loading />}
      {frameworks.error ? <ErrorNotice error={frameworks.error} retry={frameworks.reload} /> : null}
      {frameworks.data && (
        <Field label="Default framework" error={status.error}>
          <select
            name="default_framework"
            value={frameworks.data.default_framework ?? ""}
            onChange={(e) => change(e.currentTarget.value)}
          >
            <option value="">None</option>
            {frameworks.data.frameworks.map((f) => (
              <option key={f.name} value={f.name}>{f.display_name}</option>
            ))}
          </select>
        </Field>
      )}
      {status.saved && <span class="ok" role="status">{status.saved}</span>}
    </section>
  );
}
