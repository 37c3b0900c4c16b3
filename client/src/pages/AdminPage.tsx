// The Admin area (/admin/:tab), shown to admins only: the dashboard (runs and cost per day, cost
// by model, feedback per day, top users, errors by provider), users (plan, role, disabling), all
// runs, feedback triage, every user's audit log and health. Every number comes from the admin_* SQL functions and views,
// so it matches what Studio shows; the API answers 404 to anyone who is not an admin.
import { useMemo, useState } from "preact/hooks";
import { lazy, useRoute } from "preact-iso";
import {
  bars,
  Chart,
  type ChartSpec,
  costByModel,
  countAxis,
  daySeconds,
  runsPerDay,
} from "../components/Chart.tsx";
import { AuditTable } from "../components/AuditTable.tsx";
import { type Column, DataTable } from "../components/DataTable.tsx";
import { Filter, options } from "../components/Filter.tsx";
import { ModelsAdmin } from "../components/ModelsAdmin.tsx";
import { PlansAdmin } from "../components/PlansAdmin.tsx";
import { PagedList } from "../components/PagedList.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { Empty, ErrorNotice, Loading } from "../components/States.tsx";
import { errorMessage } from "../lib/api.ts";
import {
  type components,
  feedbackPriorityValues,
  feedbackStatusValues,
  planValues,
  runStatusValues,
  userRoleValues,
} from "../lib/api_schema.ts";
import { auditTables } from "../lib/audit_entry.ts";
import { formatCost, formatDate, formatMs } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import { useDebounced } from "../lib/use_debounced.ts";
import { usePages } from "../lib/use_pages.ts";
import { useResource } from "../lib/use_resource.ts";

// The Workflows tab comes with the workflow pages' chunk.
const WorkflowsAdmin = lazy(() =>
  import("./workflow_pages_chunk.tsx").then((m) => m.WorkflowsAdmin)
);

type S = components["schemas"];
type Dashboard = S["AdminDashboard"];
type AdminUser = S["AdminUser"];
type AdminFeedback = S["AdminFeedback"];
type FeedbackCategory = S["FeedbackCategory"];
type FeedbackDay = S["FeedbackAnalyticsDay"];

const tabs = [
  ["dashboard", "Dashboard"],
  ["users", "Users"],
  ["runs", "Runs"],
  ["feedback", "Feedback"],
  ["workflows", "Workflows"],
  ["models", "Models"],
  ["plans", "Plans"],
  ["audit", "Audit log"],
  ["health", "Health"],
] as const;

function DashboardCharts({ d, fb }: { d: Dashboard; fb: FeedbackDay[] }) {
  const charts = useMemo((): Record<"runs" | "cost" | "models" | "feedback", ChartSpec> => {
    const x = d.per_day.map((p) => daySeconds(p.day));
    const byDay = new Map(fb.map((f) => [f.day, f]));
    return {
      runs: runsPerDay(d.per_day),
      cost: {
        options: {
          series: [{}, { label: "Cost $", stroke: "#059669", width: 2 }],
          axes: [{}, { label: "USD", size: 70 }],
        },
        data: [x, d.per_day.map((p) => p.cost_usd)],
      },
      models: costByModel(d.cost_by_model),
      feedback: {
        options: {
          series: [{}, {
            label: "Feedback",
            stroke: "#d97706",
            fill: "#d9770688",
            paths: bars,
          }, { label: "Resolved", stroke: "#059669" }],
          axes: [{}, countAxis("feedback")],
        },
        // On the dashboard's days (a day without feedback is 0), so the axes match.
        data: [
          x,
          d.per_day.map((p) => byDay.get(p.day)?.total_feedback ?? 0),
          d.per_day.map((p) => byDay.get(p.day)?.resolved_feedback ?? 0),
        ],
      },
    };
  }, [d, fb]);
  return (
    <div class="charts">
      <Chart title="Runs per day" {...charts.runs} />
      <Chart title="Cost per day" {...charts.cost} />
      {d.cost_by_model.length > 0 && (
        <Chart
          title="Cost by model this month"
          {...charts.models}
        />
      )}
      {fb.length > 0 && (
        <Chart
          title="Feedback per day"
          {...charts.feedback}
        />
      )}
    </div>
  );
}

