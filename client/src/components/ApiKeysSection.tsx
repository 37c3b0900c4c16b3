import { useState } from "preact/hooks";
import { ApiFailure, errorMessage } from "../lib/api.ts";
import { formatDate } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import type { ApiKey, ApiKeyScope, CreatedApiKey } from "../lib/types.ts";
import { useResource } from "../lib/use_resource.ts";
import { ConfirmButton } from "./ConfirmDialog.tsx";
import { CopyButton } from "./CopyButton.tsx";
import { Field } from "./Field.tsx";
import { KeyScopesFields } from "./KeyScopesFields.tsx";
import { Empty, ErrorNotice, Loading } from "./States.tsx";

/** API keys for direct HTTP callers: the key is shown once, when it is made. */
export function ApiKeysSection() {
  const keys = useResource(
    (signal) => api.get("/api-keys", { query: { limit: 100 }, signal }),
    [],
  );
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>(["read", "run", "write"]);
  const [promptIds, setPromptIds] = useState<string[] | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  async function create(e: Event) {
    e.preventDefault();
    setNameError(null);
    try {
      const key = await api.post("/api-keys", {
        body: { name, scopes, prompt_ids: promptIds ?? undefined },
      });
      setCreated(key);
      setName("");
      setPromptIds(null);
      keys.reload();
    } catch (e) {
      setNameError(e instanceof ApiFailure ? e.fields.name ?? e.message : errorMessage(e));
    }
  }

  async function revoke(k: ApiKey) {
    await api.del("/api-keys/{id}", { path: { id: k.id } });
    keys.reload();
  }

  return (
    <section class="card stack" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <form class="stack" onSubmit={create} aria-label="New API key">
        <div class="inline-form">
          <Field label="Key name" error={nameError}>
            <input
              required
              maxLength={100}
              value={name}
              onInput={(e) => setName(e.currentTarget.value)}
            />
          </Field>
          <button type="submit">Create key</button>
        </div>
        <KeyScopesFields
          scopes={scopes}
          onScopes={setScopes}
          promptIds={promptIds}
          onPromptIds={setPromptIds}
        />
      </form>
      {created && (
        <div class="notice" role="status">
          <p>Copy your new key now: it will not be shown again.</p>
          <code class="secret" data-testid="new-api-key">{created.key}</code>
          <CopyButton text={created.key} />
          <button type="button" class="link" onClick={() => setCreated(null)}>Done</button>
        </div>
      )}
      {keys.loading && !keys.data && <Loading />}
      {keys.error ? <ErrorNotice error={keys.error} retry={keys.reload} /> : null}
      {keys.data?.items.length === 0 && <Empty>No API keys yet.</Empty>}
      {keys.data && keys.data.items.length > 0 && (
        <ul class="key-list">
          {keys.data.items.map((k) => (
            <li key={k.id} class="key-item">
              <div>
                <strong>{k.name}</strong> <code>{k.prefix}…</code>{" "}
                <span data-testid="key-scopes">
                  {k.scopes.join(", ")}
                  {k.prompt_ids ? ` · ${k.prompt_ids.length} prompt(s) only` : ""}
                </span>
                <p class="muted">
                  created {formatDate(k.created_at)} · last used{" "}
                  {k.last_used_at ? formatDate(k.last_used_at) : "never"}
                  {k.revoked_at ? ` · revoked ${formatDate(k.revoked_at)}` : ""}
                </p>
              </div>
              {!k.revoked_at && (
                <ConfirmButton
                  label="Revoke"
                  ariaLabel={`Revoke ${k.name}`}
                  title={`Revoke “${k.name}”?`}
                  confirmLabel="Revoke key"
                  action={() => revoke(k)}
                >
                  <p>
                    Every caller using <code>{k.prefix}…</code>{" "}
                    is refused from now on. A revoked key cannot be restored.
                  </p>
                </ConfirmButton>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
