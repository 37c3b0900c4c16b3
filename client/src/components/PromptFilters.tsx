import { tags } from "../lib/store.ts";
import { promptStatuses } from "../lib/types.ts";

export function PromptFilters(
  { status, tag, onChange }: {
    status: string;
    tag: string;
    onChange: (f: { status: string; tag: string }) => void;
  },
) {
  return (
    <div class="filters" role="group" aria-label="Filters">
      <label class="field field-inline">
        <span class="field-label">Status</span>
        <select value={status} onChange={(e) => onChange({ status: e.currentTarget.value, tag })}>
          <option value="">Any</option>
          {promptStatuses.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
      </label>
      <label class="field field-inline">
        <span class="field-label">Tag</span>
        <select value={tag} onChange={(e) => onChange({ status, tag: e.currentTarget.value })}>
          <option value="">Any</option>
          {tags.value.map((t) => <option key={t.id} value={t.name}>{t.name}</option>)}
        </select>
      </label>
    </div>
  );
}
