import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { errorMessage } from "../lib/api.ts";
import { api, session } from "../lib/session.ts";
import { forkShared, setFavorited, setLiked, type SharedSource } from "../lib/sharing.ts";
import { loadCatalogs } from "../lib/store.ts";
import type { SharedPrompt } from "../lib/types.ts";
import { SignInNotice } from "./SignInNotice.tsx";

/**
 * Like, favorite and fork a shared prompt. Signed out, each asks the reader to sign in. Only a
 * public prompt takes likes and favorites; an unlisted one (read through its link) is only forked.
 */
export function ReaderActions(
  { prompt, source, onChange }: {
    prompt: SharedPrompt;
    source: SharedSource;
    onChange: (p: SharedPrompt) => void;
  },
) {
  const { route } = useLocation();
  const [asked, setAsked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function act(action: string, work: () => Promise<void>) {
    if (!session.value) return setAsked(action);
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }
  const like = () =>
    act("like this prompt", async () => onChange(await setLiked(api, prompt, !prompt.liked)));
  const favorite = () =>
    act(
      "add this prompt to your favorites",
      async () => onChange(await setFavorited(api, prompt, !prompt.favorited)),
    );
  const fork = () =>
    act("fork this prompt into your library", async () => {
      const copy = await forkShared(api, source);
      void loadCatalogs();
      route(`/prompts/${copy.id}`);
    });

  return (
    <div class="stack reader-actions">
      <div class="actions">
        {prompt.visibility === "public" && (
          <>
            <button type="button" aria-pressed={prompt.liked} disabled={busy} onClick={like}>
              {prompt.liked ? "♥ Liked" : "♡ Like"}
            </button>
            <button
              type="button"
              aria-pressed={prompt.favorited}
              disabled={busy}
              onClick={favorite}
            >
              {prompt.favorited ? "★ Favorited" : "☆ Favorite"}
            </button>
          </>
        )}
        <button type="button" class="primary" disabled={busy} onClick={fork}>
          Fork into my library
        </button>
      </div>
      {asked && <SignInNotice action={asked} />}
      {error && <p class="field-error" role="alert">{error}</p>}
    </div>
  );
}
