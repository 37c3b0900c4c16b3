import { formatDate } from "../lib/format.ts";
import type { PromptSummary } from "../lib/types.ts";
import { StatusBadge } from "./StatusBadge.tsx";
import { TagList } from "./TagList.tsx";

export function PromptListItem({ prompt }: { prompt: PromptSummary }) {
  return (
    <li class="prompt-item">
      <a href={`/prompts/${prompt.id}`} class="prompt-link">
        <span class="prompt-title">{prompt.title}</span>
        <StatusBadge status={prompt.status} />
      </a>
      {prompt.description && <p class="muted clamp">{prompt.description}</p>}
      <div class="prompt-meta">
        <TagList tags={prompt.tags} />
        <span class="muted">
          {prompt.current_version_number ? `v${prompt.current_version_number} · ` : ""}
          updated {formatDate(prompt.updated_at)}
        </span>
      </div>
    </li>
  );
}
