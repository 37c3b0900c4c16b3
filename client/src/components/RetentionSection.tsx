import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import type { RetentionPolicy } from "../lib/types.ts";
import { useResource } from "../lib/use_resource.ts";
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
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function change(policy: RetentionPolicy) {
    setMessage(null);
    try {
      settings.set(await api.patch("/settings", { body: { retention_policy: policy } }));
      setMessage({ ok: true, text: "Saved." });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    }
  }

  return (
    <section class="card stack" aria-labelledby="retention-title">
      <h2 id="retention-title">Version retention</h2>
      <p class="muted">
        A nightly job removes old versions; a prompt's current version is always kept.
      </p>
      {settings.loading && !settings.data && <Loading />}
      {settings.error ? <ErrorNotice error={settings.error} retry={settings.reload} /> : null}
      {settings.data && (
        <Field label="Retention policy" error={message && !message.ok ? message.text : null}>
          <select
            value={settings.data.settings.retention_policy}
            onChange={(e) =>
              change(e.currentTarget.value as RetentionPolicy)}
          >
            {(Object.keys(labels) as RetentionPolicy[]).map((p) => (
              <option key={p} value={p}>{labels[p]}</option>
            ))}
          </select>
        </Field>
      )}
      {message?.ok && <span class="ok" role="status">{message.text}</span>}
    </section>
  );
}
