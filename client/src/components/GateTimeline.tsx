import type { Gate } from "../lib/workflow_run.ts";
import { formatCost, formatMs } from "../lib/format.ts";
import { codeBlock, pretty } from "../lib/markdown.ts";
import { DataTable } from "./DataTable.tsx";

/** Every attempt of every gate, in order, with what it cost and why it failed. */
export function GateTimeline({ gates }: { gates: Gate[] }) {
  return (
    <ol class="gate-timeline" aria-label="Gate timeline">
      {gates.map((g) => (
        <li
          key={g.id}
          class={`gate gate-${g.status}`}
          aria-label={`${g.gate_id} attempt ${g.attempt}`}
        >
          <div class="gate-head">
            <strong>{g.gate_id} {g.gate_name}</strong>
            <span class={`badge badge-gate-${g.status}`}>{g.status}</span>
          </div>
          <p class="gate-meta muted">
            {g.phase && <span>{g.phase}</span>}
            <span>attempt {g.attempt}/{g.max_attempts}</span>
            {g.model && <span>{g.model}</span>}
            <span>{g.tokens_in} in / {g.tokens_out} out tokens</span>
            <span>{formatCost(g.cost_usd)}</span>
            <span>{formatMs(g.duration_ms)}</span>
            {!g.is_required && <span>optional</span>}
            {g.is_approval && <span>approval</span>}
          </p>
          {g.fail_codes.length > 0 && <p class="field-error">Failed: {g.fail_codes.join(", ")}</p>}
          {g.error_message && <p class="field-error">{g.error_message}</p>}
          {g.prompt_packet && (
            <details>
              <summary>Prompt packet</summary>
              <pre class="code wrap">{g.prompt_packet}</pre>
            </details>
          )}
          {g.raw_output && (
            <details>
              <summary>Raw output</summary>
              {codeBlock(pretty(g.raw_output), "json")}
            </details>
          )}
          {g.validation_results.length > 0 && (
            <details>
              <summary>Validation results</summary>
              <DataTable
                rows={g.validation_results.map((v, i) => [i, v] as const)}
                rowKey={([i]) => i}
                label="Validation results"
                columns={[
                  {
                    cell: ([, v]) => (
                      <span class={v.passed ? "ok" : "field-error"}>
                        {v.passed ? "passed" : "failed"}
                      </span>
                    ),
                  },
                  { cell: ([, v]) => String(v.name ?? "") },
                  { cell: ([, v]) => String(v.message ?? "") },
                ]}
              />
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
