import { useEffect } from "preact/hooks";
import { useRoute } from "preact-iso";
import { HighlightedTemplate } from "../components/HighlightedTemplate.tsx";
import { ReaderActions } from "../components/ReaderActions.tsx";
import { RunPanel } from "../components/RunPanel.tsx";
import { ShareCounts } from "../components/ShareCounts.tsx";
import { SharedHistory } from "../components/SharedHistory.tsx";
import { SharedVersionDetails } from "../components/SharedVersionDetails.tsx";
import { SignInNotice } from "../components/SignInNotice.tsx";
import { ErrorNotice, Loading } from "../components/States.tsx";
import { TagList } from "../components/TagList.tsx";
import { ApiFailure } from "../lib/api.ts";
import { api, session } from "../lib/session.ts";
import { loadShared, runnableVersion, type SharedSource } from "../lib/sharing.ts";
import type { SharedPrompt } from "../lib/types.ts";
import { useResource } from "../lib/use_resource.ts";

/** A public prompt (/gallery/:id) or one shared by link (/s/:slug), as its readers see it. */
export default function SharedPromptPage() {
  const { params } = useRoute();
  const source: SharedSource = params.slug ? { slug: params.slug } : { id: params.id ?? "" };
  const prompt = useResource(
    (signal) => loadShared(api, source, signal),
    [params.id, params.slug],
  );
  const p = prompt.data;

  useEffect(() => {
    if (p) document.title = `${p.title} · Promptline`;
  }, [p?.title]);

  if (prompt.error) {
    // 404: private again, or a rotated link; 422: an address no link ever had.
    const gone = prompt.error instanceof ApiFailure && [404, 422].includes(prompt.error.status);
    return (
      <main class="page">
        {gone
          ? <h1>This prompt is not shared, or its link has changed</h1>
          : <ErrorNotice error={prompt.error} retry={prompt.reload} />}
        <a href="/gallery">Back to the gallery</a>
      </main>
    );
  }
  if (!p) {
    return (
      <main class="page">
        <Loading label="Loading prompt…" />
      </main>
    );
  }
  return (
    <main class="page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/gallery">Gallery</a>
        {p.category_id && (
          <>
            / <a href={`/gallery?category=${p.category_id}`}>{p.category}</a>
          </>
        )}
      </nav>
      <div class="toolbar">
        <h1>{p.title}</h1>
        {p.is_owner && <a href={`/prompts/${p.id}?tab=share`}>Your prompt: sharing settings</a>}
      </div>
      <p class="muted">
        by <span class="author">{p.author_name}</span>
        {p.version.version_number ? ` · v${p.version.version_number}` : ""}
      </p>
      {p.description && <p>{p.description}</p>}
      <TagList tags={p.tags} />
      <ShareCounts counts={p} />
      <ReaderActions prompt={p} source={source} onChange={prompt.set} />
      <div class="two-col run-layout">
        <div class="stack">
          <section class="card" aria-labelledby="shared-content-title">
            <h2 id="shared-content-title">Prompt</h2>
            <pre class="editor-layer"><HighlightedTemplate content={p.version.content} /></pre>
          </section>
          <SharedVersionDetails variables={p.version.variables} config={p.version.model_config} />
          {p.history && <SharedHistory history={p.history} />}
        </div>
        <RunSection prompt={p} onRun={prompt.reload} />
      </div>
    </main>
  );
}

/** Runs the prompt for a signed-in reader, charged to them; signed out, asks them to sign in. */
function RunSection({ prompt, onRun }: { prompt: SharedPrompt; onRun: () => void }) {
  const version = runnableVersion(prompt.version);
  if (!session.value) return <SignInNotice action="run this prompt with your own quota" />;
  if (!version) return <p class="muted">This prompt has no version to run.</p>;
  return (
    <RunPanel
      key={version.id}
      promptId={prompt.id}
      version={version}
      history={false}
      onFinished={onRun}
    />
  );
}
