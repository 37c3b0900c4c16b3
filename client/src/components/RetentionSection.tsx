import type { RetentionPolicy } from "../lib/types.ts";
import { useSaveStatus } from "../lib/use_save_status.ts";
import { Field } from "./Field.tsx";
import type { SettingsProps } from "./settings_props.ts";

// Every policy the API has needs a label here (tsc says so).
const labels: Record<RetentionPolicy, string> = {
  fourteen_days: "Keep old versions 14 days",
  thirty_days: "Keep old versions 30 days",
  always: "Keep every version",
};

export function RetentionSection({ settings, update }: SettingsProps) {
  const status = useSaveStatus();

  return (
    <section class="card stack" aria-labelledby="retention-title">
      <h2 id="retention-title">Version retention</h2>
      <p class="muted">
        A nightly job removes old versions; a prompt's current version is always kept.
      </p>
      <Field label="Retention policy" error={status.error}>
        <select
          value={settings.settings.retention_policy}
          onChange={(e) =>
            status.save(() =>
              update({ retention_policy: e.currentTarget.value as RetentionPolicy })
            )}
        >
          {(Object.keys(labels) as RetentionPolicy[]).map((p) => (
            <option key={p} value={p}>{labels[p]}</option>
          ))}
        </select>
      </Field>
      {status.saved && <span class="ok" role="status">{status.saved}</span>}
    </section>
  );
}
