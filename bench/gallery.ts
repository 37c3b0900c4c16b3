// `npm run bench:gallery [-- --reuse] [--keep] [--public N] [--scale N]`: the public gallery at
// 100,000 public prompts among a million (issue 15), in the bench's own cluster (bench_cluster.ts;
// the shared dev database is never touched). One command:
//   1. makes the cluster and the million prompts of bench:search (search_data.ts), or takes a
//      kept one (--reuse, e.g. after `npm run bench:search -- --keep`);
//   2. publishes N prompts (default 100,000: every tenth, across all users) through the real
//      path, set_prompt_sharing's update of prompts.visibility and gallery_category_id, whose
//      trigger writes each shared snapshot (title, goal, tags, content, search vector); then
//      gives them a long-tailed spread of likes and uses (set as the table owner: the counters'
//      exactness under concurrency is a test, not this bench's subject);
//   3. measures, as anon and as a signed-in user through RLS, one transaction per call like the
//      api function: search_gallery over the 20 queries of bench:search (common words, phrases,
//      rare words, typos, no match), popular (get_popular_templates, all and per category),
//      newest, a category page and a second page (keyset).
// Goal: p95 <= 25 ms. Results: bench/results/gallery.json and tables on stdout.
import postgres from "postgres";
import { localEnv } from "../dev/env.ts";
import { one } from "../supabase/functions/_shared/db.ts";
import {
  benchClusterExists,
  benchDbUrl,
  dropBenchCluster,
  startBenchCluster,
} from "./bench_cluster.ts";
import { generate, shapeAt } from "./search_data.ts";
import { queries } from "./search.ts";
import { percentile, round, table } from "./stats.ts";

const GOAL_P95_MS = 25;
const log = (line: string) => console.log(`[bench:gallery] ${line}`);

interface Args {
  scale: number;
  publicPrompts: number;
  reuse: boolean;
  keep: boolean;
}

export function parseArgs(argv: string[]): Args {
  const out: Args = { scale: 1_000_000, publicPrompts: 100_000, reuse: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--scale") out.scale = Number(argv[++i]);
    else if (a === "--public") out.publicPrompts = Number(argv[++i]);
    else if (a === "--reuse") out.reuse = out.keep = true;
    else if (a === "--keep") out.keep = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(out.publicPrompts) || out.publicPrompts < 100) {
    throw new Error("--public must be an integer of at least 100");
  }
  return out;
}

type Sql = postgres.Sql;
type Tx = postgres.TransactionSql;

/** One transaction as anon or as a user, the way the api function runs a request. */
function reader(sql: Sql, userId: string | null) {
  const claims = userId
    ? JSON.stringify({ sub: userId, role: "authenticated", aud: "authenticated" })
    : '{"role":"anon"}';
  const role = userId ? "authenticated" : "anon";
  return <T>(fn: (tx: Tx) => Promise<T>) =>
    sql.begin(async (tx) => {
      await tx`select set_config('role', ${role}, true),
                      set_config('request.jwt.claims', ${claims}, true),
                      set_config('request.jwt.claim.sub', ${userId ?? ""}, true)`;
      return await fn(tx);
    }) as Promise<T>;
}

