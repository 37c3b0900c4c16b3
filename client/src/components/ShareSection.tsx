import { galleryCategories } from "../lib/gallery_categories.ts";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";
import { ShareCounts } from "./ShareCounts.tsx";
import { ShareLink } from "./ShareLink.tsx";
import { SharingForm } from "./SharingForm.tsx";
import { ErrorNotice, Loading } from "./States.tsx";

/** The owner's Share tab: visibility, category, history for readers, the link and the counts. */
export default function ShareSection({ promptId }: { promptId: string }) {
  const sharing = useResource(
    (signal) => api.get("/prompts/{id}/sharing", { path: { id: promptId }, signal }),
    [promptId],
  );
  const categories = useResource(() => galleryCategories(), []);
  const failed = sharing.error || categories.error;
  if (failed) {
    return (
      <ErrorNotice
        error={failed}
        retry={() => {
          sharing.reload();
          categories.reload();
        }}
      />
    );
  }
  const s = sharing.data;
  if (!s || !categories.data) return <Loading label="Loading sharing…" />;
  return (
    <div class="two-col">
      <SharingForm
        promptId={promptId}
        sharing={s}
        categories={categories.data}
        onSaved={sharing.set}
      />
      <section class="card stack" aria-labelledby="share-link-title">
        <h2 id="share-link-title">Share link</h2>
        <ShareLink sharing={s} onRotated={sharing.set} />
        {s.visibility === "public" && <a href={`/gallery/${promptId}`}>See it in the gallery</a>}
        <ShareCounts counts={s} />
        <p class="muted">
          Readers see you as its author by your <a href="/settings">public name</a>.
        </p>
      </section>
    </div>
  );
}
