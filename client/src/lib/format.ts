// Display formats shared by the pages.
export function formatCost(usd: number | string | null | undefined): string {
  if (usd === null || usd === undefined || usd === "") return "–";
  const n = Number(usd);
  if (!Number.isFinite(n)) return "–";
  if (n === 0) return "$0";
  return n < 0.01 ? `$${n.toFixed(6)}` : `$${n.toFixed(4)}`;
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "–";
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "–";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Price per 1k tokens, as a model picker shows it. */
export function formatPrice(perThousand: number): string {
  return `$${perThousand.toFixed(perThousand < 0.01 ? 5 : 4)}/1k`;
}
