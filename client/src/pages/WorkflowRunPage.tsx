// /workflows/runs/:id: a run with its live gate timeline (the SSE endpoint), its totals, the pause
// reason, the actions that apply (retry, skip, approve, reject, cancel), and its artifacts.
import { useEffect, useState } from "preact/hooks";
import { useRoute } from "preact-iso";
import { ArtifactBrowser } from "../components/ArtifactBrowser.tsx";
import { GateTimeline } from "../components/GateTimeline.tsx";
import { ErrorNotice, Loading } from "../components/States.tsx";
import { RunStatusBadge } from "../components/WorkflowBits.tsx";
import { errorMessage } from "../lib/api.ts";
import { formatCost } from "../lib/format.ts";
import { api, session } from "../lib/session.ts";
import { followRun, type RunAction, runActions, type WorkflowRun } from "../lib/workflow_run.ts";

export function WorkflowRunPage() {
  const id = useRoute().params.id!;
  const [run, setRun] = useState<WorkflowRun | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  // A new stream after each action: the last one may have ended with the pause.
  const [follow, setFollow] = useState(0);

  useEffect(() => {
    const ctrl = new AbortController();
    followRun(api, id, setRun, ctrl.signal).catch(setError);
    return () => ctrl.abort();
  }, [id, follow]);

  useEffect(() => {
    if (run) document.title = `${run.display_name} · Workflows · Promptline`;
  }, [run?.display_name]);

  async function act(action: RunAction) {
    setBusy(true);
    setActionError(null);
    try {
      setRun(await api.post(`/workflows/runs/{id}/${action}`, { path: { id } }));
      setFollow((f) => f + 1);
    } catch (e) {
      setActionError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  if (error) {
    return (
      <main class="page">
        <ErrorNotice error={error} />
      </main>
    );
  }
  if (!run) {
    return (
      <main class="page">
        <Loading label="Loading the run…" />
      </main>
    );
  }
  const mine = run.user_id === session.value?.user.id;
  return (
    <main class="page">
      <h1>{run.display_name}</h1>
      <a href="/workflows">← Workflows</a>
      <section class="card stack" aria-label="Run summary">
        <div class="toolbar">
          <span>
            <a href={`/workflows/new/${run.template_slug}`}>{run.template_name}</a>{" "}
            <span class="muted">spec v{run.spec_version}</span>
          </span>
          <span role="status" aria-label="Run status">
            <RunStatusBadge status={run.status} />
          </span>
        </div>
        {run.pause_reason && (
          <p class="notice pause-reason" role="alert">Paused: {run.pause_reason}</p>
        )}
        <dl class="stats">
          <div>
            <dt>Current gate</dt>
            <dd>{run.current_gate ?? "–"}</dd>
          </div>
          <div>
            {
              /* Every attempt is counted: a gate that failed once and passed on its retry is one
                of each. */
            }
            <dt>Gate attempts</dt>
            <dd>
              {run.gates_passed} passed, {run.gates_failed} failed, {run.gates_skipped} skipped
            </dd>
          </div>
          <div>
            <dt>Tokens</dt>
            <dd>{run.total_tokens_in} in / {run.total_tokens_out} out</dd>
          </div>
          <div>
            <dt>Cost</dt>
            <dd>{formatCost(run.total_cost_usd)}</dd>
          </div>
        </dl>
        {mine && runActions(run).length > 0 && (
          <div class="toolbar">
            {runActions(run).map((a) => (
              <button
                key={a}
                type="button"
                class={a === "retry" || a === "approve"
                  ? "primary"
                  : a === "cancel" || a === "reject"
                  ? "danger"
                  : ""}
                disabled={busy}
                onClick={() => void act(a)}
              >
                {a}
              </button>
            ))}
            {actionError && <span class="field-error" role="alert">{actionError}</span>}
          </div>
        )}
      </section>
      <div class="two-col run-layout">
        <section class="card" aria-labelledby="gates-title">
          <h2 id="gates-title">Gates</h2>
          <GateTimeline gates={run.gates} />
        </section>
        <section class="card" aria-labelledby="artifacts-title">
          <h2 id="artifacts-title">Artifacts</h2>
          <ArtifactBrowser runId={run.id} version={`${run.gates_passed}|${run.status}`} />
        </section>
      </div>
    </main>
  );
}
