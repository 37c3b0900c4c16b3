import { formatCost, formatMs } from "../lib/format.ts";
import { outputText, tokens, validationResults } from "../lib/run_view.ts";
import type { Run } from "../lib/types.ts";
import { StatusBadge } from "./StatusBadge.tsx";

/** A run as it streams (text so far) and once recorded (status, usage, cost, checks). */
export function RunResult(
  { run, streamed, running }: { run: Run | null; streamed: string; running: boolean },
) {
  const text = (run && outputText(run)) || streamed;
  const t = run ? tokens(run) : null;
  const about = t?.estimated ? "≈ " : ""; // the provider reported no usage: an estimate
  const checks = run ? validationResults(run) : [];
  return (
    <section class="card run-result" aria-label="Run result" aria-busy={running}>
      <div class="run-stats">
        <StatusBadge status={run?.status ?? (running ? "running" : "pending")} />
        {run && (
          <dl class="stats">
            <div>
              <dt>Model</dt>
              <dd>{run.model}{run.standin ? " (stand-in)" : ""}</dd>
            </div>
            <div>
              <dt>Tokens</dt>
              <dd>{about}{t?.input ?? "–"} in / {t?.output ?? "–"} out</dd>
            </div>
            <div>
              <dt>Latency</dt>
              <dd>{formatMs(run.latency_ms)}</dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd>{about}{formatCost(run.cost_usd)}</dd>
            </div>
          </dl>
        )}
      </div>
      <pre
        class="run-output"
        aria-live="polite"
        data-testid="run-output"
      >{text || (running ? "…" : "")}</pre>
      {run?.error_message && <p class="field-error" role="alert">{run.error_message}</p>}
      {checks.length > 0 && (
        <ul class="checks" aria-label="Validation results">
          {checks.map((c, i) => (
            <li key={i} class={c.passed ? "ok" : "field-error"}>
              {c.passed ? "✓" : "✗"} {c.name}
              {c.message ? `: ${c.message}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
