// A gate's checks (qa_config.checks named by its stage): the run validators over the model's
// output (json_schema, regex, max_length, contains, on RE2 and bounded like a run's), and
// file_exists and contains_headings over the artifacts the gate produced. Each check gives
// passed and a message; what a failure means (severity, required, fail code) is SQL's
// (private.gate_outcome).
import { type ValidatorType, validatorTypeSchema } from "../contract.ts";
import { runValidators, type ValidatorRow } from "../run/validate.ts";
import type { GateArtifact } from "./artifacts.ts";

export interface CheckDef {
  name: string;
  type: ValidatorType | "file_exists" | "contains_headings" | "model_graded";
  // deno-lint-ignore no-explicit-any
  config?: any;
  severity: "critical" | "warning" | "info";
  required?: boolean;
  fail_code: string;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  message: string;
  /** A model-graded check's grading call, whose tokens and cost the gate counts. */
  model_run_id?: string;
  /** A grader that could not grade says so with its own code (GRADER_MISFIT, GRADER_ERROR). */
  fail_code?: string;
}

const validatorTypes = new Set<string>(validatorTypeSchema.options);

/** The Markdown headings (ATX, any level) of a text, trimmed. */
export function headingsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)].map((m) => m[1]!.trim());
}

function fileCheck(check: CheckDef, artifacts: readonly GateArtifact[]): CheckResult {
  const file = String(check.config?.file ?? "");
  const found = artifacts.find((a) => a.file_name === file || a.file_path === file);
  if (!found || found.content.trim() === "") {
    return { name: check.name, passed: false, message: `${file} was not produced` };
  }
  if (check.type === "file_exists") {
    return { name: check.name, passed: true, message: `${file} exists` };
  }
  const wanted: string[] = Array.isArray(check.config?.headings) ? check.config.headings : [];
  const have = new Set(headingsOf(found.content).map((h) => h.toLowerCase()));
  const missing = wanted.filter((h) => !have.has(String(h).toLowerCase()));
  return missing.length === 0
    ? { name: check.name, passed: true, message: `${file} has the headings ${wanted.join(", ")}` }
    : {
      name: check.name,
      passed: false,
      message: `${file} lacks the headings ${missing.join(", ")}`,
    };
}

/**
 * Runs a gate's checks but the model-graded ones (grader.ts: they call a model). `specHash` keys
 * the validators' compiled cache (a spec never changes).
 */
export function runChecks(
  checks: readonly CheckDef[],
  output: string,
  artifacts: readonly GateArtifact[],
  specHash: string,
): CheckResult[] {
  const rows: ValidatorRow[] = checks.filter((c) => validatorTypes.has(c.type)).map((c) => ({
    id: `${specHash}:${c.name}`,
    name: c.name,
    type: c.type as ValidatorType,
    config: c.config ?? {},
    updated_at: specHash,
  }));
  const validated = new Map(
    runValidators(rows, output).results.map((r) => [r.name, r] as const),
  );
  return checks.filter((c) => c.type !== "model_graded").map((c) => {
    const v = validated.get(c.name);
    if (v) return { name: c.name, passed: v.passed, message: v.message };
    return fileCheck(c, artifacts);
  });
}
