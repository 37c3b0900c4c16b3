// The engine's SQL: claim a gate with a lease, complete it. Both are service_role's alone (no
// caller): SQL decides what a gate's outcome means and what comes next (20261205004070).
import type { Sql, Tx } from "../../_shared/db.ts";
import type { GateArtifact } from "./artifacts.ts";
import type { CheckDef, CheckResult } from "./checks.ts";

/** A stage of a spec, as the engine reads it (see 20261205004010_workflow_specs.sql). */
export interface Stage {
  id: string;
  gate: string;
  name: string;
  model?: string;
  prompt?: string;
  approval?: boolean;
  response_schema?: Record<string, unknown>;
  artifact?: {
    file_name: string;
    path?: string;
    content_type?: string;
    artifact_type?: string;
    title?: string;
    sections?: { heading: string; field: string }[];
  };
}

/** A gate leased to this worker. */
export interface Claim {
  gate_execution_id: string;
  run_id: string;
  user_id: string;
  gate_id: string;
  stage_id: string;
  attempt: number;
  max_attempts: number;
  model: string | null;
  prompt_packet: string;
  stage: Stage;
  checks: CheckDef[];
  spec_hash: string;
  lease_expires_at: string;
}

export interface Completion {
  modelRunId: string | null;
  output: string | null;
  results: CheckResult[];
  artifacts: GateArtifact[];
  /** The model call failed (or was refused): the attempt fails with this code. */
  error?: { message: string; code: string };
}

export interface Completed {
  gate_status: "passed" | "warning" | "failed" | "skipped" | "pending" | "running";
  run_status: "pending" | "running" | "paused" | "completed" | "failed" | "cancelled";
  pause_reason: string | null;
}

function asService<T>(sql: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return sql.begin(async (tx) => {
    await tx`select set_config('role', 'service_role', true)`;
    return await fn(tx);
  }) as Promise<T>;
}

/** Leases the next pending gate (after returning expired leases), or null when none waits. */
export async function claimGate(
  sql: Sql,
  worker: string,
  leaseSeconds: number,
): Promise<Claim | null> {
  const rows = await asService(
    sql,
    (tx) => tx<Claim[]>`select * from public.claim_workflow_gate(${worker}, ${leaseSeconds})`,
  );
  return rows[0] ?? null;
}

/** Records a leased gate's outcome; SQL decides the next step in the same transaction. */
export async function completeGate(
  sql: Sql,
  claim: Claim,
  worker: string,
  c: Completion,
): Promise<Completed> {
  const rows = await asService(
    sql,
    (tx) =>
      tx<Completed[]>`select * from public.complete_workflow_gate(
      ${claim.gate_execution_id}, ${worker}, ${c.modelRunId}, ${c.output},
      ${tx.json(c.results as never)}, ${tx.json(c.artifacts as never)},
      ${c.error?.message ?? null}, ${c.error?.code ?? null})`,
  );
  return rows[0]!;
}
