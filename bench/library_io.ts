// The hosted limits of a library export and import (npm test's "library io limits" suite):
// hosted Edge Functions allow 256 MB of memory and 2 s of CPU per request. This check gives a
// fresh user 50,000 prompts (the demo CSV's texts, written in SQL as the table owner through the
// real triggers), then runs the api function alone in its own Deno process (bench/api_process.ts,
// one fresh process per case) and reads that process's CPU time and peak memory from /proc:
//   * GET /export of the 50,000 prompts, streamed (the document is checked whole);
//   * POST /import of that 50,000-prompt document: refused with a 413 naming the 25 MB limit,
//     read as a stream without a length (so the refusal has to count), and with a length;
//   * POST /import at the limit: the export's first 10,000 prompts (all skipped: see below),
//     and a 24 MB CSV of 10,000 rows.
// It fails past 2 s of CPU or 256 MB of peak memory (VmHWM: the whole process, Deno's own
// footprint included) in any case. The users are deleted afterwards. Wall times are printed,
// not asserted. `--record` also writes the figures to bench/results/library_io.json;
// `--prompts=N` changes the library's size (development only: the bound is about 50,000).
import postgres from "postgres";
import { findDemoCsv } from "../dev/demo_csv.ts";
import { localEnv, need } from "../dev/env.ts";
import { newUser, type TestUser } from "../dev/testing.ts";
import { parsePromptCsv } from "../supabase/functions/_shared/prompt_csv.ts";
import { cpuMsOfStat } from "./process_cpu.ts";

export const CPU_LIMIT_MS = 2000;
export const MEMORY_LIMIT_MB = 256;
/**
 * The api process's V8 heap capped as the Edge Runtime caps each function's isolate (its memory
 * limit is a heap limit: V8 collects garbage before it grows past it, and the worker is ended
 * only if live data does not fit). Without a cap, V8 lets garbage pile up in a process that has
 * the machine's memory to itself, and the peak measures its laziness rather than the function.
 * 128 MB of old space, half the hosted limit; the bound itself is on the whole process's peak
 * RSS (Deno's own ~90 MB included). API_V8_FLAGS replaces it (e.g. "" for none).
 */
export const V8_FLAGS = "--max-old-space-size=128";

/** Peak resident memory in MB from a /proc/<pid>/status text (VmHWM), or null without it. */
export function peakMbOfStatus(status: string): number | null {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  return m ? Math.round(Number(m[1]) / 1024 * 10) / 10 : null;
}

/** The api function in a process of its own (bench/api_process.ts), with /proc readings. */
export class ApiProcess {
  private constructor(
    private readonly child: Deno.ChildProcess,
    private readonly stdin: WritableStreamDefaultWriter<Uint8Array>,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ApiProcess> {
    const flags = Deno.env.get("API_V8_FLAGS") ?? V8_FLAGS;
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        ...(flags ? [`--v8-flags=${flags}`] : []),
        new URL("./api_process.ts", import.meta.url).pathname,
        JSON.stringify(env),
      ],
      stdin: "piped",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`api process ended before listening: ${text}`);
      text += value;
    }
    reader.releaseLock();
    child.stdout.cancel().catch(() => {});
    const { port } = JSON.parse(text.slice(0, text.indexOf("\n")));
    return new ApiProcess(child, child.stdin.getWriter(), `http://127.0.0.1:${port}/api`);
  }

  /** CPU ms used so far (all its threads: the isolate, the garbage collector, I/O). */
  cpuMs(): number {
    return cpuMsOfStat(Deno.readTextFileSync(`/proc/${this.child.pid}/stat`));
  }

  /** The process's peak resident memory so far, in MB. */
  peakMb(): number {
    const peak = peakMbOfStatus(Deno.readTextFileSync(`/proc/${this.child.pid}/status`));
    if (peak === null) throw new Error("no VmHWM in /proc/<pid>/status");
    return peak;
  }

  async stop() {
    await this.stdin.close().catch(() => {});
    await this.child.status;
  }
}

export interface Measured<T> {
  result: T;
  cpu_ms: number;
  peak_mb: number;
  wall_ms: number;
}

