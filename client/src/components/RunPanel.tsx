import { useEffect, useRef, useState } from "preact/hooks";
import { ApiFailure, errorMessage, type FieldErrors } from "../lib/api.ts";
import { loadBudget } from "../lib/budget.ts";
import { streamRun } from "../lib/run_stream.ts";
import { api } from "../lib/session.ts";
import type { Run, RunnableVersion } from "../lib/types.ts";
import { useResource } from "../lib/use_resource.ts";
import { type FormValues, initialValues, validateValues } from "../lib/variables.ts";
import { Field } from "./Field.tsx";
import { ModelPicker } from "./ModelPicker.tsx";
import { RunHistory } from "./RunHistory.tsx";
import { RunResult } from "./RunResult.tsx";
import { ErrorNotice, Loading } from "./States.tsx";
import { VariablesForm } from "./VariablesForm.tsx";

/**
 * Runs the current version: typed variables, model, temperature; output streams in. The run
 * history is the owner's: a reader of someone else's prompt runs it without one (`history`).
 */
export function RunPanel(
  { promptId, version, history = true, onFinished }: {
    promptId: string;
    version: RunnableVersion;
    history?: boolean;
    /** After each run, whatever its outcome (a shared prompt's uses may have changed). */
    onFinished?: () => void;
  },
) {
  const models = useResource(
    (signal) => api.get("/models", { signal }).then((b) => b.items),
    [],
  );
  const [values, setValues] = useState<FormValues>(() => initialValues(version.variables));
  const [model, setModel] = useState(version.model_config.model ?? "");
  const [temperature, setTemperature] = useState(String(version.model_config.temperature ?? 0.7));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [streamed, setStreamed] = useState("");
  const [run, setRun] = useState<Run | null>(null);
  const [running, setRunning] = useState(false);
  /** The running run's id, once the stream has said it: Cancel stops it. */
  const [runId, setRunId] = useState<string | null>(null);
  const [finished, setFinished] = useState(0);

  // Another version's variables replace the form's values; the first render's already are its
  // own (an effect that ran after the first paint would wipe what was typed in the meantime).
  const shownVersion = useRef(version.id);
  useEffect(() => {
    if (shownVersion.current === version.id) return;
    shownVersion.current = version.id;
    setValues(initialValues(version.variables));
  }, [version.id]);
  // A model the list does not offer (retired) falls back to the server's choice: the version's
  // model, else the user's default, else the system default.
  useEffect(() => {
    const list = models.data;
    if (list && model && !list.some((m) => m.id === model)) setModel("");
  }, [models.data]);

  async function submit(e: Event) {
    e.preventDefault();
    const checked = validateValues(version.variables, values);
    const t = Number(temperature);
    const formErrors: FieldErrors = { ...checked.errors };
    if (!Number.isFinite(t) || t < 0 || t > 2) formErrors.temperature = "Between 0 and 2";
    setErrors(formErrors);
    setError(null);
    if (Object.keys(formErrors).length) return;
    setRunning(true);
    setRun(null);
    setStreamed("");
    try {
      const done = await streamRun(
        api,
        promptId,
        {
          variables: checked.values,
          model: model || undefined,
          temperature: t,
          version_id: version.id,
        },
        (text) => setStreamed((s) => s + text),
        setRunId,
      );
      setRun(done);
    } catch (e) {
      if (e instanceof ApiFailure) setErrors(e.fields);
      setError(errorMessage(e));
    } finally {
      setRunning(false);
      setRunId(null);
      setFinished((n) => n + 1);
      void loadBudget();
      onFinished?.();
    }
  }

  async function cancel() {
    if (!runId) return;
    try {
      // The stream then ends with the run record, cancelled.
      await api.post("/runs/{id}/cancel", { path: { id: runId } });
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div class="run-panel">
      <form class="card stack" onSubmit={submit} aria-label="Run prompt">
        <h2>Run v{version.version_number}</h2>
        <VariablesForm
          variables={version.variables}
          values={values}
          errors={errors}
          onChange={setValues}
        />
        <div class="row">
          {models.loading && <Loading label="Loading models…" />}
          {models.error ? <ErrorNotice error={models.error} retry={models.reload} /> : null}
          {models.data && (
            <ModelPicker
              models={models.data}
              value={model}
              onChange={setModel}
              error={errors.model}
            />
          )}
          <Field label="Temperature" error={errors.temperature}>
            <input
              type="number"
              min={0}
              max={2}
              step={0.1}
              value={temperature}
              onInput={(e) => setTemperature(e.currentTarget.value)}
            />
          </Field>
        </div>
        {error && <p class="field-error" role="alert">{error}</p>}
        <div class="actions">
          <button type="submit" class="primary" disabled={running}>
            {running ? "Running…" : "Run"}
          </button>
          {runId && <button type="button" class="danger" onClick={cancel}>Cancel</button>}
        </div>
      </form>
      {(running || run || streamed) && (
        <RunResult
          run={run}
          streamed={streamed}
          running={running}
        />
      )}
      {history && <RunHistory promptId={promptId} refresh={finished} />}
    </div>
  );
}
