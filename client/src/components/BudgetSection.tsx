import { useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure, errorMessage, type FieldErrors } from "../lib/api.ts";
import { budget, loadBudget } from "../lib/budget.ts";
import { api } from "../lib/session.ts";
import { Field } from "./Field.tsx";
import { FormMessage, type FormMessageState } from "./FormMessage.tsx";
import { SpendBar } from "./SpendBar.tsx";

/** A monthly spend limit in USD (or none) and the share of it that raises an alert. */
export function BudgetSection() {
  const b = budget.value;
  const [limit, setLimit] = useState("");
  const [alertPct, setAlertPct] = useState("80");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<FormMessageState | null>(null);
  // The stored budget fills the form until the user edits it: one that arrives after they have
  // typed must not undo their typing.
  const edited = useRef(false);
  useEffect(() => void loadBudget(), []);
  useEffect(() => {
    if (edited.current) return;
    setLimit(b?.monthly_limit_usd?.toString() ?? "");
    setAlertPct(String(Math.round((b?.alert_ratio ?? 0.8) * 100)));
  }, [b?.monthly_limit_usd, b?.alert_ratio]);

  async function save(e: Event) {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      budget.value = await api.put("/budget", {
        body: {
          monthly_limit_usd: limit.trim() ? Number(limit) : null,
          alert_ratio: Number(alertPct) / 100,
        },
      });
      setMessage({ ok: true, text: "Saved." });
    } catch (x) {
      if (x instanceof ApiFailure) setErrors(x.fields);
      setMessage({ ok: false, text: errorMessage(x) });
    }
  }

  return (
    <form class="card stack" onSubmit={save} aria-label="Budget">
      <h2>Monthly budget</h2>
      {b && <SpendBar budget={b} />}
      <div class="row">
        <Field label="Limit (USD)" hint="Empty: no limit" error={errors.monthly_limit_usd}>
          <input
            type="number"
            min={0.0001}
            step="any"
            value={limit}
            onInput={(e) => {
              edited.current = true;
              setLimit(e.currentTarget.value);
            }}
          />
        </Field>
        <Field label="Alert at (% of the limit)" error={errors.alert_ratio}>
          <input
            type="number"
            min={5}
            max={100}
            value={alertPct}
            onInput={(e) => {
              edited.current = true;
              setAlertPct(e.currentTarget.value);
            }}
          />
        </Field>
      </div>
      <div class="actions">
        <FormMessage message={message} />
        <button type="submit">Save budget</button>
      </div>
    </form>
  );
}
