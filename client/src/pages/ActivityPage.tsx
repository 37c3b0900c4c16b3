// Activity: what changed in the user's account and by whom (their audit log entries, written by
// SQL triggers), and the feedback they sent with the admins' answers.
import { AuditTable } from "../components/AuditTable.tsx";
import { PagedList } from "../components/PagedList.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import type { components } from "../lib/api_schema.ts";
import { formatDate } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import { usePages } from "../lib/use_pages.ts";

type Feedback = components["schemas"]["Feedback"];

function FeedbackList({ items }: { items: Feedback[] }) {
  return (
    <ul class="feedback-list">
      {items.map((f) => (
        <li key={f.id} class="card stack">
          <div class="row">
            <StatusBadge status={f.status} />
            <strong>{f.feedback_type}</strong>
            <span class="muted">{f.priority} · {formatDate(f.created_at)}</span>
          </div>
          <p>{f.message}</p>
          {f.admin_response
            ? (
              <blockquote class="response">
                <strong>Response</strong> <span class="muted">{formatDate(f.responded_at)}</span>
                <p>{f.admin_response}</p>
              </blockquote>
            )
            : <p class="muted">No response yet.</p>}
        </li>
      ))}
    </ul>
  );
}

export default function ActivityPage() {
  const log = usePages((cursor, signal) => api.get("/activity", { query: { cursor }, signal }), []);
  const feedback = usePages(
    (cursor, signal) => api.get("/feedback", { query: { cursor }, signal }),
    [],
  );
  return (
    <main class="page">
      <h1>Activity</h1>
      <section class="card stack" aria-labelledby="feedback-title">
        <h2 id="feedback-title">Your feedback</h2>
        <PagedList
          pages={feedback}
          loading="Loading your feedback…"
          empty="You have not sent feedback yet."
        >
          {(items) => <FeedbackList items={items} />}
        </PagedList>
      </section>
      <section class="card stack" aria-labelledby="log-title">
        <h2 id="log-title">Changes to your account</h2>
        <PagedList pages={log} loading="Loading activity…" empty="Nothing yet.">
          {(entries) => <AuditTable entries={entries} />}
        </PagedList>
      </section>
    </main>
  );
}