async function sample(calls: number, warm: number, fn: () => Promise<unknown>) {
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

/** Publishes every k-th prompt (by id order) through set_prompt_sharing's update, in slices. */
async function publish(sql: Sql, count: number) {
  const { total } = one(
    await sql<{ total: number }[]>`select count(*)::int as total from public.prompts`,
  );
  const every = Math.max(1, Math.floor(total / count));
  const categories = (await sql<{ id: string }[]>`
    select id from public.gallery_categories where is_active order by sort_order`).map((c) => c.id);
  const t0 = performance.now();
  const slice = 10_000;
  await sql`drop table if exists bench.to_publish`;
  await sql`create table bench.to_publish as
    select id, row_number() over (order by id) as n from (
      select id, row_number() over (order by id) as k from public.prompts) x
    where (x.k - 1) % ${every} = 0 limit ${count}`;
  for (let from = 1; from <= count; from += slice) {
    // The same update set_prompt_sharing makes, as the table owner for every user at once: the
    // sharing trigger writes each snapshot.
    await sql`
      update public.prompts p set visibility = 'public',
        gallery_category_id = (${categories}::text[])[1 + (t.n % ${categories.length})]
      from bench.to_publish t
      where t.id = p.id and t.n between ${from} and ${from + slice - 1}`;
    log(`published ${Math.min(from + slice - 1, count).toLocaleString("en")}`);
  }
  const publishSeconds = round((performance.now() - t0) / 1000, 1);
  // A long tail of likes and uses: a few prompts very popular, most barely.
  await sql`
    update public.shared_prompts s set
      likes_count = floor(1000 * power(random(), 8))::int,
      uses_count = floor(5000 * power(random(), 6))::int,
      forks_count = floor(100 * power(random(), 8))::int
    where s.visibility = 'public'`;
  await sql`vacuum analyze public.shared_prompts`;
  return { every, publishSeconds };
}

export async function main(argv: string[], env: Record<string, string>) {
  const args = parseArgs(argv);
  const reuse = args.reuse && (await benchClusterExists());
  if (!reuse) await dropBenchCluster(log);
  await startBenchCluster(log);
  const sql = postgres(benchDbUrl, { max: 3, onnotice: () => {}, prepare: true });
  try {
    const [kept] = reuse
      ? await sql<{ id: string }[]>`select id from bench.users where n = 0`.catch(() => [])
      : [];
    let generationSeconds: number | null = null;
    if (!kept) {
      const t0 = performance.now();
      const shape = shapeAt(args.scale);
      log(`generating ${shape.prompts.toLocaleString("en")} prompts for ${shape.users} users`);
      await generate(sql, shape, env, log);
      generationSeconds = round((performance.now() - t0) / 1000, 1);
    }
    // Earlier runs of this bench leave their prompts public: a kept data set with exactly the
    // public prompts asked for is measured as it is; otherwise start from none.
    const [already] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.shared_prompts where visibility = 'public'`;
    let published: Awaited<ReturnType<typeof publish>> | "kept" = "kept";
    if (!(reuse && already!.n === args.publicPrompts)) {
      await sql`update public.prompts set visibility = 'private' where visibility <> 'private'`;
      published = await publish(sql, args.publicPrompts);
    } else log(`measuring the ${already!.n.toLocaleString("en")} public prompts already published`);
    const [counts] = await sql<Record<string, number>[]>`
      select (select count(*)::int from public.prompts) as prompts,
        (select count(*)::int from public.shared_prompts where visibility = 'public') as public_prompts,
        (select count(*)::int from auth.users) as users`;
    log(`data set: ${JSON.stringify(counts)}`);
    const { id: someone } = one(
      await sql<{ id: string }[]>`select id from bench.users where n = 1`,
    );

    const rows: Record<string, string | number>[] = [];
    const searchSamples: number[] = [];
    const allSamples: number[] = [];
    for (const who of ["anon", "signed in"] as const) {
      const as = reader(sql, who === "anon" ? null : someone);
      for (const { kind, q } of queries) {
        let results = 0;
        const s = await sample(20, 2, async () => {
          const found = await as((tx) =>
            tx`select id from public.search_gallery(query => ${q}, result_limit => 20)`
          );
          results = found.length;
        });
        searchSamples.push(...s);
        allSamples.push(...s);
        rows.push({ reader: who, read: `search (${kind})`, q, results, ...stats(s) });
      }
      const browse: [string, (tx: Tx) => Promise<unknown>][] = [
        ["popular", (tx) => tx`select id from public.get_popular_templates(20, null)`],
        [
          "popular in a category",
          (tx) => tx`select id from public.get_popular_templates(20, 'coding')`,
        ],
        ["newest", (tx) => tx`select id from public.search_gallery(sort => 'newest')`],
        ["category page", (tx) => tx`select id from public.search_gallery(category => 'writing')`],
        ["second page", async (tx) => {
          const [last] = await tx<{ next_cursor: string }[]>`
            select next_cursor from public.search_gallery() where next_cursor is not null`;
          return await tx`select id from public.search_gallery(cursor => ${last!.next_cursor})`;
        }],
      ];
      for (const [read, fn] of browse) {
        const s = await sample(20, 2, () => as(fn));
        allSamples.push(...s);
        rows.push({ reader: who, read, q: "", results: 20, ...stats(s) });
      }
      log(`${who}: done`);
    }
    const overall = { search: stats(searchSamples), everything: stats(allSamples) };
    const result = {
      bench: "gallery",
      at: new Date().toISOString(),
      command: `npm run bench:gallery${argv.length ? " -- " + argv.join(" ") : ""}`,
      data_set: counts,
      generation_seconds: generationSeconds ?? "reused a kept data set (--reuse)",
      publish: published,
      goal_p95_ms: GOAL_P95_MS,
      met: overall.everything.p95_ms <= GOAL_P95_MS,
      overall,
      rows,
      machine: { cores: navigator.hardwareConcurrency },
    };
    await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(
      new URL("./results/gallery.json", import.meta.url),
      JSON.stringify(result, null, 2) + "\n",
    );
    console.log(table(rows, ["reader", "read", "q", "results", "p50_ms", "p95_ms", "max_ms"]));
    console.log(
      `gallery at ${counts!.public_prompts} public prompts among ${counts!.prompts}: search p95 ` +
        `${overall.search.p95_ms} ms, everything p95 ${overall.everything.p95_ms} ms ` +
        `(goal <= ${GOAL_P95_MS} ms: ${result.met ? "met" : "not met"})`,
    );
  } finally {
    await sql.end();
    if (!args.keep) await dropBenchCluster(log);
  }
}

if (import.meta.main) await main(Deno.args, { ...localEnv });
