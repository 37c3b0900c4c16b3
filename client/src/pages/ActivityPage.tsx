// Activity: what changed in the user's account and by whom (their audit log entries, written by
// SQL triggers), and the feedback they sent with the admins' answers.
import { LoadMore } from "../components/LoadMore.tsx";
import { Empty, ErrorNotice, Loading } from "../components/States.tsx";
import type { components } from "../lib/api_schema.ts";
import { formatDate } from "../lib/format.ts";
import { api, session } from "../lib/session.ts";
import { fullPage, usePages } from "../lib/use_pages.ts";

type AuditEntry = components["schemas"]["AuditEntry"];
type Feedback = components["schemas"]["Feedback"];

const what: Record<string, string> = {
  prompts: "Prompt",
  prompt_versions: "Prompt version",
  user_settings: "Settings",
  api_keys: "API key",
  provider_keys: "Provider key",
  profiles: "Profile",
  feedback: "Feedback",
};

function who(e: AuditEntry): string {
  if (e.actor_id === null) {
    if (e.action === "insert" && ["profiles", "user_settings"].includes(e.table_name)) {
      return "sign-up";
    }
    return e.actor_role === "postgres" ? "an admin (Studio or SQL)" : e.actor_role;
  }
  if (e.actor_id === session.value?.user.id) return e.api_key_id ? "you (API key)" : "you";
  return "an admin";
}

function describe(e: AuditEntry): string {
  const name = (e.after?.title ?? e.after?.name ?? e.before?.title ?? e.before?.name) as
    | string
    | undefined;
  const thing = `${what[e.table_name] ?? e.table_name}${name ? ` “${name}”` : ""}`;
  if (e.action === "insert") return `${thing} created`;
  if (e.action === "delete") return `${thing} deleted`;
  const changes = (e.changed_columns ?? []).map((c) => {
    const b = e.before?.[c];
    const a = e.after?.[c];
    const simple = (v: unknown) => typeof v !== "object" && String(v).length <= 40;
    return simple(b) && simple(a) ? `${c}: ${String(b)} → ${String(a)}` : c;
  });
  return `${thing} changed: ${changes.join(", ")}`;
}

function FeedbackList({ items }: { items: Feedback[] }) {
  if (!items.length) return <Empty>You have not sent feedback yet.</Empty>;
  return (
    <ul class="feedback-list">
      {items.map((f) => (
        <li key={f.id} class="card stack">
          <div class="row">
            <span class={`badge badge-${f.status}`}>{f.status.replace("_", " ")}</span>
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
  // A page is the entries after the last one shown (`before`, its id).
  const log = usePages(async (cursor, signal) => {
    const { entries } = await api.get("/activity", {
      query: { limit: 50, before: cursor ? Number(cursor) : undefined },
      signal,
    });
    return fullPage(entries, 50, () => `${entries[49]!.id}`);
  }, []);
  const entries = log.items;
  const feedback = usePages(async (cursor, signal) => {
    const page = await api.get("/feedback", { query: { cursor }, signal });
    return { items: page.feedback, next_cursor: page.next_cursor };
  }, []);
  return (
    <main class="page">
      <h1>Activity</h1>
      <section class="card stack" aria-labelledby="feedback-title">
        <h2 id="feedback-title">Your feedback</h2>
        {!feedback.items && !feedback.error && <Loading label="Loading your feedback…" />}
        {feedback.error && !feedback.items
          ? <ErrorNotice error={feedback.error} retry={feedback.reload} />
          : null}
        {feedback.items && <FeedbackList items={feedback.items} />}
        <LoadMore pages={feedback} />
      </section>
      <section class="card stack" aria-labelledby="log-title">
        <h2 id="log-title">Changes to your account</h2>
        {!entries && !log.error && <Loading label="Loading activity…" />}
        {log.error && !entries ? <ErrorNotice error={log.error} retry={log.reload} /> : null}
        {entries &&
          (entries.length === 0 ? <Empty>Nothing yet.</Empty> : (
            <div class="table-wrap">
              <table class="runs-table">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>What</th>
                    <th>By</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((e) => (
                    <tr key={e.id}>
                      <td>{formatDate(e.occurred_at)}</td>
                      <td>
                        <div class="clamp">{describe(e)}</div>
                      </td>
                      <td>{who(e)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        <LoadMore pages={log} />
      </section>
    </main>
  );
}
