// `npm run bench:search [-- --scale N] [--heavy N] [--every-prompt-expired] [--keep] [--reuse]
// [--migrate] [--no-search] [--no-retention] [--worktree-migrations]`: search, lists and retention at a million prompts, in a Postgres
// cluster of the bench's own (bench_cluster.ts; the shared dev database is never touched, and
// the migrations are the committed ones unless --worktree-migrations). One command:
//   1. makes the cluster (migrations as in production) and generates the data set with set-based
//      SQL through the tables' real triggers (search_data.ts): 1,000 users per million prompts,
//      one heavy user with 5% of them (50,000 at the default scale of 1,000,000);
//   2. as the heavy user, through RLS, one transaction per call like the api function: 20 fixed
//      queries of public.search_prompts (common words, phrases, rare words, typos, no match)
//      against a naive ILIKE '%q%' over title and current content, and the API's prompt list, tag
//      list, catalog list, usage and metrics SQL (after the nightly roll-up-run-days job has
//      stored the closed days, as pg_cron does once a day);
//   3. retention: the nightly pg_cron job's command (batches of 1,000, each committed) deletes the
//      expired versions (500,000 at the default scale) while a reader and a writer of the heavy
//      user's prompts run; their longest waits are reported.
// Results: bench/results/search.json and tables on stdout. The cluster is dropped at the end
// unless --keep; --reuse measures a kept cluster as it is, or with the committed migrations it
// lacks applied first (--reuse --migrate).
import postgres from "postgres";
import { localEnv } from "../dev/env.ts";
import {
  benchClusterExists,
  benchDbUrl,
  dropBenchCluster,
  startBenchCluster,
} from "./bench_cluster.ts";
import { generate, type Generated, shapeAt } from "./search_data.ts";
import { percentile, round, table } from "./stats.ts";

export const queries: { kind: string; q: string }[] = [
  { kind: "common word", q: "developer" },
  { kind: "common word", q: "write" },
  { kind: "common word", q: "story" },
  { kind: "common word", q: "marketing" },
  { kind: "common words", q: "act as" },
  { kind: "phrase", q: "act as a travel guide" },
  { kind: "phrase", q: '"linux terminal"' },
  { kind: "phrase", q: "write a short story" },
  { kind: "phrase", q: "explain the concept" },
  { kind: "phrase", q: "create a marketing plan" },
  { kind: "rare word", q: "ethereum" },
  { kind: "rare word", q: "solidity" },
  { kind: "rare word", q: "stoic" },
  { kind: "rare word", q: "plagiarism" },
  { kind: "rare words", q: "excel sheet" },
  { kind: "typo", q: "Etherum devloper" },
  { kind: "typo", q: "travle guide" },
  { kind: "typo", q: "linx terminal" },
  { kind: "typo", q: "javscript consle" },
  { kind: "no match", q: "zzqxv" },
];

interface Args {
  scale: number;
  keep: boolean;
  reuse: boolean;
  migrate: boolean;
  retention: boolean;
  search: boolean;
  migrations: "head" | "worktree";
  heavy?: number;
  expiredEvery?: number;
}

export function parseArgs(args: string[]): Args {
  const out: Args = {
    scale: 1_000_000,
    keep: false,
    reuse: false,
    migrate: false,
    retention: true,
    search: true,
    migrations: "head",
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--scale") out.scale = Number(args[++i]);
    else if (a?.startsWith("--scale=")) out.scale = Number(a.slice("--scale=".length));
    else if (a === "--keep") out.keep = true;
    else if (a === "--reuse") out.reuse = out.keep = true;
    else if (a === "--migrate") out.migrate = true;
    else if (a === "--no-retention") out.retention = false;
    else if (a === "--no-search") out.search = false;
    else if (a === "--worktree-migrations") out.migrations = "worktree";
    else if (a === "--heavy") out.heavy = Number(args[++i]);
    else if (a === "--every-prompt-expired") out.expiredEvery = 1;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(out.scale) || out.scale < 2_000) {
    throw new Error("--scale must be an integer of at least 2000 (prompts in all)");
  }
  return out;
}

const log = (line: string) => console.log(`[bench:search] ${line}`);

type Sql = postgres.Sql;

