// CPU time of the local stack's processes, read from /proc (Linux), so a bench can say where a
// run's CPU goes: the machine is shared and its speed drifts, and CPU per run drifts less than
// latency does. Elsewhere (no /proc), every reading is empty and the bench reports no CPU figures.

/** Which stack process a command line belongs to; null for the rest of the machine. */
export function stackProcess(cmdline: string): string | null {
  if (/^postgres: \d+\/promptline:|\/postgres -D \S*\/promptline\b/.test(cmdline)) {
    return "postgres";
  }
  if (cmdline.includes("dev/gateway.ts")) return "gateway";
  if (cmdline.includes("bench/api_process.ts")) return "function";
  if (cmdline.includes("dev/upstash_bridge.ts")) return "bridge";
  if (cmdline.includes("dev/llm_standin.ts")) return "standin";
  if (cmdline.includes("bench/floor_proxy.ts")) return "floor";
  if (cmdline.includes("@portkey-ai/gateway/build/start-server.js")) return "portkey";
  if (/redis-server \S+:54379/.test(cmdline)) return "redis";
  return null;
}

/**
 * CPU ms of a process and of its children that have ended, from a /proc/<pid>/stat line (the
 * command may hold spaces and parens). The children count because Postgres backends come and go:
 * a connection closed between two samples would take its CPU with it, but the postmaster, which
 * waits for it, then holds that CPU in its own cutime and cstime.
 */
export function cpuMsOfStat(stat: string, ticksPerSecond = 100): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is the state (field 3 of proc(5)); utime, stime, cutime, cstime are fields 14-17.
  const ticks = fields.slice(11, 15).reduce((n, f) => n + Number(f), 0);
  return (ticks * 1000) / ticksPerSecond;
}

/** CPU ms used so far by each stack process kind, and by this process as "client". */
export function sampleStackCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync("/proc")];
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const kind = Number(e.name) === Deno.pid ? "client" : stackProcess(
        Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " "),
      );
      if (!kind) continue;
      out[kind] = (out[kind] ?? 0) + cpuMsOfStat(Deno.readTextFileSync(`/proc/${e.name}/stat`));
    } catch { /* the process ended meanwhile */ }
  }
  return out;
}

/**
 * CPU ms per unit of work between two samples, rounded to 0.01. Processes that started in between
 * count from zero; one that ended counts through its parent, if that is sampled too.
 */
export function cpuPer(
  before: Record<string, number>,
  after: Record<string, number>,
  units: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) {
    out[k] = Math.round(((v - (before[k] ?? 0)) / units) * 100) / 100;
  }
  return out;
}