function DashboardTab() {
  const [days, setDays] = useState(14);
  const d = useResource(
    (signal) => api.get("/admin/dashboard", { query: { days }, signal }),
    [days],
  );
  const fb = useResource(
    (signal) => api.get("/admin/feedback/analytics", { query: { days }, signal }),
    [days],
  );
  if (d.error) return <ErrorNotice error={d.error} retry={d.reload} />;
  if (!d.data) return <Loading label="Loading the dashboard…" />;
  const totals = d.data.per_day.reduce(
    (a, p) => ({ runs: a.runs + p.runs, cost: a.cost + p.cost_usd }),
    { runs: 0, cost: 0 },
  );
  return (
    <section class="card stack" aria-labelledby="dash-title">
      <div class="toolbar">
        <h2 id="dash-title">Last {days} days</h2>
        <label class="field field-inline">
          <span class="field-label">Period</span>
          <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
            {[7, 14, 30, 90].map((n) => <option key={n} value={n}>{n} days</option>)}
          </select>
        </label>
      </div>
      <dl class="stats">
        <div>
          <dt>Users</dt>
          <dd>{d.data.users} ({d.data.disabled_users} disabled)</dd>
        </div>
        <div>
          <dt>Runs</dt>
          <dd>{totals.runs}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(totals.cost)}</dd>
        </div>
      </dl>
      <DashboardCharts d={d.data} fb={fb.data?.days ?? []} />
      <div class="two-col">
        <div>
          <h3>Top users by cost this month</h3>
          {d.data.top_users.length === 0 ? <Empty>No runs this month.</Empty> : (
            <DataTable
              rows={d.data.top_users}
              rowKey={(u) => u.user_id}
              label="Top users by cost this month"
              columns={[
                { cell: (u) => u.email, class: "email" },
                { cell: (u) => u.plan },
                { cell: (u) => `${u.runs} runs`, class: "num" },
                { cell: (u) => formatCost(u.cost_usd), class: "num" },
              ]}
            />
          )}
        </div>
        <div>
          <h3>Errors by provider (30 days)</h3>
          {d.data.errors_by_provider.length === 0 ? <Empty>No runs.</Empty> : (
            <DataTable
              rows={d.data.errors_by_provider}
              rowKey={(p) => p.provider_id}
              label="Errors by provider (30 days)"
              columns={[
                { cell: (p) => p.provider_id },
                { cell: (p) => `${p.runs} runs`, class: "num" },
                { cell: (p) => `${p.errors} errors`, class: "num" },
                { cell: (p) => `${p.timeouts} timeouts`, class: "num" },
              ]}
            />
          )}
        </div>
      </div>
    </section>
  );
}

function UserRow({ user }: { user: AdminUser }) {
  const [u, setUser] = useState(user);
  const [error, setError] = useState<string | null>(null);
  async function change(
    body: { plan?: AdminUser["plan"]; role?: AdminUser["role"]; disabled?: boolean },
  ) {
    setError(null);
    try {
      setUser(await api.patch("/admin/users/{id}", { path: { id: u.user_id }, body }));
    } catch (e) {
      setError(errorMessage(e));
    }
  }
  return (
    <tr>
      <td class="email">
        {u.email}
        {error && <span class="field-error" role="alert">{error}</span>}
      </td>
      <td>
        <select
          aria-label={`Plan of ${u.email}`}
          value={u.plan}
          onChange={(e) => void change({ plan: e.currentTarget.value as AdminUser["plan"] })}
        >
          {options(planValues)}
        </select>
      </td>
      <td>
        <select
          aria-label={`Role of ${u.email}`}
          value={u.role}
          onChange={(e) => void change({ role: e.currentTarget.value as AdminUser["role"] })}
        >
          {options(userRoleValues)}
        </select>
      </td>
      <td>{u.runs_this_month} / {u.runs_total}</td>
      <td>{formatCost(u.cost_this_month_usd)}</td>
      <td>
        <button
          type="button"
          class="link"
          onClick={() => void change({ disabled: !u.disabled_at })}
        >
          {u.disabled_at ? "Enable" : "Disable"}
        </button>
      </td>
    </tr>
  );
}

