import type { FieldErrors } from "../lib/api.ts";
import type { PromptVariable } from "../lib/types.ts";
import { syncVariables } from "../lib/variables.ts";
import { ContentEditor } from "./ContentEditor.tsx";
import { VariablesPanel } from "./VariablesPanel.tsx";

export interface VersionDraft {
  content: string;
  variables: PromptVariable[];
}

/** Content with highlighted placeholders, and the variables panel kept in step with it. */
export function VersionEditor(
  { draft, onChange, errors }: {
    draft: VersionDraft;
    onChange: (d: VersionDraft) => void;
    errors: FieldErrors;
  },
) {
  return (
    <div class="version-editor">
      <ContentEditor
        value={draft.content}
        error={errors.content}
        onInput={(content) =>
          onChange({ content, variables: syncVariables(content, draft.variables) })}
      />
      <VariablesPanel
        variables={draft.variables}
        errors={errors}
        onChange={(variables) => onChange({ ...draft, variables })}
      />
    </div>
  );
}
