import { api } from "../lib/session.ts";
import type { RetentionPolicy } from "../lib/types.ts";
import { useResource } from "../lib/use_resource.ts";
import { useSaveStatus } from "../lib/use_save_status.ts";
import { Field } from "./Field.tsx";
import { ErrorNotice, Loading } from "./States.tsx";

// Every policy the API has needs a label here (tsc says so).
const labels: Record<RetentionPolicy, string> = {
  fourteen_days: "Keep old versions 14 days",
  thirty_days: "Keep old versions 30 days",
  always: "Keep every version",
};

export function RetentionSection() {
  const settings = useResource((signal) => api.get("/settings", { signal }), []);
  const status = useSaveStatus();
  const change = (policy: RetentionPolicy) =>
    status.save(async () =>
      settings.set(await api.patch("/settings", { body: { retention_policy: policy } }))
    );

  return (
    <section class="card stack" aria-labelledby="retention-title">
      <h2 id="retention-title">Version retention</h2>
      <p class="muted">
        A nightly job removes old versions; a prompt's current version is always kept.
      </p>
      {settings.loading && !settings.data && <Loading />}
      {settings.error ? <ErrorNotice error={settings.error} retry={settings.reload} /> : null}
      {settings.data && (
        <Field label="Retention policy" error={status.error}>
          <select
            value={settings.data.settings.retention_policy}
            onChange={(e) => change(e.currentTarget.value as RetentionPolicy)}
          >
            {(Object.keys(labels) as RetentionPolicy[]).map((p) => (
              <option key={p} value={p}>{labels[p]}</option>
            ))}
          </select>
        </Field>
      )}
      {status.saved && <span class="ok" role="status">{status.saved}</span>}
    </section>
  );
}
