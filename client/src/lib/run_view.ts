// Reading a run record for display: its output text, token counts and validation results,
// whatever shape the provider's answer was stored in.
import type { Run } from "./types.ts";

export function outputText(run: Pick<Run, "output" | "output_preview">): string {
  const o = run.output;
  if (typeof o === "string") return o;
  if (o && typeof o === "object") {
    const r = o as Record<string, unknown>;
    for (const k of ["text", "content", "output"]) {
      if (typeof r[k] === "string") return r[k] as string;
    }
    return JSON.stringify(o, null, 2);
  }
  return run.output_preview ?? "";
}

export function tokens(
  run: Pick<Run, "token_usage">,
): { input: number | null; output: number | null; total: number | null } {
  const u = run.token_usage ?? {};
  const num = (...keys: string[]) => {
    for (const k of keys) if (typeof u[k] === "number") return u[k] as number;
    return null;
  };
  const input = num("prompt_tokens", "input_tokens", "input");
  const output = num("completion_tokens", "output_tokens", "output");
  return {
    input,
    output,
    total: num("total_tokens", "total") ??
      (input !== null && output !== null ? input + output : null),
  };
}

export interface CheckResult {
  name: string;
  passed: boolean;
  message: string | null;
}

export function validationResults(run: Pick<Run, "validation_results">): CheckResult[] {
  return (run.validation_results ?? []).flatMap((raw, i) => {
    if (!raw || typeof raw !== "object") return [];
    const r = raw as Record<string, unknown>;
    const name = [r.name, r.validator, r.type, r.kind].find((x) => typeof x === "string") as
      | string
      | undefined;
    const passed = r.passed === true || r.ok === true || r.status === "passed" || r.valid === true;
    const message = [r.message, r.error, r.detail].find((x) => typeof x === "string") as
      | string
      | undefined;
    return [{ name: name ?? `check ${i + 1}`, passed, message: message ?? null }];
  });
}

/** The text of one streamed `delta` event: JSON-encoded text, an object with text, or raw. */
export function deltaText(data: string): string {
  try {
    const v = JSON.parse(data);
    if (typeof v === "string") return v;
    if (v && typeof v === "object") {
      for (const k of ["text", "delta", "content"]) if (typeof v[k] === "string") return v[k];
    }
  } catch { /* raw text */ }
  return data;
}
