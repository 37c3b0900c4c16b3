// The Feedback button on every page: a dialog that sends POST /feedback with what the browser
// tells about itself (user agent, language, viewport, time zone, platform, screen, touch), the
// page it was sent from, and the prompt that page shows, if any. Answers appear on /activity.
import { useEffect, useRef, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { errorMessage } from "../lib/api.ts";
import { feedbackPriorityValues, feedbackTypeValues } from "../lib/api_schema.ts";
import { api } from "../lib/session.ts";
import { useResource } from "../lib/use_resource.ts";

type FeedbackType = "bug" | "feature" | "general" | "support";
type Priority = "low" | "medium" | "high" | "urgent";

function captured(path: string) {
  const nav = navigator;
  return {
    page: path.slice(0, 500),
    prompt_id: /^\/prompts\/([0-9a-f-]{36})/.exec(path)?.[1] ?? null,
    user_agent: nav.userAgent.slice(0, 1000),
    browser_info: {
      language: nav.language,
      viewport: `${innerWidth}x${innerHeight}`,
      time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
    device_info: {
      platform: nav.platform,
      screen: `${screen.width}x${screen.height}`,
      touch: nav.maxTouchPoints > 0,
    },
  };
}

function FeedbackDialog({ onClose }: { onClose: () => void }) {
  const { path } = useLocation();
  const ref = useRef<HTMLDialogElement>(null);
  const [type, setType] = useState<FeedbackType>("general");
  const [priority, setPriority] = useState<Priority>("medium");
  const [message, setMessage] = useState("");
  const [rating, setRating] = useState("");
  const [category, setCategory] = useState("");
  // The admins' categories (Product / Runs, …); without them the feedback is sent uncategorised.
  const categories = useResource(
    (signal) => api.get("/feedback/categories", { signal }).then((b) => b.items),
    [],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post("/feedback", {
        body: {
          feedback_type: type,
          priority,
          message,
          rating: rating ? Number(rating) : null,
          category_id: category || null,
          ...captured(path),
        },
      });
      setSent(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="feedback-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="feedback-title">Send feedback</h2>
      {sent
        ? (
          <div class="stack">
            <p role="status">
              Thank you. You will find the answer on your <a href="/activity">Activity</a> page.
            </p>
            <div class="actions">
              <button type="button" class="primary" onClick={onClose}>Close</button>
            </div>
          </div>
        )
        : (
          <form class="stack" onSubmit={submit}>
            <div class="row">
              <label class="field">
                <span class="field-label">Type</span>
                <select
                  value={type}
                  onChange={(e) => setType(e.currentTarget.value as FeedbackType)}
                >
                  {feedbackTypeValues.map((t) => <option key={t} value={t}>{t}</option>)}
                </select>
              </label>
              <label class="field">
                <span class="field-label">Priority</span>
                <select
                  value={priority}
                  onChange={(e) => setPriority(e.currentTarget.value as Priority)}
                >
                  {feedbackPriorityValues.map((p) => <option key={p} value={p}>{p}</option>)}
                </select>
              </label>
              <label class="field">
                <span class="field-label">Rating (optional)</span>
                <select value={rating} onChange={(e) => setRating(e.currentTarget.value)}>
                  <option value="">–</option>
                  {[1, 2, 3, 4, 5].map((r) => <option key={r} value={r}>{r}</option>)}
                </select>
              </label>
            </div>
            {categories.data && categories.data.length > 0 && (
              <label class="field">
                <span class="field-label">About (optional)</span>
                <select value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
                  <option value="">–</option>
                  {categories.data.map((c) => <option key={c.id} value={c.id}>{c.path}</option>)}
                </select>
              </label>
            )}
            <label class="field">
              <span class="field-label">Message</span>
              <textarea
                required
                maxLength={5000}
                rows={5}
                value={message}
                onInput={(e) => setMessage(e.currentTarget.value)}
              />
            </label>
            <p class="field-hint">
              Sent with this page's address and your browser's and device's basic details.
            </p>
            {error && <p class="field-error" role="alert">{error}</p>}
            <div class="actions">
              <button type="button" onClick={onClose}>Cancel</button>
              <button type="submit" class="primary" disabled={busy || !message.trim()}>
                Send feedback
              </button>
            </div>
          </form>
        )}
    </dialog>
  );
}

export function FeedbackButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class="feedback-button" onClick={() => setOpen(true)}>
        Feedback
      </button>
      {open && <FeedbackDialog onClose={() => setOpen(false)} />}
    </>
  );
}
