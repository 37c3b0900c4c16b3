import { api } from "../lib/session.ts";
import type { PromptDetail } from "../lib/types.ts";
import { allPages } from "../lib/use_pages.ts";
import { useResource } from "../lib/use_resource.ts";
import { CodeSnippetsPanel } from "./CodeSnippetsPanel.tsx";
import { LabelHistory } from "./LabelHistory.tsx";
import { LabelsCard } from "./LabelsCard.tsx";
import { ErrorNotice, Loading } from "./States.tsx";

/** A prompt in production: its labels with their history, and how apps call it. */
export default function LabelsTab(
  { prompt, onChanged }: { prompt: PromptDetail; onChanged: () => void },
) {
  const path = { id: prompt.id };
  const data = useResource(
    (signal) =>
      Promise.all([
        api.get("/prompts/{id}/labels/history", { path, query: { limit: 100 }, signal }),
        // Every version a label can point at, not only the newest 100.
        allPages((cursor) =>
          api.get("/prompts/{id}/versions", { path, query: { limit: 100, cursor }, signal })
        ),
      ]),
    [prompt.id, prompt.labels],
  );
  if (data.error) return <ErrorNotice error={data.error} retry={data.reload} />;
  if (!data.data) return <Loading label="Loading labels…" />;
  const [history, versions] = data.data;

  return (
    <div class="two-col">
      <div class="stack">
        <LabelsCard
          labels={prompt.labels}
          history={history.items}
          versions={versions}
          move={async (label, version_number) => {
            await api.put("/prompts/{id}/labels/{label}", {
              path: { ...path, label },
              body: { version_number },
            });
            onChanged();
          }}
          remove={async (label) => {
            await api.del("/prompts/{id}/labels/{label}", { path: { ...path, label } });
            onChanged();
          }}
        />
        <LabelHistory moves={history.items} />
      </div>
      <CodeSnippetsPanel
        name={prompt.name}
        labels={prompt.labels}
        variables={prompt.current_version?.variables ?? []}
      />
    </div>
  );
}
