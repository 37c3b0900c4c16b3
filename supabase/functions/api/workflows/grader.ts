// Model-graded checks (qa_config type model_graded): a model grades the gate's output, called
// through the run service like the gate itself (metered against the run owner's quota, priced,
// recorded as a run of kind workflow_gate), and its answer must fit the check's JSON schema. The
// grader's run id goes with the result: SQL adds its tokens and cost to the gate's. A grader that
// cannot grade fails the check with its own code: GRADER_MISFIT (the answer does not fit the
// schema) or GRADER_ERROR (the call failed or was refused), never the check's fail_code, which
// would say the output was judged and failed.
import { ApiError, fromPgError } from "../../_shared/errors.ts";
import type { Caller } from "../context.ts";
import type { RunService } from "../run/service.ts";
import { runValidators } from "../run/validate.ts";
import type { CheckDef, CheckResult } from "./checks.ts";

export interface GraderConfig {
  prompt: string;
  model: string;
  schema: Record<string, unknown>;
  pass_field?: string;
  pass_equals?: unknown;
  reason_field?: string;
}

/** The grading prompt with {{output}} bound to the gate's output. */
export function gradingText(config: GraderConfig, output: string): string {
  return config.prompt.replace(/\{\{\s*output\s*\}\}/g, () => output);
}

/** Pass or fail from a grader's answer that fits the schema. */
export function readGrade(
  config: GraderConfig,
  answer: Record<string, unknown>,
): { passed: boolean; message: string } {
  const field = config.pass_field ?? "pass";
  const value = answer[field];
  const passed = "pass_equals" in config && config.pass_equals !== undefined
    ? JSON.stringify(value) === JSON.stringify(config.pass_equals)
    : value === true;
  const reason = answer[config.reason_field ?? "reason"];
  const said = typeof reason === "string" && reason.trim() !== "" ? `: ${reason.trim()}` : "";
  return {
    passed,
    message: `the grader (${config.model}) ${passed ? "passed" : "failed"} it (${field} = ${
      JSON.stringify(value)
    })${said}`.slice(0, 1000),
  };
}

/** Runs one model-graded check as the run's owner. */
export async function gradeCheck(
  runs: RunService,
  owner: Caller,
  check: CheckDef,
  output: string,
  specHash: string,
): Promise<CheckResult> {
  const config = check.config as GraderConfig;
  const fail = (code: string, message: string, modelRunId?: string): CheckResult => ({
    name: check.name,
    passed: false,
    message: message.slice(0, 1000),
    fail_code: code,
    ...(modelRunId ? { model_run_id: modelRunId } : {}),
  });
  let begun;
  try {
    begun = await runs.begin(owner, {
      kind: "workflow_gate",
      promptId: null,
      text: gradingText(config, output),
      model: config.model,
      // The fit is judged here, once: a misfit is the check's answer, not a reason to ask again.
      structured: {
        format: { name: "grade", schema: config.schema, strict: true },
        misfit: () => null,
      },
    });
  } catch (e) {
    const refusal = e instanceof ApiError ? e : fromPgError(e);
    if (refusal && refusal.status < 500) {
      return fail("GRADER_ERROR", `the grader could not be called: ${refusal.message}`);
    }
    throw e;
  }
  if (begun.replayed) {
    throw new Error("a grader's call has no Idempotency-Key and is never replayed");
  }
  const run = await begun.execute();
  if (run.status !== "success" || run.output === null) {
    return fail(
      "GRADER_ERROR",
      `the grader's call ended ${run.status}: ${run.error_message ?? "no answer"}`,
      run.id,
    );
  }
  // keyed like runChecks' validators: a spec never changes, so its hash names the compiled schema
  const fit = runValidators([{
    id: `${specHash}:grader:${check.name}`,
    name: check.name,
    type: "json_schema",
    config: { schema: config.schema },
    updated_at: specHash,
  }], run.output).results[0];
  if (!fit || !fit.passed) {
    return fail(
      "GRADER_MISFIT",
      `the grader's answer does not fit the check's schema: ${fit?.message ?? "not JSON"}`,
      run.id,
    );
  }
  return {
    name: check.name,
    ...readGrade(config, JSON.parse(run.output) as Record<string, unknown>),
    model_run_id: run.id,
  };
}
