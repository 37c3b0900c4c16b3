// `npm run bench:search`: latency of public.search_prompts on a heavy user's library (the 848
// demo prompts plus extra versions), for a few kinds of query: one word, a phrase, a rare word,
// a query full text cannot match so the trigram typo fallback answers, and a page 2 (cursor).
// One caller at a time, 200 calls each (bounded to ~5 s per query). Results:
// bench/results/search.json and a table on stdout.
import { localEnv } from "../dev/env.ts";
import { heavyUser } from "./heavy_user.ts";
import { percentile, round, table } from "./stats.ts";

const callsPerQuery = 200;
const maxSecondsPerQuery = 5;

const queries = [
  { name: "one word", q: "developer" },
  { name: "phrase", q: "act as a travel guide" },
  { name: "rare word", q: "ethereum" },
  { name: "typo (trigram)", q: "Etherum devloper" },
  { name: "no match", q: "zzqxv" },
];

export async function main(env: Record<string, string>) {
  const heavy = await heavyUser(env, { extraVersions: 4, poolMax: 1 });
  try {
    const rows = [];
    for (const { name, q } of [...queries, { name: "page 2 of one word", q: "developer" }]) {
      let cursor: string | null = null;
      if (name.startsWith("page 2")) {
        const first = await heavy.asUser((tx) =>
          tx<{ next_cursor: string | null }[]>`
            select next_cursor from public.search_prompts(${q}, null, null, 20, null)`
        );
        cursor = first.at(-1)?.next_cursor ?? null;
      }
      const samples: number[] = [];
      let hits = 0;
      const end = performance.now() + maxSecondsPerQuery * 1000;
      for (let i = 0; i < callsPerQuery + 5 && performance.now() < end; i++) {
        const t0 = performance.now();
        const found = await heavy.asUser((tx) =>
          tx`select id from public.search_prompts(${q}, null, null, 20, ${cursor})`
        );
        if (i >= 5) samples.push(performance.now() - t0); // the first few warm the caches
        hits = found.length;
      }
      rows.push({
        query: name,
        q,
        results: hits,
        calls: samples.length,
        p50_ms: round(percentile(samples, 50), 2),
        p99_ms: round(percentile(samples, 99), 2),
      });
    }
    const result = {
      bench: "search",
      at: new Date().toISOString(),
      library: { prompts: heavy.promptIds.length, extra_versions_per_third: 4 },
      rows,
    };
    await Deno.mkdir(new URL("./results/", import.meta.url), { recursive: true });
    await Deno.writeTextFile(
      new URL("./results/search.json", import.meta.url),
      JSON.stringify(result, null, 2) + "\n",
    );
    console.log(table(rows, ["query", "q", "results", "calls", "p50_ms", "p99_ms"]));
    console.log("SQL search_prompts as the user (one transaction each, like the API); ms");
  } finally {
    await heavy.cleanup();
  }
}

if (import.meta.main) await main({ ...localEnv });
