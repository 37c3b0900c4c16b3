import { useEffect, useMemo, useState } from "preact/hooks";
import {
  Chart,
  type ChartSpec,
  costByModel,
  daySeconds,
  runsPerDay,
} from "../components/Chart.tsx";
import { SpendBar } from "../components/SpendBar.tsx";
import { Empty, ErrorNotice, Loading } from "../components/States.tsx";
import { budget, loadBudget } from "../lib/budget.ts";
import { formatCost, formatDate } from "../lib/format.ts";
import { api } from "../lib/session.ts";
import type { Metrics, Usage } from "../lib/types.ts";
import { useResource } from "../lib/use_resource.ts";

function TodayCard({ usage }: { usage: Usage }) {
  const used = usage.daily_limit - usage.remaining;
  const pct = usage.daily_limit ? Math.min(100, (used / usage.daily_limit) * 100) : 0;
  return (
    <section class="card stack" aria-labelledby="today-title">
      <h2 id="today-title">Today</h2>
      <dl class="stats">
        <div>
          {/* Runs of prompts only; the totals below count every model call, improves too. */}
          <dt>Prompt runs today</dt>
          <dd>{usage.runs_today}</dd>
        </div>
        <div>
          {/* Improve suggestions are model calls too, so they count against the quota. */}
          <dt>Quota used (runs + improves)</dt>
          <dd>{used} / {usage.daily_limit} ({usage.plan})</dd>
        </div>
        <div>
          <dt>Cost today</dt>
          <dd>{formatCost(usage.cost_usd_today)}</dd>
        </div>
        <div>
          <dt>Resets</dt>
          <dd>{formatDate(usage.resets_at)}</dd>
        </div>
      </dl>
      <progress max={100} value={pct} aria-label="Daily quota used">{Math.round(pct)}%</progress>
    </section>
  );
}

function Charts({ metrics }: { metrics: Metrics }) {
  const charts = useMemo((): Record<"runs" | "latency" | "cost", ChartSpec> => ({
    runs: runsPerDay(metrics.per_day, "calls"),
    latency: {
      options: {
        series: [{}, { label: "p50 ms", stroke: "#0891b2", width: 2 }, {
          label: "p95 ms",
          stroke: "#d97706",
          width: 2,
        }],
        axes: [{}, { label: "ms" }],
      },
      data: [
        metrics.per_day.map((d) => daySeconds(d.day)),
        metrics.per_day.map((d) => d.p50_latency_ms),
        metrics.per_day.map((d) => d.p95_latency_ms),
      ],
    },
    cost: costByModel(metrics.by_model),
  }), [metrics]);
  return (
    <div class="charts">
      <Chart title="Model calls per day" {...charts.runs} />
      <Chart
        title="Latency p50 / p95"
        {...charts.latency}
      />
      {metrics.by_model.length > 0 && <Chart title="Cost by model" {...charts.cost} />}
    </div>
  );
}

export default function UsagePage() {
  const [days, setDays] = useState(14);
  const usage = useResource((signal) => api.get("/usage", { signal }), []);
  useEffect(() => void loadBudget(), []);
  const metrics = useResource((signal) => api.get("/metrics", { query: { days }, signal }), [days]);
  return (
    <main class="page">
      <h1>Usage</h1>
      {usage.loading && !usage.data && <Loading label="Loading today's usage…" />}
      {usage.error ? <ErrorNotice error={usage.error} retry={usage.reload} /> : null}
      {usage.data && <TodayCard usage={usage.data} />}
      {budget.value && (
        <section class="card stack" aria-label="Monthly budget">
          <SpendBar budget={budget.value} />
        </section>
      )}
      <section class="card stack" aria-labelledby="metrics-title">
        <div class="toolbar">
          <h2 id="metrics-title">Last {days} days</h2>
          <label class="field field-inline">
            <span class="field-label">Period</span>
            <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
              {[7, 14, 30, 90].map((d) => <option key={d} value={d}>{d} days</option>)}
            </select>
          </label>
        </div>
        {metrics.loading && !metrics.data && <Loading label="Loading metrics…" />}
        {metrics.error ? <ErrorNotice error={metrics.error} retry={metrics.reload} /> : null}
        {metrics.data && (
          <>
            <dl class="stats">
              <div>
                <dt>Model calls</dt>
                <dd>{metrics.data.totals.runs}</dd>
              </div>
              <div>
                <dt>Tokens</dt>
                <dd>{metrics.data.totals.tokens}</dd>
              </div>
              <div>
                <dt>Cost</dt>
                <dd>{formatCost(metrics.data.totals.cost_usd)}</dd>
              </div>
            </dl>
            {metrics.data.totals.runs === 0
              ? <Empty>No runs in this period yet.</Empty>
              : <Charts metrics={metrics.data} />}
          </>
        )}
      </section>
    </main>
  );
}
