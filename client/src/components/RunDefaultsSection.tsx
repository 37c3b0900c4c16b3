import { useState } from "preact/hooks";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import { useSaveStatus } from "../lib/use_save_status.ts";
import { Field } from "./Field.tsx";
import { ModelPicker } from "./ModelPicker.tsx";
import { ErrorNotice, Loading } from "./States.tsx";
import type { SettingsProps } from "./settings_props.ts";

/**
 * How runs start and how long they are kept: the model a run uses when neither the run nor the
 * prompt's version names one, and the nightly cleanup of old runs (on by default, so a user
 * should see what it deletes and be able to change it).
 */
export function RunDefaultsSection({ settings, update: send }: SettingsProps) {
  const models = useResource(
    (signal) => api.get("/models", { signal }).then((b) => b.items),
    [],
  );
  const status = useSaveStatus();
  const update = (change: Parameters<typeof send>[0]) => status.save(() => send(change));
  const system = models.data?.find((m) => m.is_default);

  return (
    <section class="card stack" aria-labelledby="run-defaults-title">
      <h2 id="run-defaults-title">Runs</h2>
      {models.loading && !models.data && <Loading />}
      {models.error ? <ErrorNotice error={models.error} retry={models.reload} /> : null}
      {models.data && (
        <>
          <ModelPicker
            label="Default model"
            unset={system ? `System default (${system.display_name})` : "System default"}
            unsetHint="Used when neither the run nor the prompt's version names a model"
            models={models.data}
            value={settings.settings.default_model ?? ""}
            onChange={(id) => update({ default_model: id || null })}
          />
          <Field label="Delete old runs nightly" inline>
            <input
              type="checkbox"
              checked={settings.settings.auto_cleanup}
              onChange={(e) => update({ auto_cleanup: e.currentTarget.checked })}
            />
          </Field>
          <HistoryDays
            saved={settings.settings.max_history_days}
            enabled={settings.settings.auto_cleanup}
            onSave={(days) => update({ max_history_days: days })}
          />
        </>
      )}
      {status.error && <p class="field-error" role="alert">{status.error}</p>}
      {status.saved && <span class="ok" role="status">{status.saved}</span>}
    </section>
  );
}

function HistoryDays(
  { saved, enabled, onSave }: {
    saved: number;
    enabled: boolean;
    onSave: (days: number) => Promise<void>;
  },
) {
  const [days, setDays] = useState(String(saved));
  return (
    <form
      class="inline-form"
      aria-label="Run history"
      onSubmit={(e) => {
        e.preventDefault();
        return onSave(Number(days));
      }}
    >
      <Field
        label="Keep runs for (days)"
        hint={enabled
          ? "Older runs and their logs are deleted each night"
          : "Kept until you delete them"}
      >
        <input
          type="number"
          required
          min={1}
          max={3650}
          step={1}
          disabled={!enabled}
          value={days}
          onInput={(e) => setDays(e.currentTarget.value)}
        />
      </Field>
      <button type="submit" disabled={!enabled || Number(days) === saved}>
        Save
      </button>
    </form>
  );
}
