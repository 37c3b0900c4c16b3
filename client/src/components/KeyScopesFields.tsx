import { isAdmin } from "../lib/role.ts";
import { api } from "../lib/session.ts";
import type { ApiKeyScope } from "../lib/types.ts";
import { useResource } from "../lib/use_resource.ts";

const scopeHints: Record<ApiKeyScope, string> = {
  read: "read the library, runs and usage",
  run: "run and render prompts",
  write: "edit the library",
  admin: "the admin area",
};

/** What a new key may do (admin only for admins), and optionally which prompts it reaches. */
export function KeyScopesFields(
  { scopes, onScopes, promptIds, onPromptIds }: {
    scopes: ApiKeyScope[];
    onScopes: (s: ApiKeyScope[]) => void;
    /** null: all of your prompts. */
    promptIds: string[] | null;
    onPromptIds: (ids: string[] | null) => void;
  },
) {
  const offered = (Object.keys(scopeHints) as ApiKeyScope[]).filter((s) =>
    s !== "admin" || isAdmin.value
  );
  return (
    <fieldset class="row" aria-label="Key scopes">
      <legend>Scopes</legend>
      {offered.map((s) => (
        <label key={s} title={scopeHints[s]}>
          <input
            type="checkbox"
            checked={scopes.includes(s)}
            onChange={(e) =>
              onScopes(e.currentTarget.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
          />{" "}
          {s}
        </label>
      ))}
      <label>
        <input
          type="checkbox"
          checked={promptIds !== null}
          onChange={(e) => onPromptIds(e.currentTarget.checked ? [] : null)}
        />{" "}
        Only some prompts
      </label>
      {promptIds !== null && <PromptChoice chosen={promptIds} onChange={onPromptIds} />}
    </fieldset>
  );
}

function PromptChoice(
  { chosen, onChange }: { chosen: string[]; onChange: (ids: string[]) => void },
) {
  const prompts = useResource(
    (signal) => api.get("/prompts", { query: { limit: 100 }, signal }),
    [],
  );
  return (
    <select
      multiple
      required
      aria-label="Prompts the key reaches"
      onChange={(e) => onChange([...e.currentTarget.selectedOptions].map((o) => o.value))}
    >
      {prompts.data?.items.map((p) => (
        <option key={p.id} value={p.id} selected={chosen.includes(p.id)}>{p.title}</option>
      ))}
    </select>
  );
}
