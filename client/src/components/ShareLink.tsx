import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api.ts";
import { api } from "../lib/session.ts";
import { shareLink } from "../lib/sharing.ts";
import type { PromptSharing } from "../lib/types.ts";
import { ConfirmDialog } from "./ConfirmDialog.tsx";
import { CopyButton } from "./CopyButton.tsx";

/** The share link of an unlisted or public prompt, to copy, or to replace with a new one. */
export function ShareLink(
  { sharing, onRotated }: { sharing: PromptSharing; onRotated: (s: PromptSharing) => void },
) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!sharing.slug) return <p class="muted">A private prompt has no share link.</p>;
  const link = shareLink(location.origin, sharing.slug);

  async function rotate() {
    try {
      onRotated(
        await api.post("/prompts/{id}/sharing/rotate", { path: { id: sharing.prompt_id } }),
      );
      setConfirming(false);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <div class="stack">
      <a href={link} class="share-link" data-testid="share-link">{link}</a>
      <div class="actions">
        <CopyButton text={link} label="Copy link" />
        <button type="button" onClick={() => setConfirming(true)}>Rotate link</button>
      </div>
      {confirming && (
        <ConfirmDialog
          title="Replace the share link?"
          confirmLabel="Rotate link"
          danger
          onConfirm={rotate}
          onCancel={() => setConfirming(false)}
        >
          <p>The current link stops working at once; only the new one opens the prompt.</p>
          {error && <p class="field-error" role="alert">{error}</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}
