// The admin area's Plans tab: each plan's limits (a rendered prompt's size, a run's output tokens,
// the model tiers it runs), changed here instead of in Studio and held from the next run; and its
// runs a day, which the deployment sets (QUOTA_DAILY_*), shown but not changed here.
import { useState } from "preact/hooks";
import { ApiFailure, errorMessage } from "../lib/api.ts";
import { type components, modelTierValues } from "../lib/api_schema.ts";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import { Field } from "./Field.tsx";
import { FormMessage, type FormMessageState } from "./FormMessage.tsx";
import { ErrorNotice, Loading } from "./States.tsx";

type AdminPlan = components["schemas"]["AdminPlan"];
type Tier = AdminPlan["model_tiers"][number];

function PlanForm({ plan, onSaved }: { plan: AdminPlan; onSaved: (p: AdminPlan) => void }) {
  const [chars, setChars] = useState(String(plan.max_prompt_chars));
  const [tokens, setTokens] = useState(String(plan.max_output_tokens));
  const [tiers, setTiers] = useState<Tier[]>(plan.model_tiers);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<FormMessageState | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      onSaved(
        await api.patch("/admin/plans/{plan}", {
          path: { plan: plan.plan },
          body: {
            max_prompt_chars: Number(chars),
            max_output_tokens: Number(tokens),
            model_tiers: modelTierValues.filter((t) => tiers.includes(t)),
          },
        }),
      );
      setMessage({ ok: true, text: "Saved." });
    } catch (x) {
      if (x instanceof ApiFailure) setErrors(x.fields);
      setMessage({ ok: false, text: errorMessage(x) });
    }
  }
  return (
    <form class="card stack" onSubmit={save} aria-label={`The ${plan.plan} plan`}>
      <h3>{plan.plan}</h3>
      <p class="muted">
        {plan.runs_per_day.toLocaleString("en-US")} runs per user a day (set by the deployment)
      </p>
      <div class="row">
        <Field label="Prompt characters" error={errors.max_prompt_chars}>
          <input
            inputMode="numeric"
            value={chars}
            onInput={(e) => setChars(e.currentTarget.value)}
          />
        </Field>
        <Field label="Output tokens" error={errors.max_output_tokens}>
          <input
            inputMode="numeric"
            value={tokens}
            onInput={(e) => setTokens(e.currentTarget.value)}
          />
        </Field>
      </div>
      <fieldset>
        <legend>Model tiers</legend>
        {modelTierValues.map((t) => (
          <label key={t} class="check">
            <input
              type="checkbox"
              checked={tiers.includes(t)}
              onChange={(e) =>
                setTiers(e.currentTarget.checked ? [...tiers, t] : tiers.filter((x) => x !== t))}
            />{" "}
            {t}
          </label>
        ))}
      </fieldset>
      {errors.model_tiers && <p class="field-error" role="alert">{errors.model_tiers}</p>}
      <div class="actions">
        <FormMessage message={message} />
        <button type="submit" class="primary">Save {plan.plan}</button>
      </div>
    </form>
  );
}

export function PlansAdmin() {
  const plans = useResource((signal) => api.get("/admin/plans", { signal }), []);
  return (
    <section class="stack" aria-labelledby="plans-title">
      <h2 id="plans-title">Plans</h2>
      <p class="muted">
        Limits apply from the next run. Changes are in the audit log.
      </p>
      {plans.error ? <ErrorNotice error={plans.error} retry={plans.reload} /> : null}
      {!plans.data && !plans.error && <Loading />}
      {plans.data?.items.map((p) => <PlanForm key={p.plan} plan={p} onSaved={plans.reload} />)}
    </section>
  );
}
