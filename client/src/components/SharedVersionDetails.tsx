import type { ModelConfig, PromptVariable } from "../lib/types.ts";

/** A shared version's typed variables and model settings, read only. */
export function SharedVersionDetails(
  { variables, config }: { variables: PromptVariable[]; config: ModelConfig },
) {
  return (
    <section class="card stack" aria-labelledby="shared-details-title">
      <h2 id="shared-details-title">Variables and model</h2>
      {variables.length
        ? (
          <ul class="variable-list" aria-label="Variables">
            {variables.map((v) => (
              <li key={v.name}>
                <code>{`{{${v.name}}}`}</code> {v.type}
                {v.required ? ", required" : ""}
                {v.options?.length ? ` (${v.options.join(", ")})` : ""}
                {v.description && <span class="muted">: {v.description}</span>}
              </li>
            ))}
          </ul>
        )
        : <p class="muted">No variables.</p>}
      <dl class="stats" aria-label="Model settings">
        <div>
          <dt>Model</dt>
          <dd>{config.model ?? "your default"}</dd>
        </div>
        <div>
          <dt>Temperature</dt>
          <dd>{config.temperature ?? "default"}</dd>
        </div>
        <div>
          <dt>Max tokens</dt>
          <dd>{config.max_tokens ?? "default"}</dd>
        </div>
      </dl>
    </section>
  );
}
