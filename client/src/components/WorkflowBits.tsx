/** A run's status as a badge (the colours of the single runs' statuses where they match). */
export function RunStatusBadge({ status }: { status: string }) {
  return <span class={`badge badge-wf-${status}`}>{status}</span>;
}

/** The cost of a cost_profile level ({ cost_usd, tokens }), or null. */
export function profileCost(profile: unknown, level: "min" | "typical" | "max"): number | null {
  const v = (profile as Record<string, { cost_usd?: unknown } | undefined> | null)?.[level]
    ?.cost_usd;
  return typeof v === "number" ? v : null;
}
