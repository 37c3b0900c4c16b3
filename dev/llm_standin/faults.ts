// Scriptable faults for the LLM stand-in. There are two ways to script them because callers
// differ: a direct `openai` client can send the `x-standin-fault` header, while a caller that
// only controls prompt text (a run through our API) writes a directive anywhere in a message:
//
//   [[standin:fault=429;times=2;key=abc]]   first 2 requests carrying key abc get a 429
//   [[standin:slow=300]]                    answer after 300 ms (stream: 300 ms between chunks)
//   [[standin:key=abc]]                     no fault, only counts calls under key abc
//   [[standin:misfit;times=1]]              the first answer to a json_schema request does not fit
//
// Items are separated by `;`. Named items: fault=<spec>[,<spec>...], times=<n>, key=<k>,
// retry_after_ms=<ms>. Any other item is itself a fault spec: <status> | status=<status> |
// slow=<ms> | malformed[=not_json|no_choices] | disconnect[=<chunks>] | cached=<n> |
// reasoning=<n> | misfit (valid JSON that does not fit the request's json_schema) | no_usage (the
// answer carries no usage, as some OpenAI-compatible servers send it). The header takes the same syntax, e.g. `x-standin-fault: 500;times=1`.

export type Fault =
  | { kind: "status"; status: number }
  | { kind: "slow"; ms: number }
  | { kind: "malformed"; variant: "not_json" | "no_choices" }
  | { kind: "disconnect"; afterChunks: number }
  | { kind: "cached"; tokens: number }
  | { kind: "reasoning"; tokens: number }
  | { kind: "misfit" }
  | { kind: "no_usage" };

export interface Script {
  faults: Fault[];
  times?: number;
  key?: string;
  retryAfterMs?: number;
  // The script's own text: with `times` but no `key`, it is what the uses are counted under.
  source: string;
}

export class ScriptError extends Error {}

const DIRECTIVE = /\[\[standin:([^\]]*)\]\]/g;
const KEY = /^[A-Za-z0-9_.:\-]{1,200}$/;
const MAX_SLOW_MS = 10 * 60 * 1000;

export function findDirectives(text: string): Script[] {
  return [...text.matchAll(DIRECTIVE)].map((m) => parseScript(m[1]!));
}

export function stripDirectives(text: string): string {
  return text.replace(DIRECTIVE, "");
}

export function parseScript(body: string): Script {
  const script: Script = { faults: [], source: body.trim() };
  for (const raw of body.split(";")) {
    const item = raw.trim();
    if (!item) continue;
    const [name, value] = splitOnce(item);
    if (name === "fault") {
      for (const spec of value.split(",")) script.faults.push(parseFault(spec.trim()));
    } else if (name === "times") {
      script.times = integer(value, 1, 1_000_000, "times");
    } else if (name === "key") {
      if (!KEY.test(value)) throw new ScriptError(`key must match ${KEY.source}`);
      script.key = value;
    } else if (name === "retry_after_ms") {
      script.retryAfterMs = integer(value, 0, 60_000, "retry_after_ms");
    } else {
      script.faults.push(parseFault(item));
    }
  }
  return script;
}

function parseFault(spec: string): Fault {
  if (/^\d{3}$/.test(spec)) return { kind: "status", status: status(spec) };
  const [name, value] = splitOnce(spec);
  switch (name) {
    case "status":
      return { kind: "status", status: status(value) };
    case "slow":
      return { kind: "slow", ms: integer(value, 0, MAX_SLOW_MS, "slow") };
    case "malformed":
      if (value === "" || value === "not_json") return { kind: "malformed", variant: "not_json" };
      if (value === "no_choices") return { kind: "malformed", variant: "no_choices" };
      throw new ScriptError("malformed takes not_json or no_choices");
    case "disconnect":
      return { kind: "disconnect", afterChunks: value ? integer(value, 0, 10_000, name) : 3 };
    case "misfit":
      return { kind: "misfit" };
    case "no_usage":
      return { kind: "no_usage" };
    case "cached":
    case "reasoning":
      return { kind: name, tokens: integer(value, 0, 10_000_000, name) };
    default:
      throw new ScriptError(`unknown stand-in fault "${spec}"`);
  }
}

function splitOnce(item: string): [string, string] {
  const eq = item.indexOf("=");
  return eq < 0 ? [item, ""] : [item.slice(0, eq).trim(), item.slice(eq + 1).trim()];
}

function integer(value: string, min: number, max: number, what: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ScriptError(`${what} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

function status(value: string): number {
  return integer(value, 400, 599, "status");
}

// Remembers, per key, how many chat completion requests arrived and how many uses of each
// `times`-limited script were spent, so tests can assert "exactly one provider call".
export class CallLedger {
  #calls = new Map<string, number>();
  #uses = new Map<string, number>();
  // The last four characters of the API key each key's last call carried: enough for a test to
  // tell whose key a run used, never the key itself.
  #keyLast4 = new Map<string, string>();

  record(keys: Iterable<string>, apiKey?: string | null): void {
    for (const key of new Set(keys)) {
      this.#calls.set(key, (this.#calls.get(key) ?? 0) + 1);
      if (apiKey) this.#keyLast4.set(key, apiKey.slice(-4));
    }
  }

  calls(key: string): number {
    return this.#calls.get(key) ?? 0;
  }

  apiKeyLast4(key: string): string | null {
    return this.#keyLast4.get(key) ?? null;
  }

  // The faults that apply to this request; spends one use of every limited script that fires.
  activeFaults(scripts: readonly Script[]): { faults: Fault[]; retryAfterMs?: number } {
    const faults: Fault[] = [];
    let retryAfterMs: number | undefined;
    for (const s of scripts) {
      if (s.times !== undefined) {
        const useKey = `${s.key ?? ""}\u0000${s.source}`;
        const used = this.#uses.get(useKey) ?? 0;
        if (used >= s.times) continue;
        this.#uses.set(useKey, used + 1);
      }
      faults.push(...s.faults);
      retryAfterMs ??= s.retryAfterMs;
    }
    return { faults, retryAfterMs };
  }

  reset(key?: string): void {
    if (key === undefined) {
      this.#calls.clear();
      this.#uses.clear();
      this.#keyLast4.clear();
      return;
    }
    this.#calls.delete(key);
    this.#keyLast4.delete(key);
    for (const useKey of [...this.#uses.keys()]) {
      if (useKey.startsWith(`${key}\u0000`)) this.#uses.delete(useKey);
    }
  }
}
