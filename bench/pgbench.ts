// pgbench (PostgreSQL's own load generator, in C) running a script of statements against the
// local cluster: how many runs per second Postgres alone can record, with no API in front.
import { pgBin } from "../dev/postgres.ts";
import { run } from "../dev/proc.ts";

export interface PgbenchResult {
  /** Transactions (here: script runs) per second, without the initial connection time. */
  tps: number;
  /** Script runs that completed. */
  processed: number;
}

/** The figures of pgbench's report; throws when it reports failures or no throughput. */
export function parsePgbench(output: string): PgbenchResult {
  const tps = /^tps = ([\d.]+) \(without initial connection time\)$/m.exec(output);
  const processed = /^number of transactions actually processed: (\d+)/m.exec(output);
  const failed = /^number of failed transactions: (\d+)/m.exec(output);
  if (!tps || !processed) throw new Error(`pgbench reported no throughput:\n${output}`);
  if (failed && Number(failed[1]) > 0) {
    throw new Error(`pgbench: ${failed[1]} failed transactions:\n${output}`);
  }
  return { tps: Number(tps[1]), processed: Number(processed[1]) };
}

/**
 * Runs `script` (pgbench's format: statements ending in `;`) `perClient` times on each of
 * `clients` connections, with prepared statements as the API's pool uses them.
 */
export async function pgbench(
  dbUrl: string,
  script: string,
  clients: number,
  perClient: number,
): Promise<PgbenchResult> {
  const file = await Deno.makeTempFile({ prefix: "promptline-pgbench-", suffix: ".sql" });
  try {
    await Deno.writeTextFile(file, script);
    const r = await run([
      `${pgBin}/pgbench`,
      "--no-vacuum",
      "--protocol=prepared",
      `--client=${clients}`,
      `--jobs=${Math.min(clients, 2)}`,
      `--transactions=${perClient}`,
      `--file=${file}`,
      dbUrl,
    ]);
    if (r.code !== 0) throw new Error(`pgbench failed (exit ${r.code}):\n${r.stderr || r.stdout}`);
    return parsePgbench(r.stdout);
  } finally {
    await Deno.remove(file);
  }
}
