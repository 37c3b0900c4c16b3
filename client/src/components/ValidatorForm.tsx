import { useState } from "preact/hooks";
import { ApiFailure, errorMessage, type FieldErrors } from "../lib/api.ts";
import {
  checkBody,
  type CheckForm,
  inputErrors,
  limits,
  type NewValidator,
  regexFlags,
  typeLabels,
  validatorTypes,
  withFlag,
} from "../lib/validators.ts";
import { Field } from "./Field.tsx";
import { FormMessage, type FormMessageState } from "./FormMessage.tsx";

const invalid = (error?: string) => error ? true : undefined;

/** The inputs of the chosen type's config; the others keep their values, hidden. */
function ConfigFields(
  { form, set, errors }: {
    form: CheckForm;
    set: (change: Partial<CheckForm>) => void;
    errors: FieldErrors;
  },
) {
  switch (form.type) {
    case "contains":
      return (
        <>
          <Field label="Text the output must contain" error={errors["config.text"]}>
            <input
              maxLength={limits.text}
              value={form.text}
              aria-invalid={invalid(errors["config.text"])}
              onInput={(e) => set({ text: e.currentTarget.value })}
            />
          </Field>
          <Field label="Case-sensitive" inline error={errors["config.case_sensitive"]}>
            <input
              type="checkbox"
              checked={form.caseSensitive}
              onChange={(e) => set({ caseSensitive: e.currentTarget.checked })}
            />
          </Field>
        </>
      );
    case "max_length":
      return (
        <Field label="Most characters" error={errors["config.max"]}>
          <input
            type="number"
            min={1}
            max={limits.max}
            step={1}
            value={form.max}
            aria-invalid={invalid(errors["config.max"])}
            onInput={(e) => set({ max: e.currentTarget.value })}
          />
        </Field>
      );
    case "regex":
      return (
        <>
          <Field
            label="Pattern"
            hint="JavaScript syntax; no lookaround or backreferences"
            error={errors["config.pattern"]}
          >
            <input
              class="mono"
              maxLength={limits.pattern}
              value={form.pattern}
              aria-invalid={invalid(errors["config.pattern"])}
              onInput={(e) => set({ pattern: e.currentTarget.value })}
            />
          </Field>
          <fieldset class="row check-flags">
            <legend>Flags</legend>
            {regexFlags.map(({ flag, label }) => (
              <label key={flag}>
                <input
                  type="checkbox"
                  checked={form.flags.includes(flag)}
                  onChange={(e) =>
                    set({ flags: withFlag(form.flags, flag, e.currentTarget.checked) })}
                />{" "}
                {label} (<code>{flag}</code>)
              </label>
            ))}
          </fieldset>
          {errors["config.flags"] && (
            <p class="field-error" role="alert">{errors["config.flags"]}</p>
          )}
        </>
      );
    case "json_schema":
      return (
        <Field
          label="JSON schema"
          hint="Draft-07; the output must be JSON that matches it"
          error={errors["config.schema"]}
        >
          <textarea
            class="mono"
            rows={8}
            spellcheck={false}
            value={form.schema}
            aria-invalid={invalid(errors["config.schema"])}
            onInput={(e) => set({ schema: e.currentTarget.value })}
          />
        </Field>
      );
  }
}

/**
 * A check's name, type and config, checked here first and then by the API, whose field errors
 * show at the same inputs. Adding empties the form; editing is closed by its parent.
 */
export function ValidatorForm(
  { initial, label, submitLabel, save, onCancel }: {
    initial: CheckForm;
    /** The form's accessible name. */
    label: string;
    submitLabel: string;
    save: (body: NewValidator) => Promise<void>;
    onCancel?: () => void;
  },
) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<FormMessageState | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<CheckForm>) => setForm({ ...form, ...change });

  async function submit(e: Event) {
    e.preventDefault();
    setMessage(null);
    const checked = checkBody(form);
    setErrors(checked.errors ?? {});
    if (checked.errors) return;
    setBusy(true);
    try {
      await save(checked.body);
      setForm(initial);
      setMessage({ ok: true, text: "Saved." });
    } catch (x) {
      if (x instanceof ApiFailure) setErrors(inputErrors(x.fields));
      setMessage({ ok: false, text: errorMessage(x) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="stack" onSubmit={submit} aria-label={label} noValidate>
      <div class="row">
        <Field label="Check name" error={errors.name}>
          <input
            maxLength={limits.name}
            value={form.name}
            aria-invalid={invalid(errors.name)}
            onInput={(e) => set({ name: e.currentTarget.value })}
          />
        </Field>
        <Field label="Type" error={errors.type}>
          <select
            value={form.type}
            onChange={(e) => set({ type: e.currentTarget.value as CheckForm["type"] })}
          >
            {validatorTypes.map((t) => <option key={t} value={t}>{typeLabels[t]}</option>)}
          </select>
        </Field>
      </div>
      <ConfigFields form={form} set={set} errors={errors} />
      <div class="actions">
        <FormMessage message={message} />
        {onCancel && <button type="button" onClick={onCancel}>Cancel</button>}
        <button type="submit" class="primary" disabled={busy}>{submitLabel}</button>
      </div>
    </form>
  );
}