function asUserOf(sql: Sql, userId: string) {
  const claims = JSON.stringify({ sub: userId, role: "authenticated", aud: "authenticated" });
  return <T>(fn: (tx: postgres.TransactionSql) => Promise<T>) =>
    sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true),
                      set_config('request.jwt.claims', ${claims}, true)`;
      return await fn(tx);
    }) as Promise<T>;
}

/** Milliseconds of each of `calls` calls after `warm` unmeasured ones. */
async function sample(calls: number, warm: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < warm + calls; i++) {
    const t0 = performance.now();
    await fn();
    if (i >= warm) out.push(performance.now() - t0);
  }
  return out;
}

const stats = (samples: number[]) => ({
  p50_ms: round(percentile(samples, 50), 2),
  p95_ms: round(percentile(samples, 95), 2),
  max_ms: round(Math.max(...samples), 2),
});

async function benchSearch(sql: Sql, userId: string) {
  const asUser = asUserOf(sql, userId);
  const rows = [];
  const all: number[] = [];
  const allBaseline: number[] = [];
  for (const { kind, q } of queries) {
    let results = 0;
    const search = await sample(25, 3, async () => {
      const found = await asUser((tx) =>
        tx`select id from public.search_prompts(${q}, null, null, 20, null)`
      );
      results = found.length;
    });
    // The naive baseline: a substring scan of every title and current content the caller sees.
    let baselineResults = 0;
    const baseline = await sample(5, 1, async () => {
      const found = await asUser((tx) =>
        tx`
          select p.id from public.prompts p
          left join public.prompt_versions v on v.id = p.current_version_id
          where p.title ilike ${"%" + q + "%"} or v.content ilike ${"%" + q + "%"}
          order by p.updated_at desc, p.id
          limit 20`
      );
      baselineResults = found.length;
    });
    all.push(...search);
    allBaseline.push(...baseline);
    rows.push({
      kind,
      q,
      results,
      p50_ms: round(percentile(search, 50), 2),
      p95_ms: round(percentile(search, 95), 2),
      ilike_results: baselineResults,
      ilike_p50_ms: round(percentile(baseline, 50), 2),
      ilike_p95_ms: round(percentile(baseline, 95), 2),
    });
    log(
      `search ${JSON.stringify(q)}: ${rows.at(-1)!.p95_ms} ms p95 (ILIKE ${
        rows.at(-1)!.ilike_p95_ms
      })`,
    );
  }
  const overall = {
    p50_ms: round(percentile(all, 50), 2),
    p95_ms: round(percentile(all, 95), 2),
    ilike_p50_ms: round(percentile(allBaseline, 50), 2),
    ilike_p95_ms: round(percentile(allBaseline, 95), 2),
    speedup_at_p95: round(percentile(allBaseline, 95) / percentile(all, 95), 1),
  };
  return { rows, overall };
}

/** The SQL of GET /prompts, /tags, /catalogs, /usage and /metrics (routes/*.ts), first pages. */
async function benchLists(sql: Sql, userId: string) {
  const asUser = asUserOf(sql, userId);
  // The data set's runs were written at once, over the last 30 days; in production the nightly
  // job (roll-up-run-days) has stored each closed day by the time a user asks for metrics.
  const t0 = performance.now();
  const [rolled] = await sql<{ rows: number }[]>`
    select private.roll_up_run_days((now() at time zone 'utc')::date - 90, null) as rows`;
  log(`roll-up-run-days stored ${rolled!.rows} day(s) in ${round(performance.now() - t0, 0)} ms`);
  const reads: Record<string, (tx: postgres.TransactionSql) => Promise<unknown>> = {
    "prompt list": (tx) =>
      tx`
        select p.id, p.title, p.description, p.catalog_id, p.status, p.visibility,
               v.version_number as current_version_number,
               coalesce((select array_agg(t.name order by lower(t.name))
                         from public.prompt_tags pt join public.tags t on t.id = pt.tag_id
                         where pt.prompt_id = p.id), '{}') as tags,
               (select r.status from public.runs r where r.id = (select public.last_run_id(p)))
                 as last_run_status,
               p.created_at, p.updated_at,
               to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_at
        from public.prompts p
        left join public.prompt_versions v on v.id = p.current_version_id
        where true and true and true and true
        order by p.updated_at desc, p.id
        limit 21`,
    "tag list": (tx) =>
      tx`
        select t.id, t.name, t.created_at,
               (select count(*)::int from public.prompt_tags pt where pt.tag_id = t.id) as prompt_count
        from public.tags t
        where true
        order by lower(t.name), t.id
        limit 21`,
    "catalog list": (tx) =>
      tx`
        select c.id, c.name, c.description, c.created_at, c.updated_at,
               (select count(*)::int from public.prompts p where p.catalog_id = c.id) as prompt_count
        from public.catalogs c
        where true
        order by lower(c.name), c.id
        limit 21`,
    "usage": (tx) =>
      tx`
        with bounds as (
          select (now() at time zone 'utc')::date as day,
                 date_trunc('day', now() at time zone 'utc') at time zone 'utc' as since)
        select b.day::text as day,
               (select p.plan from public.profiles p where p.id = ${userId}) as plan,
               (select count(*)::int from public.runs r
                 where r.created_at >= b.since and r.kind = 'prompt') as runs,
               (select coalesce(sum(r.cost_usd), 0)::text from public.runs r
                 where r.created_at >= b.since) as cost
        from bounds b`,
    "metrics (30 days)": (tx) => tx`select public.run_metrics(${30}::int) as metrics`,
  };
  const rows = [];
  for (const [read, fn] of Object.entries(reads)) {
    const samples = await sample(50, 5, () => asUser(fn));
    rows.push({ read, ...stats(samples) });
    log(`${read}: ${rows.at(-1)!.p95_ms} ms p95`);
  }
  return rows;
}

/** Prunes every expired version while a reader and a writer of the heavy user's prompts run. */
async function benchRetention(sql: Sql, userId: string) {
  const asUser = asUserOf(sql, userId);
  const [before] = await sql<{ versions: number; expired: number }[]>`
    select count(*)::int as versions,
      count(*) filter (where v.created_at < now() - interval '30 days'
        and v.id is distinct from p.current_version_id)::int as expired
    from public.prompt_versions v join public.prompts p on p.id = v.prompt_id`;
  const targets = await sql<{ id: string }[]>`
    select p.id from public.prompts p
    where p.user_id = ${userId}
      and exists (select 1 from public.prompt_versions v where v.prompt_id = p.id
        and v.created_at < now() - interval '30 days')
    limit 200`;
  if (!targets.length) throw new Error("no prompt of the heavy user has an expired version");
  let running = true;
  const reads: number[] = [];
  const writes: number[] = [];
  const reader = async () => {
    let i = 0;
    while (running) {
      const id = targets[i++ % targets.length]!.id;
      const t0 = performance.now();
      await asUser(async (tx) => {
        await tx`select public.prompt_detail(${id}) as detail`;
        await tx`select v.id, v.version_number, v.created_at from public.prompt_versions v
                 where v.prompt_id = ${id} order by v.version_number desc limit 20`;
        await tx`select p.id from public.prompts p order by p.updated_at desc, p.id limit 21`;
      });
      reads.push(performance.now() - t0);
    }
  };
  const writer = async () => {
    let i = 0;
    while (running) {
      const id = targets[(i++ * 7) % targets.length]!.id;
      const t0 = performance.now();
      await asUser(async (tx) => {
        await tx`insert into public.prompt_versions (prompt_id, content, summary)
                 values (${id}, ${"edited during the prune " + i}, 'bench writer')`;
        await tx`update public.prompts set description = ${"touched " + i} where id = ${id}`;
      });
      writes.push(performance.now() - t0);
    }
  };
  // A quiet baseline first: the same reader and writer with no prune.
  const loops = [reader(), writer()];
  await new Promise((r) => setTimeout(r, 3000));
  const quietReads = reads.splice(0);
  const quietWrites = writes.splice(0);
  const t0 = performance.now();
  // Exactly what pg_cron runs at night: the job's command (a loop that commits after each batch).
  const [job] = await sql<{ command: string }[]>`
    select private.retention_job_command() as command`;
  let notice = "";
  const pruner = postgres(benchDbUrl, {
    max: 1,
    onnotice: (n) => {
      notice = String(n.message ?? "");
    },
  });
  try {
    await pruner.unsafe(job!.command).simple();
  } finally {
    await pruner.end();
  }
  const m = /pruned (\d+) versions in (\d+) batches, longest batch ([\d.]+) ms/.exec(notice);
  const result = m
    ? { deleted: Number(m[1]), batches: Number(m[2]), longest_batch_ms: Number(m[3]) }
    : { deleted: NaN, batches: NaN, longest_batch_ms: NaN };
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await Promise.all(loops);
  const [after] = await sql<{ versions: number }[]>`
    select count(*)::int as versions from public.prompt_versions`;
  return {
    versions_before: before!.versions,
    expired_before: before!.expired,
    versions_after: after!.versions,
    job_command: "cron.job prune-prompt-versions (private.retention_job_command())",
    deleted: result.deleted,
    batches: result.batches,
    longest_batch_ms: result.longest_batch_ms,
    seconds: round(seconds, 1),
    reader: { calls: reads.length, ...stats(reads), quiet: stats(quietReads) },
    writer: { calls: writes.length, ...stats(writes), quiet: stats(quietWrites) },
  };
}

export async function main(argv: string[], env: Record<string, string>) {
  const args = parseArgs(argv);
  const shape = shapeAt(args.scale, args.heavy, args.expiredEvery);
  const reuse = args.reuse && (await benchClusterExists());
  if (!reuse) await dropBenchCluster(log);
  await startBenchCluster(log, reuse && !args.migrate ? "none" : args.migrations);
  const sql = postgres(benchDbUrl, { max: 3, onnotice: () => {}, prepare: true });
  try {
    let generated: Generated | null = null;
    let heavyUserId: string;
    const t0 = performance.now();
    const [kept] = reuse
      ? await sql<{ id: string }[]>`
          select id from bench.users where n = 0`.catch(() => [])
      : [];
    if (kept) {
      heavyUserId = kept.id;
      log("reusing the kept data set");
    } else {
      log(`generating ${shape.prompts.toLocaleString("en")} prompts for ${shape.users} users`);
      generated = await generate(sql, shape, env, log);
      heavyUserId = generated.heavyUserId;
    }
    const generationSeconds = generated ? round((performance.now() - t0) / 1000, 1) : null;
    const [counts] = await sql<Record<string, number>[]>`
      select (select count(*)::int from public.prompts) as prompts,
        (select count(*)::int from public.prompt_versions) as versions,
        (select count(*)::int from auth.users) as users,
        (select count(*)::int from public.prompts where user_id = ${heavyUserId}) as heavy_user_prompts,
        (select count(*)::int from public.runs where user_id = ${heavyUserId}) as heavy_user_runs`;
    log(`data set: ${JSON.stringify(counts)}`);

    // The cluster's own pg_cron jobs would run mid-bench (the nightly prune at 03:00 did, during
    // a load): the bench runs the retention job's command itself, when it means to.
    await sql`select cron.unschedule(j.jobid) from cron.job j`;
    const search = args.search ? await benchSearch(sql, heavyUserId) : null;
    const lists = args.search ? await benchLists(sql, heavyUserId) : null;
    const retention = args.retention ? await benchRetention(sql, heavyUserId) : null;

    const result = {
      bench: "search",
      at: new Date().toISOString(),
      command: `npm run bench:search${argv.length ? " -- " + argv.join(" ") : ""}`,
      scale: args.scale,
      data_set: counts,
      generation: generated
        ? { seconds: generationSeconds, steps_seconds: generated.seconds }
        : "reused a kept data set (--reuse)",
      search: search?.overall ?? null,
      search_queries: search?.rows ?? null,
      lists,
      retention,
      machine: { cores: navigator.hardwareConcurrency },
    };
    await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
    // A run of one phase only (--no-search, --no-retention), or of neither, writes its own file.
    const file = args.search && args.retention
      ? "search.json"
      : args.search
      ? "search_only.json"
      : args.retention
      ? "search_retention.json"
      : "search_generation.json";
    await Deno.writeTextFile(
      new URL(`./results/${file}`, import.meta.url),
      JSON.stringify(result, null, 2) + "\n",
    );
    if (search) {
      console.log(
        table(search.rows, [
          "kind",
          "q",
          "results",
          "p50_ms",
          "p95_ms",
          "ilike_results",
          "ilike_p50_ms",
          "ilike_p95_ms",
        ]),
      );
      console.log(`search_prompts over the 20 queries: ${JSON.stringify(search.overall)}`);
    }
    if (lists) console.log(table(lists, ["read", "p50_ms", "p95_ms", "max_ms"]));
    if (retention) console.log(`retention: ${JSON.stringify(retention)}`);
    if (generationSeconds !== null) console.log(`generation: ${generationSeconds} s`);
  } finally {
    await sql.end();
    if (!args.keep) await dropBenchCluster(log);
  }
}

if (import.meta.main) await main(Deno.args, { ...localEnv });
