// The engine's SQL: claim a gate with a lease, complete it. Both are service_role's alone (no
// caller): SQL decides what a gate's outcome means and what comes next (20261205004070).
import type { Sql } from "../../_shared/db.ts";
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
  /** Null when the stage's pinned library version is gone (its prompt deleted mid-run). */
  prompt_packet: string | null;
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

/** Leases the next pending gate (after returning expired leases), or null when none waits. */
export async function claimGate(
  sql: Sql,
  worker: string,
  leaseSeconds: number,
): Promise<Claim | null> {
  // One statement, one round trip: the role is set first (the call depends on it) and is local
  // to the statement's own transaction, as startRun's is.
  const rows = await sql<Claim[]>`
    select c.* from (select set_config('role', 'service_role', true) as role) as s
    cross join lateral public.claim_workflow_gate(
      case when s.role = 'service_role' then ${worker} end, ${leaseSeconds}) as c`;
  return rows[0] ?? null;
}

/**
 * Records a leased gate's outcome; SQL decides the next step in the same transaction. With
 * `claimNextLeaseSeconds`, the same statement leases this worker its next gate (`next`), if one
 * waits: a run's gates follow one another without a claim's round trip between them.
 */
export async function completeGate(
  sql: Sql,
  claim: Claim,
  worker: string,
  c: Completion,
  claimNextLeaseSeconds: number | null = null,
): Promise<Completed & { next: Claim | null }> {
  const rows = await sql<(Completed & { next_claim: Claim | null })[]>`
    select c.* from (select set_config('role', 'service_role', true) as role) as s
    cross join lateral public.complete_workflow_gate(
      case when s.role = 'service_role' then ${claim.gate_execution_id}::uuid end, ${worker},
      ${c.modelRunId}, ${c.output}, ${sql.json(c.results as never)},
      ${sql.json(c.artifacts as never)}, ${c.error?.message ?? null}, ${
    c.error?.code ?? null
  }, ${claimNextLeaseSeconds}::integer) as c`;
  const { next_claim, ...completed } = rows[0]!;
  return { ...completed, next: next_claim };
}