function UsersTab() {
  const [typed, setTyped] = useState("");
  const search = useDebounced(typed.trim(), 250);
  const users = usePages(
    (cursor, signal) =>
      api.get("/admin/users", { query: { search: search || undefined, cursor }, signal }),
    [search],
  );
  return (
    <section class="card stack" aria-labelledby="users-title">
      <div class="toolbar">
        <h2 id="users-title">Users</h2>
        <input
          type="search"
          aria-label="Search users"
          placeholder="Email or name"
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
      </div>
      <PagedList pages={users} loading="Loading users…" empty="No users match.">
        {(items) => (
          <div class="table-wrap">
            <table class="runs-table">
              <thead>
                <tr>
                  <th>User</th>
                  <th>Plan</th>
                  <th>Role</th>
                  <th>Runs (month / all)</th>
                  <th>Cost this month</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {items.map((u) => <UserRow key={u.user_id} user={u} />)}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
    </section>
  );
}

const runColumns: Column<S["AdminRun"]>[] = [
  { head: "When", cell: (r) => formatDate(r.created_at) },
  { head: "User", cell: (r) => r.email, class: "email" },
  { head: "Model", cell: (r) => r.model },
  { head: "Status", cell: (r) => <StatusBadge status={r.status} /> },
  { head: "Latency", cell: (r) => formatMs(r.latency_ms) },
  { head: "Cost", cell: (r) => formatCost(r.cost_usd) },
];

function RunsTab() {
  const [status, setStatus] = useState("");
  const runs = usePages(
    (cursor, signal) =>
      api.get("/admin/runs", {
        query: { status: (status || undefined) as S["AdminRun"]["status"] | undefined, cursor },
        signal,
      }),
    [status],
  );
  return (
    <section class="card stack" aria-labelledby="runs-title">
      <div class="toolbar">
        <h2 id="runs-title">All runs</h2>
        <Filter label="Status" all="any" value={status} onChange={setStatus}>
          {options(runStatusValues)}
        </Filter>
      </div>
      <PagedList pages={runs} loading="Loading runs…" empty="No runs.">
        {(items) => <DataTable rows={items} rowKey={(r) => r.id} columns={runColumns} />}
      </PagedList>
    </section>
  );
}

function TriageForm(
  { f, categories, onSaved }: {
    f: AdminFeedback;
    categories: FeedbackCategory[];
    onSaved: (f: AdminFeedback) => void;
  },
) {
  const [status, setStatus] = useState(f.status);
  const [category, setCategory] = useState(f.category_id ?? "");
  const [priority, setPriority] = useState(f.priority);
  const [tags, setTags] = useState(f.tags.join(", "));
  const [response, setResponse] = useState(f.admin_response ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await api.patch("/admin/feedback/{id}", {
          path: { id: f.id },
          body: {
            status,
            priority,
            category_id: category || null,
            tags: tags.split(",").map((t) => t.trim()).filter(Boolean),
            response: response.trim() || null,
          },
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="stack" onSubmit={save} aria-label={`Triage feedback from ${f.email}`}>
      <div class="row">
        <label class="field">
          <span class="field-label">Status</span>
          <select
            value={status}
            onChange={(e) => setStatus(e.currentTarget.value as typeof status)}
          >
            {options(feedbackStatusValues)}
          </select>
        </label>
        <label class="field">
          <span class="field-label">Priority</span>
          <select
            value={priority}
            onChange={(e) => setPriority(e.currentTarget.value as typeof priority)}
          >
            {options(feedbackPriorityValues)}
          </select>
        </label>
        <label class="field">
          <span class="field-label">Category</span>
          <select value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">none</option>
            {categories.map((c) => <option key={c.id} value={c.id}>{c.path}</option>)}
          </select>
        </label>
        <label class="field">
          <span class="field-label">Tags</span>
          <input value={tags} onInput={(e) => setTags(e.currentTarget.value)} />
        </label>
      </div>
      <label class="field">
        <span class="field-label">Response to the user</span>
        <textarea rows={3} value={response} onInput={(e) => setResponse(e.currentTarget.value)} />
      </label>
      {error && <p class="field-error" role="alert">{error}</p>}
      <div class="actions">
        {f.responded_at && <span class="muted">Answered {formatDate(f.responded_at)}</span>}
        <button type="submit" class="primary" disabled={busy}>Save triage</button>
      </div>
    </form>
  );
}

/** One piece of feedback and its triage form; a saved triage shows here at once. */
function FeedbackCard(
  { feedback, categories }: { feedback: AdminFeedback; categories: FeedbackCategory[] },
) {
  const [f, setFeedback] = useState(feedback);
  return (
    <li class="card stack">
      <div class="row">
        <StatusBadge status={f.status} />
        <strong>{f.feedback_type}</strong>
        <span class="muted">
          {f.priority} · {f.email} · {formatDate(f.created_at)}
          {f.category ? ` · ${f.category}` : ""}
          {f.rating ? ` · rated ${f.rating}/5` : ""}
          {f.page ? ` · ${f.page}` : ""}
        </span>
      </div>
      <p>{f.message}</p>
      <details>
        <summary>Browser and device</summary>
        <pre>{JSON.stringify({ user_agent: f.user_agent, browser: f.browser_info, device: f.device_info }, null, 2)}</pre>
      </details>
      <TriageForm f={f} categories={categories} onSaved={setFeedback} />
    </li>
  );
}

function FeedbackTab() {
  const [status, setStatus] = useState("");
  const categories = useResource(
    (signal) => api.get("/feedback/categories", { signal }).then((b) => b.items),
    [],
  );
  const list = usePages(
    (cursor, signal) =>
      api.get("/admin/feedback", {
        query: { status: (status || undefined) as AdminFeedback["status"] | undefined, cursor },
        signal,
      }),
    [status],
  );
  return (
    <section class="card stack" aria-labelledby="fb-title">
      <div class="toolbar">
        <h2 id="fb-title">Feedback</h2>
        <Filter label="Status" all="any" value={status} onChange={setStatus}>
          {options(feedbackStatusValues)}
        </Filter>
      </div>
      <PagedList pages={list} loading="Loading feedback…" empty="No feedback.">
        {(items) => (
          <ul class="feedback-list">
            {items.map((f) => (
              <FeedbackCard key={f.id} feedback={f} categories={categories.data ?? []} />
            ))}
          </ul>
        )}
      </PagedList>
    </section>
  );
}

function AuditTab() {
  const [table, setTable] = useState("");
  const entries = usePages(
    (cursor, signal) =>
      api.get("/admin/audit", { query: { table: table || undefined, cursor }, signal }),
    [table],
  );
  return (
    <section class="card stack" aria-labelledby="audit-title">
      <div class="toolbar">
        <h2 id="audit-title">Audit log</h2>
        <Filter label="Of" all="everything" value={table} onChange={setTable}>
          {Object.entries(auditTables).map(([t, label]) => (
            <option key={t} value={t}>{label}</option>
          ))}
        </Filter>
      </div>
      <PagedList pages={entries} loading="Loading the audit log…" empty="No changes.">
        {(items) => <AuditTable entries={items} showWhose />}
      </PagedList>
    </section>
  );
}

function HealthTab() {
  const h = useResource((signal) => api.get("/admin/health", { signal }), []);
  if (h.error) return <ErrorNotice error={h.error} retry={h.reload} />;
  if (!h.data) return <Loading label="Checking health…" />;
  const { health, integrity, security, stats } = h.data;
  return (
    <section class="card stack" aria-labelledby="health-title">
      <h2 id="health-title">
        Health:{" "}
        <span class={`badge badge-${health.status === "ok" ? "success" : "error"}`}>
          {health.status}
        </span>
      </h2>
      <dl class="stats">
        <div>
          <dt>Integrity issues</dt>
          <dd>{health.integrity_issues}</dd>
        </div>
        <div>
          <dt>Security errors</dt>
          <dd>{health.security_errors}</dd>
        </div>
        <div>
          <dt>Stuck runs</dt>
          <dd>{health.stuck_runs}</dd>
        </div>
        <div>
          <dt>Database</dt>
          <dd>{(stats.database_bytes / 1e6).toFixed(1)} MB, {stats.connections} connections</dd>
        </div>
      </dl>
      <h3>Scheduled jobs</h3>
      <DataTable
        rows={health.jobs}
        rowKey={(j) => j.job}
        label="Scheduled jobs"
        columns={[
          { cell: (j) => j.job },
          { cell: (j) => j.schedule },
          { cell: (j) => j.last_status ?? "not run yet" },
          { cell: (j) => formatDate(j.last_run_at) },
        ]}
      />
      <h3>Integrity</h3>
      <DataTable
        rows={integrity}
        rowKey={(i) => i.check_name}
        label="Integrity"
        columns={[
          { cell: (i) => i.description },
          { cell: (i) => i.issues === 0 ? "ok" : `${i.issues} issue(s)` },
        ]}
      />
      <h3>Security audit</h3>
      {security.length === 0 ? <p class="ok">No findings.</p> : (
        <ul>
          {security.map((s) => (
            <li key={`${s.check_name}-${s.object_name}`}>
              {s.severity}: {s.object_name} ({s.detail})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function AdminPage() {
  const { params } = useRoute();
  const tab = tabs.some(([t]) => t === params.tab) ? params.tab! : "dashboard";
  return (
    <main class="page">
      <h1>Admin</h1>
      <nav class="tabs" aria-label="Admin sections">
        {tabs.map(([t, label]) => (
          <a key={t} href={`/admin/${t}`} aria-current={t === tab ? "page" : undefined}>{label}</a>
        ))}
      </nav>
      {tab === "dashboard" && <DashboardTab />}
      {tab === "users" && <UsersTab />}
      {tab === "runs" && <RunsTab />}
      {tab === "feedback" && <FeedbackTab />}
      {tab === "workflows" && <WorkflowsAdmin />}
      {tab === "models" && <ModelsAdmin />}
      {tab === "plans" && <PlansAdmin />}
      {tab === "audit" && <AuditTab />}
      {tab === "health" && <HealthTab />}
    </main>
  );
}
