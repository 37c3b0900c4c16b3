// Running a prompt's validators on a successful run's output (seed 002 validations): each gives
// passed + a message; the run passes only when all pass, and is "skipped" when it has none.
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import safeRegex from "safe-regex2";

export type ValidatorType = "json_schema" | "regex" | "max_length" | "contains";

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

const ajv = new Ajv({ allErrors: true, strict: false });
// Compiled schemas by validator version; bounded so a busy worker does not grow without end.
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 500;

function schemaValidator(v: ValidatorRow): ValidateFunction {
  const key = `${v.id}@${v.updated_at}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(v.config.schema);
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, fn);
  }
  return fn;
}

/** Why a validator's config cannot be used (a schema ajv refuses, a bad regex), or null. */
export function configProblem(type: ValidatorType, config: unknown): string | null {
  // deno-lint-ignore no-explicit-any
  const c = config as any;
  try {
    if (type === "json_schema") ajv.compile(c?.schema);
    if (type === "regex") {
      const re = new RegExp(String(c?.pattern), c?.flags ?? "");
      // JavaScript regexes cannot be interrupted: a pattern with nested quantifiers could hold
      // the function's only thread for minutes on an unlucky output, so it is refused up front.
      if (!safeRegex(re)) {
        return "the pattern could take exponential time (nested quantifiers); simplify it";
      }
    }
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return null;
}

function check(v: ValidatorRow, output: string): { passed: boolean; message: string } {
  switch (v.type) {
    case "json_schema": {
      let parsed: unknown;
      try {
        parsed = JSON.parse(output);
      } catch {
        return { passed: false, message: "the output is not JSON" };
      }
      const fn = schemaValidator(v);
      if (fn(parsed)) return { passed: true, message: "matches the schema" };
      const why = (fn.errors ?? []).slice(0, 5)
        .map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
      return { passed: false, message: `does not match the schema: ${why}` };
    }
    case "regex": {
      const re = new RegExp(v.config.pattern, v.config.flags ?? "");
      return re.test(output)
        ? { passed: true, message: `matches /${v.config.pattern}/` }
        : { passed: false, message: `does not match /${v.config.pattern}/` };
    }
    case "max_length": {
      const n = [...output].length;
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
  const results = validators.map((v) => {
    let r: { passed: boolean; message: string };
    try {
      r = check(v, output);
    } catch (e) {
      r = { passed: false, message: `validator failed: ${e instanceof Error ? e.message : e}` };
    }
    return { validator_id: v.id, name: v.name, type: v.type, ...r };
  });
  return { status: results.every((r) => r.passed) ? "passed" : "failed", results };
}
