// The dev stack's workflow tick: what pg_cron does in production (calls the api function's
// POST /workflows/tick with the service role's key, Supabase's pattern for scheduling edge
// functions), every PROMPTLINE_WORKFLOW_TICK_MS (default 2000; 0 turns it off). It runs in the
// gateway's process and calls the gateway over HTTP, like pg_cron calling the function. One tick
// at a time: the next waits for the last to answer.
import { need } from "./env.ts";

export interface Ticker {
  /** Stops ticking; resolves once a tick in flight has answered. */
  stop(): Promise<void>;
}

export function startWorkflowTicker(
  env: Record<string, string>,
  everyMs = Number(env.PROMPTLINE_WORKFLOW_TICK_MS ?? 2000),
): Ticker | null {
  if (!Number.isFinite(everyMs) || everyMs <= 0) return null;
  const url = `${need("SUPABASE_URL", env)}/functions/v1/api/workflows/tick`;
  const key = need("SUPABASE_SERVICE_ROLE_KEY", env);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const once = async () => {
    try {
      const res = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: "{}",
      });
      const text = await res.text();
      if (!res.ok) console.error(`[workflow tick] ${res.status} ${text.slice(0, 300)}`);
    } catch (e) {
      // the gateway restarting (--watch) or the stack stopping: the next tick tries again
      if (!stopped) console.error(`[workflow tick] ${e instanceof Error ? e.message : e}`);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = once().then(schedule);
    }, everyMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
