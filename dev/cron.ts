// pg_cron on the local stack: each job's last run (npm run stack:status), and the proof that the
// schedule runs every job, not only that its function works (npm test's "pg_cron schedule").
// pg_cron 1.4 (Debian bookworm) takes cron syntax only, at minute granularity (second intervals
// came with 1.5), and ticks once a minute.
import type postgres from "postgres";

type Sql = postgres.Sql;

export interface JobStatus {
  jobid: number;
  jobname: string;
  schedule: string;
  /** The last run's status (starting, running, succeeded, failed), null if it never ran. */
  status: string | null;
  start: Date | null;
  end: Date | null;
  message: string | null;
}

/** Names of the short-lived copies proveSchedules makes: `schedule-check:<epoch ms>:<job>`. */
export const COPY_PREFIX = "schedule-check:";
/** A copy left by a check that was killed is removed once it is this old. */
const STALE_COPY_MS = 10 * 60_000;
/** The stack writes the highest cron run id at its start here (in its state dir). */
export const RUN_FLOOR_FILE = "cron_run_floor";

/** Every job with its last run, in job order. */
export async function jobStatuses(sql: Sql): Promise<JobStatus[]> {
  return await sql<JobStatus[]>`
    select j.jobid::int as jobid, j.jobname, j.schedule, d.status, d.start_time as start,
      d.end_time as end, d.return_message as message
    from cron.job j
    left join lateral (
      select * from cron.job_run_details d where d.jobid = j.jobid order by d.runid desc limit 1
    ) d on true
    order by j.jobid`;
}

/** One line per job for stack:status. */
export function describeJob(j: JobStatus): string {
  const head = `${j.jobname} (${j.schedule})`;
  if (!j.status) return `${head}: never ran`;
  const at = (j.start ?? j.end)?.toISOString().replace("T", " ").slice(0, 19);
  const took = j.start && j.end ? ` in ${j.end.getTime() - j.start.getTime()} ms` : "";
  const why = j.status === "failed" && j.message ? `: ${j.message}` : "";
  return `${head}: last run ${j.status}${at ? ` at ${at} UTC` : ""}${took}${why}`;
}

/** The highest cron run id so far (0 if none): runs above it happened after this moment. */
export async function lastRunId(sql: Sql): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    select coalesce(max(runid), 0)::int as id from cron.job_run_details`;
  return row?.id ?? 0;
}

/** The floor the stack recorded at its start (0 when it did not: all history counts). */
export async function readRunFloor(stateDir: string): Promise<number> {
  const text = await Deno.readTextFile(`${stateDir}/${RUN_FLOOR_FILE}`).catch(() => "0");
  const n = Number(text.trim());
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

export interface FailedRun {
  runid: number;
  jobname: string;
  message: string | null;
}

/**
 * Failed runs above a run id. Runs are told apart by id, not time: pg_cron records a run that
 * could not start (no connection, no worker slot) without a start or end time.
 */
export async function failedRunsSince(sql: Sql, floor: number): Promise<FailedRun[]> {
  return await sql<FailedRun[]>`
    select d.runid::int as runid,
      coalesce(j.jobname, format('job %s, since removed (%s)', d.jobid, d.command)) as jobname,
      d.return_message as message
    from cron.job_run_details d
    left join cron.job j on j.jobid = d.jobid
    where d.runid > ${floor} and d.status = 'failed'
    order by d.runid`;
}

export interface Proof {
  /** Each scheduled job and how long its copy took to succeed, in ms. */
  proved: { jobname: string; ms: number }[];
  /** What went wrong, one sentence each; empty when every job ran. */
  problems: string[];
}

/**
 * Proves that pg_cron runs every scheduled job (enumerated from cron.job): schedules a copy of
 * each (same command, database and user, every minute), waits for each copy's first run to
 * succeed, then unschedules the copies. The wait is bounded by `timeoutMs`; pg_cron 1.4 ticks at
 * the top of each minute, so 70 s covers one tick whatever the second we start at.
 */
export async function proveSchedules(sql: Sql, timeoutMs = 70_000): Promise<Proof> {
  await removeStaleCopies(sql);
  const jobs = await sql<
    { jobname: string; command: string; database: string; username: string }[]
  >`
    select jobname, command, database, username from cron.job
    where active and jobname not like ${COPY_PREFIX + "%"}
    order by jobid`;
  if (!jobs.length) return { proved: [], problems: ["cron.job has no scheduled job"] };
  const t0 = Date.now();
  const copies = new Map<number, string>(); // copy's jobid -> the job it copies
  try {
    for (const j of jobs) {
      const [row] = await sql<{ id: string }[]>`
        select cron.schedule_in_database(${`${COPY_PREFIX}${t0}:${j.jobname}`}, '* * * * *',
          ${j.command}, ${j.database}, ${j.username}) as id`;
      if (!row) throw new Error(`cron.schedule_in_database returned no job id for ${j.jobname}`);
      copies.set(Number(row.id), j.jobname);
    }
    const proved: Proof["proved"] = [];
    const problems: string[] = [];
    const waiting = new Set(copies.keys());
    while (waiting.size && Date.now() - t0 < timeoutMs) {
      await new Promise((r) => setTimeout(r, 1000));
      const done = await sql<{ jobid: number; status: string; message: string | null }[]>`
        select distinct on (jobid) jobid::int as jobid, status, return_message as message
        from cron.job_run_details
        where jobid in ${sql([...waiting])} and status in ('succeeded', 'failed')
        order by jobid, runid`;
      for (const d of done) {
        const name = copies.get(d.jobid) ?? `job ${d.jobid}`;
        waiting.delete(d.jobid);
        if (d.status === "succeeded") proved.push({ jobname: name, ms: Date.now() - t0 });
        else problems.push(`${name}: its scheduled run failed: ${d.message ?? "no message"}`);
      }
    }
    for (const id of waiting) {
      problems.push(
        `${copies.get(id)}: no run of its copy finished within ${timeoutMs / 1000} s ` +
          `(is pg_cron running, with cron.use_background_workers = on?)`,
      );
    }
    return { proved, problems };
  } finally {
    for (const id of copies.keys()) await sql`select cron.unschedule(${id}::bigint)`;
  }
}

/** Copies left behind by a check that was killed before it could unschedule them. */
async function removeStaleCopies(sql: Sql): Promise<void> {
  const copies = await sql<{ jobid: string; jobname: string }[]>`
    select jobid, jobname from cron.job where jobname like ${COPY_PREFIX + "%"}`;
  for (const c of copies) {
    const made = Number(c.jobname.slice(COPY_PREFIX.length).split(":")[0]);
    if (!(Date.now() - made < STALE_COPY_MS)) {
      await sql`select cron.unschedule(${c.jobid}::bigint)`;
    }
  }
}