/** Runs `fn` against a fresh api process, after one warm-up request, and measures it. */
export async function measure<T>(
  warmUp: (url: string) => Promise<void>,
  fn: (url: string) => Promise<T>,
): Promise<Measured<T>> {
  const proc = await ApiProcess.start();
  try {
    await warmUp(proc.url);
    const cpu0 = proc.cpuMs();
    const t0 = performance.now();
    const result = await fn(proc.url);
    const wall = performance.now() - t0;
    // The process may still be finishing the response's tail (closing the stream).
    await new Promise((r) => setTimeout(r, 100));
    return {
      result,
      cpu_ms: Math.round(proc.cpuMs() - cpu0),
      peak_mb: proc.peakMb(),
      wall_ms: Math.round(wall),
    };
  } finally {
    await proc.stop();
  }
}

/**
 * `count` prompts for `user`, built from the demo CSV's texts as the table owner in one
 * transaction, through every trigger (version numbering, current version, search vector, tag
 * links): 20 catalogs and a tenth of the prompts loose, 30 tags on a fifth of them, a second
 * version on a twentieth.
 */
export async function generateLibrary(sql: postgres.Sql, user: TestUser, count: number) {
  const demo = parsePromptCsv(await Deno.readTextFile(await findDemoCsv(localEnv)));
  const titles = demo.map((p) => p.title);
  const contents = demo.map((p) => p.content);
  const variables = JSON.stringify(demo.map((p) => p.variables));
  const claims = JSON.stringify({ sub: user.id, role: "authenticated" });
  const timing = Deno.env.get("LIBIO_TIMING");
  const asOwner = <T>(name: string, fn: (tx: postgres.TransactionSql) => Promise<T>) =>
    sql.begin(async (tx) => {
      const t0 = performance.now();
      await tx`select set_config('request.jwt.claims', ${claims}, true),
        set_config('request.jwt.claim.sub', ${user.id}, true)`;
      const out = await fn(tx);
      if (timing) console.log(`  ${name}: ${Math.round(performance.now() - t0)} ms`);
      return out;
    }) as Promise<T>;
  // The number at the end of each generated title says which demo text and options it gets.
  const g = (p: string) => `substring(${p}.title from ' #(\\d+)$')::int`;
  await asOwner("catalogs and tags", async (tx) => {
    await tx`insert into public.catalogs (user_id, name, description)
      select ${user.id}, 'Catalog ' || n, 'generated catalog ' || n from generate_series(1, 20) n`;
    await tx`insert into public.tags (user_id, name)
      select ${user.id}, 'tag-' || n from generate_series(1, 30) n`;
  });
  // Prompts, their tags, then their versions (each updates its prompt's search vector through
  // the triggers: most of the time), in two transactions at once, each on half of the prompts.
  await Promise.all(
    [0, 1].map((half) =>
      asOwner(`prompts, tags and versions, half ${half}`, async (tx) => {
        await tx`
        with cats as (
          select id, row_number() over (order by name) as k from public.catalogs
          where user_id = ${user.id})
        insert into public.prompts (user_id, catalog_id, title, description, status, published_at)
        select ${user.id},
          case when g % 10 <> 0 then (select id from cats where cats.k = g % 20 + 1) end,
          left((${titles}::text[])[g % ${titles.length} + 1], 280) || ' #' || g,
          case when g % 3 = 0 then 'Generated prompt ' || g end,
          case when g % 4 = 0 then 'published'::public.prompt_status else 'draft' end,
          case when g % 4 = 0 then now() end
        from generate_series(1, ${count}) g
        where g % 2 = ${half}`;
        await tx.unsafe(
          `insert into public.prompt_tags (prompt_id, tag_id, user_id)
         select p.id, t.id, p.user_id
         from public.prompts p
         join public.tags t on t.user_id = p.user_id and t.name = 'tag-' || (${g("p")} % 30 + 1)
         where p.user_id = $1 and ${g("p")} % 5 = 0 and ${g("p")} % 2 = $2`,
          [user.id, half],
        );
        for (const extra of [false, true]) {
          await tx.unsafe(
            `insert into public.prompt_versions (prompt_id, user_id, created_by, content, variables,
             summary, source)
           select p.id, p.user_id, p.user_id,
             ($3::text[])[${g("p")} % $4 + 1] || case when $5 then E'\n\nRevised.' else '' end,
             case when $5 then '[]'::jsonb else ($6::text::jsonb) -> (${g("p")} % $4) end,
             case when $5 then 'revision' end, 'manual'
           from public.prompts p
           where p.user_id = $1 and ${g("p")} % 2 = $2 and (not $5 or ${g("p")} % 20 = 5)`,
            [user.id, half, contents, contents.length, extra, variables],
          );
        }
      })
    ),
  );
}

