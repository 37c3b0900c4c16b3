// `npm run bench:api`: what the edge function adds on top of its SQL. For GET /prompts,
// GET /search and POST /prompts/:id/versions, as a heavy user (848 prompts, extra versions):
// requests/s and p50/p99 latency through the local gateway (autocannon, a real HTTP load tool,
// as a subprocess), then the same SQL in the same kind of transaction (role + claims) straight
// over postgres.js at the same concurrency, timed the same way. The difference is the cost of
// HTTP, the gateway, JWT verification, validation and JSON. Loopback only; bounded (~1 min).
// Results: bench/results/api.json and a table on stdout.
import { localEnv } from "../dev/env.ts";
import { apiUrl } from "../dev/testing.ts";
import { heavyUser } from "./heavy_user.ts";
import { percentile, round, table } from "./stats.ts";
import type postgres from "postgres";

// 1: the pure per-request overhead; 10: under load on this 2-core machine, where the API
// process, Postgres and the load generator share the CPUs (queueing inflates both sides).
const concurrencies = [1, 10];
const seconds = 5;
const warmupSeconds = 1;

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  /** HTTP status counts (API side only). */
  statuses?: Record<string, number>;
}

async function autocannon(
  url: string,
  opts: { method?: string; body?: string; token: string; duration: number; concurrency: number },
): Promise<Measured> {
  const args = [
    "--json",
    "-c",
    String(opts.concurrency),
    "-d",
    String(opts.duration),
    "-m",
    opts.method ?? "GET",
    "-H",
    `authorization=Bearer ${opts.token}`,
  ];
  if (opts.body) args.push("-H", "content-type=application/json", "-b", opts.body);
  const out = await new Deno.Command("node_modules/.bin/autocannon", {
    args: [...args, url],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(`autocannon failed: ${new TextDecoder().decode(out.stderr)}`);
  const r = JSON.parse(new TextDecoder().decode(out.stdout));
  return {
    rps: round(r.requests.average, 1),
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors + r.timeouts + r.non2xx,
    statuses: Object.fromEntries(
      Object.entries(r.statusCodeStats ?? {}).map((
        [code, v],
      ) => [code, (v as { count: number }).count]),
    ),
  };
}

/** `concurrency` workers calling fn back to back for `duration` seconds. */
async function direct(
  fn: () => Promise<unknown>,
  duration: number,
  concurrency: number,
): Promise<Measured> {
  const samples: number[] = [];
  let errors = 0;
  const end = performance.now() + duration * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await fn();
        samples.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  }));
  const elapsed = (performance.now() - start) / 1000;
  return {
    rps: round(samples.length / elapsed, 1),
    p50: round(percentile(samples, 50), 2),
    p99: round(percentile(samples, 99), 2),
    requests: samples.length,
    errors,
  };
}

export async function main(env: Record<string, string>) {
  const heavy = await heavyUser(env, { extraVersions: 4, poolMax: Math.max(...concurrencies) });
  try {
    const target = heavy.promptIds[1];
    if (!target) throw new Error("the heavy user has fewer than two prompts");
    const versionBody = { content: "Benchmark revision of this prompt.", summary: "bench" };
    // The same statements the routes run (routes/prompts.ts list, routes/search.ts,
    // routes/versions.ts create), so the comparison is like for like.
    const cases: {
      name: string;
      path: string;
      method?: string;
      body?: string;
      sql: (tx: postgres.TransactionSql) => Promise<unknown>;
    }[] = [
      {
        name: "GET /prompts",
        path: "/prompts",
        sql: (tx) =>
          tx`
          select p.id, p.title, p.description, p.catalog_id, p.status, p.visibility,
                 v.version_number as current_version_number,
                 coalesce((select array_agg(t.name order by lower(t.name))
                           from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
                           where pt.prompt_id = p.id), '{}') as tags,
                 (select r.status from public.runs r where r.id = (select public.last_run_id(p)))
                   as last_run_status, p.created_at, p.updated_at,
                 to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_at
          from public.prompts p
          left join public.prompt_versions v on v.id = p.current_version_id
          order by p.updated_at desc, p.id
          limit 21`,
      },
      {
        name: "GET /search?q=developer",
        path: "/search?q=developer",
        sql: (tx) =>
          tx`select id, title, catalog_id, rank, snippet, updated_at, next_cursor
             from public.search_prompts(query => ${"developer"}, catalog_id => ${null},
               tag => ${null}, result_limit => ${20}, cursor => ${null})`,
      },
      {
        name: "POST /prompts/:id/versions",
        path: `/prompts/${target}/versions`,
        method: "POST",
        body: JSON.stringify(versionBody),
        sql: (tx) =>
          tx`
          insert into public.prompt_versions as v (prompt_id, content, variables, model_config, summary, source)
          select ${target}, ${versionBody.content}, coalesce(null::jsonb, cur.variables, '[]'),
                 coalesce(null::jsonb, cur.model_config, '{}'), ${versionBody.summary}, 'manual'
          from (select 1) as one
          left join public.prompts p on p.id = ${target}
          left join public.prompt_versions cur on cur.id = p.current_version_id
          returning public.prompt_version_json(v) as version`,
      },
    ];

    const rows = [];
    // Route by route, writes last: thousands of new versions of one prompt leave dead index
    // entries that slow the reads until autovacuum catches up.
    for (const c of cases) {
      for (const concurrency of concurrencies) {
        const url = `${apiUrl}${c.path}`;
        const http = { method: c.method, body: c.body, token: heavy.user.token, concurrency };
        await autocannon(url, { ...http, duration: warmupSeconds });
        const viaApi = await autocannon(url, { ...http, duration: seconds });
        const run = () => heavy.asUser(c.sql);
        await direct(run, warmupSeconds, concurrency);
        const viaSql = await direct(run, seconds, concurrency);
        rows.push({
          route: c.name,
          concurrency,
          api: viaApi,
          sql: viaSql,
          added_p50_ms: round(viaApi.p50 - viaSql.p50, 2),
          added_p99_ms: round(viaApi.p99 - viaSql.p99, 2),
        });
      }
    }
    const result = {
      bench: "api",
      at: new Date().toISOString(),
      concurrencies,
      seconds,
      latency_resolution: "autocannon reports whole milliseconds; the SQL side is timed in µs",
      library: { prompts: heavy.promptIds.length, extra_versions_per_third: 4 },
      goal: "added p50 <= 3 ms",
      rows,
    };
    await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(
      new URL("./results/api.json", import.meta.url),
      JSON.stringify(result, null, 2) + "\n",
    );
    console.log(table(
      rows.map((r) => ({
        route: r.route,
        c: r.concurrency,
        "api rps": r.api.rps,
        "api p50": r.api.p50,
        "api p99": r.api.p99,
        "sql rps": r.sql.rps,
        "sql p50": r.sql.p50,
        "sql p99": r.sql.p99,
        "+p50 ms": r.added_p50_ms,
        "errors": r.api.errors + r.sql.errors,
      })),
      [
        "route",
        "c",
        "api rps",
        "api p50",
        "api p99",
        "sql rps",
        "sql p50",
        "sql p99",
        "+p50 ms",
        "errors",
      ],
    ));
    console.log(
      `c = concurrency; ${seconds}s each; latencies in ms (API side whole ms); ` +
        "results in bench/results/api.json",
    );
  } finally {
    await heavy.cleanup();
  }
}

if (import.meta.main) await main({ ...localEnv });
