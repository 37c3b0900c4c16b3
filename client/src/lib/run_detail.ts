// The Runs pages' reading of the API: what a run ran and its tokens in a line, the list's filters
// as they stand in the address (so a run opened from a filtered list comes back to it), and one
// run's variables and log lines as rows. (Only these pages read them: they load with their chunk.)
import { runKindValues, runStatusValues } from "./api_schema.ts";
import { formatMs } from "./format.ts";
import { tokens } from "./run_view.ts";
import type { Run, RunStatus, RunSummary } from "./types.ts";
import type { components } from "./api_schema.ts";

type RunLog = components["schemas"]["RunLog"];

/** A run's tokens on one line; "≈" marks counts estimated from the text, "–" a run with none. */
export function tokenSummary(run: Pick<Run, "token_usage">): string {
  const t = tokens(run);
  if (t.input === null && t.output === null) return "–";
  return `${t.estimated ? "≈ " : ""}${t.input ?? "–"} in / ${t.output ?? "–"} out`;
}

// What a run without a prompt was. (A prompt run always has one: deleting a prompt deletes its
// runs.)
export const kindLabels: Record<Run["kind"], string> = {
  prompt: "prompt",
  improve: "improve",
  builder_questions: "builder: questions",
  builder_template: "builder: template",
  builder_polish: "builder: polish",
  gateway: "gateway (/v1 API)",
  workflow_gate: "workflow gate",
};

export interface RunSubject {
  text: string;
  /** Where the prompt is read; null for a run without one, or one the caller may not read. */
  href: string | null;
}

/**
 * What a run ran, as the API names its prompt: the caller's own prompt by title, someone else's
 * public one (runs of it are the runner's) in the gallery, someone's prompt that is no longer
 * public unlinked, or the kind of call. A call made for a prompt but not a run of it (improve)
 * says so.
 */
export function runSubject(
  run: Pick<RunSummary, "prompt_id" | "kind" | "prompt_title" | "prompt_is_own">,
): RunSubject {
  const id = run.prompt_id;
  if (!id) return { text: kindLabels[run.kind], href: null };
  const subject = run.prompt_is_own
    ? { text: run.prompt_title ?? "prompt", href: `/prompts/${id}` }
    : run.prompt_title !== null
    ? { text: run.prompt_title, href: `/gallery/${id}` }
    : { text: "someone's private prompt", href: null };
  return run.kind === "prompt"
    ? subject
    : { ...subject, text: `${subject.text} (${kindLabels[run.kind]})` };
}

/** GET /runs's filters, each left out when it filters nothing. */
export interface RunFilters {
  status?: RunStatus;
  kind?: Run["kind"];
  model?: string;
  prompt_id?: string;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters of /runs?status=&kind=&model=&prompt=; a value the API would refuse filters nothing. */
export function runFilters(query: Record<string, string | undefined>): RunFilters {
  const f: RunFilters = {};
  const status = runStatusValues.find((s) => s === query.status);
  if (status) f.status = status;
  const kind = runKindValues.find((k) => k === query.kind);
  if (kind) f.kind = kind;
  if (query.model) f.model = query.model;
  if (query.prompt && uuid.test(query.prompt)) f.prompt_id = query.prompt;
  return f;
}

/** The address of the run list with these filters. */
export function runsPath(f: RunFilters): string {
  const q = new URLSearchParams();
  if (f.status) q.set("status", f.status);
  if (f.kind) q.set("kind", f.kind);
  if (f.model) q.set("model", f.model);
  if (f.prompt_id) q.set("prompt", f.prompt_id);
  const s = q.toString();
  return s ? `/runs?${s}` : "/runs";
}

/** A value as a line of text: strings as they are, anything else as JSON. */
const text = (v: unknown): string => typeof v === "string" ? v : JSON.stringify(v) ?? "";

/** The variables a run was given, in the order they were sent. */
export function variableRows(variables: Run["variables"]): { name: string; value: string }[] {
  return Object.entries(variables).map(([name, v]) => ({ name, value: text(v) }));
}

export interface LogRow {
  id: number;
  at: string;
  /** Time since the run's first line ("+12 ms"). */
  offset: string;
  level: RunLog["level"];
  message: string;
  /** The line's data as `key: value` pairs; "" when it has none. */
  data: string;
}

// Log times come as Postgres writes them (microseconds): Date.parse is only required to read
// milliseconds, so the rest is dropped.
const millis = (iso: string): number => Date.parse(iso.replace(/(\.\d{3})\d+/, "$1"));

/** A run's log lines in the order they were written (ids grow with it), timed from the first. */
export function logRows(logs: readonly RunLog[]): LogRow[] {
  const lines = [...logs].sort((a, b) => a.id - b.id);
  const start = lines.length ? millis(lines[0]!.created_at) : 0;
  return lines.map((l) => ({
    id: l.id,
    at: l.created_at,
    offset: `+${formatMs(Math.max(0, millis(l.created_at) - start))}`,
    level: l.level,
    message: l.message,
    data: Object.entries(l.data ?? {}).map(([k, v]) => `${k}: ${text(v)}`).join(", "),
  }));
}
