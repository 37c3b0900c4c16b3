// Running a prompt's validators on a successful run's output (seed 002 validations): each gives
// passed + a message; the run passes only when all pass, and is "skipped" when it has none.
//
// Patterns and schemas are written by users, and a validator runs on the worker's one JS
// thread, shared by every tenant, where nothing can interrupt it; so none may take long on any
// output (DESIGN.md, Fairness). Patterns run on RE2 (pattern.ts); each schema has an Ajv of its
// own (schema.ts); a run's validators share a budget of steps (budget.ts); and what a validator
// reads is capped (MAX_VALIDATED_OUTPUT). A config is checked by the same code when it is saved
// (configProblem) and when it runs, and compiled ones are kept in a small LRU.
import type { RE2JS } from "re2js";
import type { ValidatorType } from "../contract.ts";
import { Budget, OverBudget } from "./budget.ts";
import { compilePattern, patternFlags } from "./pattern.ts";
import { type CompiledSchema, compileSchema, Refusal, runSchema, schemaSteps } from "./schema.ts";

export interface ValidatorRow {
  id: string;
  name: string;
  type: ValidatorType;
  // deno-lint-ignore no-explicit-any
  config: any;
  updated_at: string;
}

export interface ValidationResult {
  validator_id: string;
  name: string;
  type: ValidatorType;
  passed: boolean;
  message: string;
}

export interface Validation {
  status: "passed" | "failed" | "skipped";
  results: ValidationResult[];
}

/**
 * The longest output (String.length) a regex or json_schema validator reads; past it they fail,
 * saying so, without running. Their cost grows with the output times the pattern or schema, and
 * they judge the whole text, so reading a prefix would give a wrong answer. max_length still
 * counts the whole output and contains still searches all of it: each is one linear pass with a
 * small constant (V8's String.prototype.includes is linear too), and a long output is exactly
 * what max_length is there to catch.
 */
export const MAX_VALIDATED_OUTPUT = 100_000;
/** Compiled validators a worker keeps (an LRU keyed by validator id and updated_at). */
export const MAX_COMPILED = 100;

/** A config that cannot run, and the field to blame (`config.pattern`, `config.schema.…`). */
export interface ConfigProblem {
  field: string;
  message: string;
}

const messageOf = (e: unknown) => e instanceof Error ? e.message : String(e);

interface CompiledRegex {
  kind: "regex";
  re: RE2JS;
}
type Compiled = CompiledSchema | CompiledRegex;

function compileRegex(config: { pattern?: unknown; flags?: unknown }): CompiledRegex {
  const flags = typeof config.flags === "string" ? config.flags : "";
  try {
    patternFlags(flags);
  } catch (e) {
    throw new Refusal("config.flags", messageOf(e));
  }
  try {
    return { kind: "regex", re: compilePattern(String(config.pattern), flags) };
  } catch (e) {
    throw new Refusal("config.pattern", messageOf(e));
  }
}

/** A small LRU: a Map keeps insertion order, so its first key is the least recently used. */
export class Lru<K, V> {
  readonly #map = new Map<K, V>();
  constructor(readonly max: number) {}

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    for (const oldest of this.#map.keys()) {
      if (this.#map.size <= this.max) break;
      this.#map.delete(oldest);
    }
  }

  get size(): number {
    return this.#map.size;
  }
}

// A validator's config cannot change without its updated_at changing (a trigger sets it), so
// the pair names one compiled version.
const compiled = new Lru<string, Compiled>(MAX_COMPILED);

/** How many compiled validators this worker holds (never more than MAX_COMPILED). */
export function compiledCount(): number {
  return compiled.size;
}

function compiledFor(v: ValidatorRow): Compiled {
  const key = `${v.id}@${v.updated_at}`;
  let c = compiled.get(key);
  if (!c) {
    c = v.type === "json_schema" ? compileSchema(v.config?.schema) : compileRegex(v.config ?? {});
    compiled.set(key, c);
  }
  return c;
}

/**
 * Why a validator's config cannot run (a schema ajv refuses, a pattern RE2 cannot run, a size
 * over a bound), naming the field; null when it can. Runs compile configs the same way.
 */
export function configProblem(type: ValidatorType, config: unknown): ConfigProblem | null {
  const c = typeof config === "object" && config !== null ? config as Record<string, unknown> : {};
  try {
    if (type === "json_schema") compileSchema(c.schema);
    if (type === "regex") compileRegex(c);
  } catch (e) {
    if (e instanceof Refusal) return { field: e.field, message: e.message };
    return { field: type === "regex" ? "config.pattern" : "config.schema", message: messageOf(e) };
  }
  return null;
}

interface Verdict {
  passed: boolean;
  message: string;
}

function tooLong(type: ValidatorType, output: string): Verdict | null {
  if (output.length <= MAX_VALIDATED_OUTPUT) return null;
  return {
    passed: false,
    message: `not checked: the output has ${output.length} characters, and ${type} validators ` +
      `read at most ${MAX_VALIDATED_OUTPUT}`,
  };
}

/** Characters as max_length counts them (code points, as [...s].length), without an array. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const hi = s.charCodeAt(i);
    if (hi >= 0xd800 && hi <= 0xdbff) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function check(v: ValidatorRow, output: string, budget: Budget): Verdict {
  switch (v.type) {
    case "json_schema": {
      const over = tooLong(v.type, output);
      if (over) return over;
      let parsed: unknown;
      try {
        parsed = JSON.parse(output);
      } catch {
        return { passed: false, message: "the output is not JSON" };
      }
      const c = compiledFor(v) as CompiledSchema;
      budget.spend(schemaSteps(c, output.length), "this schema");
      if (runSchema(c, parsed, budget)) return { passed: true, message: "matches the schema" };
      const why = (c.validate.errors ?? []).slice(0, 5)
        .map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
      return { passed: false, message: `does not match the schema: ${why}` };
    }
    case "regex": {
      const over = tooLong(v.type, output);
      if (over) return over;
      const { re } = compiledFor(v) as CompiledRegex;
      budget.spend(re.programSize() * Math.max(1, output.length), "this pattern");
      return re.test(output)
        ? { passed: true, message: `matches /${v.config.pattern}/` }
        : { passed: false, message: `does not match /${v.config.pattern}/` };
    }
    case "max_length": {
      const n = codePoints(output);
      return n <= v.config.max
        ? { passed: true, message: `${n} characters (at most ${v.config.max})` }
        : { passed: false, message: `${n} characters, over the maximum of ${v.config.max}` };
    }
    case "contains": {
      const cs = v.config.case_sensitive ?? true;
      const hay = cs ? output : output.toLowerCase();
      const needle = cs ? v.config.text : String(v.config.text).toLowerCase();
      return hay.includes(needle)
        ? { passed: true, message: `contains ${JSON.stringify(v.config.text)}` }
        : { passed: false, message: `does not contain ${JSON.stringify(v.config.text)}` };
    }
  }
}

export function runValidators(validators: readonly ValidatorRow[], output: string): Validation {
  if (validators.length === 0) return { status: "skipped", results: [] };
  const budget = new Budget();
  const results = validators.map((v) => {
    let r: Verdict;
    try {
      r = check(v, output, budget);
    } catch (e) {
      r = e instanceof OverBudget
        ? { passed: false, message: e.message }
        : e instanceof Refusal
        ? { passed: false, message: `validator cannot run: ${e.field}: ${e.message}` }
        : { passed: false, message: `validator failed: ${messageOf(e)}` };
    }
    return { validator_id: v.id, name: v.name, type: v.type, ...r };
  });
  return { status: results.every((r) => r.passed) ? "passed" : "failed", results };
}
