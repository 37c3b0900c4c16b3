import { themeValues } from "../lib/api_schema.ts";
import { applyTheme, type Theme } from "../lib/theme.ts";
import { useSaveStatus } from "../lib/use_save_status.ts";
import { Field } from "./Field.tsx";
import type { SettingsProps } from "./settings_props.ts";

// Every theme the API has needs a label here (tsc says so).
const labels: Record<Theme, string> = {
  system: "As the system is set",
  light: "Light",
  dark: "Dark",
};

/** Light, dark, or as the system is set: shown at once, kept with the account. */
export function ThemeSection({ settings, update }: SettingsProps) {
  const status = useSaveStatus();
  const change = (theme: Theme) =>
    status.save(async () => {
      applyTheme(theme);
      try {
        await update({ theme });
      } catch (e) {
        applyTheme(settings.settings.theme);
        throw e;
      }
    });
  return (
    <section class="card stack" aria-labelledby="theme-title">
      <h2 id="theme-title">Appearance</h2>
      <Field label="Theme" error={status.error}>
        <select
          value={settings.settings.theme}
          onChange={(e) => change(e.currentTarget.value as Theme)}
        >
          {themeValues.map((t) => <option key={t} value={t}>{labels[t]}</option>)}
        </select>
      </Field>
      {status.saved && <span class="ok" role="status">{status.saved}</span>}
    </section>
  );
}