export async function exportLibrary(url: string, user: TestUser) {
  const t0 = performance.now();
  const res = await fetch(`${url}/export`, { headers: { authorization: `Bearer ${user.token}` } });
  const firstByteMs = Math.round(performance.now() - t0);
  if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
  const parts: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of res.body!) {
    parts.push(chunk);
    bytes += chunk.length;
  }
  return { status: res.status, first_byte_ms: firstByteMs, bytes, parts };
}

async function postImport(
  url: string,
  user: TestUser,
  body: Uint8Array | ReadableStream<Uint8Array>,
) {
  const res = await fetch(`${url}/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: body as BodyInit,
  });
  const text = await res.text();
  let parsed: { error?: { code: string; message: string }; imported?: number; skipped?: number } =
    {};
  try {
    parsed = JSON.parse(text);
  } catch { /* kept as status only */ }
  return { status: res.status, body: parsed };
}

function streamOf(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      const part = parts[i++];
      if (part) controller.enqueue(part);
      else controller.close();
    },
  });
}

function concat(parts: Uint8Array[], bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const mb = (n: number) => Math.round(n / 1024 / 1024 * 10) / 10;

if (import.meta.main) {
  const count = Number(Deno.args.find((a) => a.startsWith("--prompts="))?.slice(10) ?? 50_000);
  const record = Deno.args.includes("--record");
  const sql = postgres(need("SUPABASE_DB_URL"), { max: 2, onnotice: () => {} });
  const heavy = await newUser("library-io-heavy");
  const empty = await newUser("library-io-empty");
  const failures: string[] = [];
  const cases: Record<string, unknown> = {};
  const bound = (name: string, m: Measured<unknown>) => {
    cases[name] = { cpu_ms: m.cpu_ms, peak_mb: m.peak_mb, wall_ms: m.wall_ms };
    console.log(
      `${name.padEnd(34)} CPU ${String(m.cpu_ms).padStart(5)} ms  peak ${
        m.peak_mb.toFixed(1).padStart(6)
      } MB  wall ${String(m.wall_ms).padStart(6)} ms`,
    );
    if (m.cpu_ms > CPU_LIMIT_MS) failures.push(`${name}: ${m.cpu_ms} ms of CPU > ${CPU_LIMIT_MS}`);
    if (m.peak_mb > MEMORY_LIMIT_MB) {
      failures.push(`${name}: ${m.peak_mb} MB peak > ${MEMORY_LIMIT_MB}`);
    }
  };
  try {
    const g0 = performance.now();
    await generateLibrary(sql, heavy, count);
    const generationMs = Math.round(performance.now() - g0);
    console.log(`generated ${count} prompts in SQL in ${(generationMs / 1000).toFixed(1)} s`);
    const warmExport = async (url: string) => {
      const res = await fetch(`${url}/export`, {
        headers: { authorization: `Bearer ${empty.token}` },
      });
      await res.arrayBuffer();
    };

    const exported = await measure(warmExport, (url) => exportLibrary(url, heavy));
    bound(`GET /export (${count} prompts)`, exported);
    const whole = concat(exported.result.parts, exported.result.bytes);
    exported.result.parts = [];
    const doc = JSON.parse(new TextDecoder().decode(whole));
    console.log(
      `  ${mb(exported.result.bytes)} MB, first byte after ${exported.result.first_byte_ms} ms`,
    );
    if (doc.format !== "promptline.library" || doc.prompts.length !== count) {
      failures.push(`the export is not the whole library: ${doc.prompts?.length} prompts`);
    }

    // Over the body limit: refused while reading, then with the length up front.
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < whole.length; at += 64 * 1024) {
      chunks.push(whole.subarray(at, at + 65536));
    }
    const refused = await measure(warmExport, (url) => postImport(url, heavy, streamOf(chunks)));
    bound(`POST /import (${count}, streamed)`, refused);
    const refusedSized = await measure(warmExport, (url) => postImport(url, heavy, whole));
    bound(`POST /import (${count}, sized)`, refusedSized);
    for (const r of [refused.result, refusedSized.result]) {
      if (r.status !== 413 || !/25 MB/.test(r.body.error?.message ?? "")) {
        failures.push(
          `a ${count}-prompt import: ${r.status} ${JSON.stringify(r.body)}, not 413 naming 25 MB`,
        );
      }
    }

    // At the limit: the export's first 10,000 prompts (18 MB), sent back by their owner. The
    // function parses, validates and sends every one of them to import_library in batches, as
    // for any import; SQL then skips them all (their titles exist), which keeps this check short
    // (a real 10,000-prompt import is 20-30 s of SQL, none of it the function's CPU).
    const partCount = Math.min(count, 10_000);
    const part = new TextEncoder().encode(
      JSON.stringify({ ...doc, prompts: doc.prompts.slice(0, partCount) }),
    );
    console.log(`  import part: ${partCount} prompts, ${mb(part.length)} MB`);
    const atLimit = await measure(warmExport, (url) => postImport(url, heavy, part));
    bound(`POST /import (${partCount} prompts)`, atLimit);
    const r = atLimit.result;
    if (r.status !== 200 || r.body.imported !== 0 || r.body.skipped !== partCount) {
      failures.push(
        `the ${partCount}-prompt import: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`,
      );
    }

    // A CSV at the limits: 10,000 rows of the demo's texts, lengthened to 24 MB in all. One
    // title for every row, so SQL imports the first and skips the rest (cheap), while the
    // function counts, parses, converts and sends all 10,000, as for any CSV.
    const demo = parsePromptCsv(await Deno.readTextFile(await findDemoCsv(localEnv)));
    const rowChars = Math.floor((24 << 20) / partCount) - 40;
    const csvRows = Array.from({ length: partCount }, (_, i) => {
      const text = demo[i % demo.length]!.content;
      const long = text.repeat(Math.ceil(rowChars / text.length)).slice(0, rowChars);
      return `Same title,"${long.replaceAll('"', '""')}",FALSE,TEXT,me`;
    });
    const csv = new TextEncoder().encode(
      ["act,prompt,for_devs,type,contributor", ...csvRows].join("\n"),
    );
    console.log(`  CSV: ${partCount} rows, ${mb(csv.length)} MB`);
    const csvImport = await measure(warmExport, async (url) => {
      const res = await fetch(`${url}/import`, {
        method: "POST",
        headers: { authorization: `Bearer ${empty.token}`, "content-type": "text/csv" },
        body: csv,
      });
      return { status: res.status, body: await res.json() };
    });
    bound(`POST /import (CSV, ${partCount} rows)`, csvImport);
    const cr = csvImport.result;
    if (cr.status !== 200 || cr.body.imported !== 1 || cr.body.skipped !== partCount - 1) {
      failures.push(
        `the ${partCount}-row CSV: ${cr.status} ${JSON.stringify(cr.body).slice(0, 300)}`,
      );
    }

    if (record) {
      await Deno.writeTextFile(
        new URL("./results/library_io.json", import.meta.url),
        JSON.stringify(
          {
            measured_at: new Date().toISOString(),
            limits: { cpu_ms: CPU_LIMIT_MS, peak_mb: MEMORY_LIMIT_MB },
            library: {
              prompts: count,
              export_mb: mb(exported.result.bytes),
              generation_ms: generationMs,
            },
            import_part: { prompts: partCount, mb: mb(part.length) },
            csv: { rows: partCount, mb: mb(csv.length) },
            export_first_byte_ms: exported.result.first_byte_ms,
            cases,
          },
          null,
          2,
        ) + "\n",
      );
    }
  } finally {
    const d0 = performance.now();
    await sql`delete from auth.users where id in (${heavy.id}, ${empty.id})`;
    console.log(`deleted the users in ${((performance.now() - d0) / 1000).toFixed(1)} s`);
    await sql.end();
  }
  for (const f of failures) console.error(`FAILED ${f}`);
  console.log(failures.length ? "0 passed, 1 failed" : "1 passed, 0 failed");
  Deno.exit(failures.length ? 1 : 0);
}
