import { useState } from "preact/hooks";
import { useSaveStatus } from "../lib/use_save_status.ts";
import { Field } from "./Field.tsx";
import type { SettingsProps } from "./settings_props.ts";

/**
 * The name shown as the author of the prompts you share (profiles.display_name). Until it is set
 * it is the part of the email before the @, so the owner should see it and be able to change it.
 */
export function DisplayNameSection({ settings, update }: SettingsProps) {
  return (
    <section class="card stack" aria-labelledby="display-name-title">
      <h2 id="display-name-title">Public name</h2>
      <p class="muted">Readers of the prompts you share see this name as their author.</p>
      <DisplayNameForm saved={settings.profile.display_name ?? ""} update={update} />
    </section>
  );
}

function DisplayNameForm(
  { saved, update }: { saved: string; update: SettingsProps["update"] },
) {
  const [name, setName] = useState(saved);
  const status = useSaveStatus();
  function save(e: Event) {
    e.preventDefault();
    return status.save(() => update({ display_name: name.trim() || null }));
  }

  return (
    <form class="inline-form" onSubmit={save} aria-label="Public name">
      <Field label="Display name" error={status.error}>
        <input
          name="display_name"
          maxLength={100}
          placeholder="anonymous"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </Field>
      <button type="submit">Save</button>
      {status.saved && <span class="ok" role="status">{status.saved}</span>}
    </form>
  );
}
