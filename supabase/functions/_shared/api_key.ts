// Promptline API keys (`pl_…`): only their sha-256 is stored; the lookup runs as the service
// role through `public.api_key_lookup`, the one privileged path of authentication.
import type { Sql } from "./db.ts";

export const apiKeyPattern = /^pl_[0-9a-f]{48}$/;

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

export type ApiKeyLookup =
  | { ok: true; userId: string; apiKeyId: string; scopes: string[]; promptIds: string[] | null }
  | { ok: false; reason: "unknown" | "revoked" | "expired" };

export async function lookupApiKey(sql: Sql, key: string): Promise<ApiKeyLookup> {
  if (!apiKeyPattern.test(key)) return { ok: false, reason: "unknown" };
  const hash = await sha256Hex(key);
  // One statement, one round trip: the first FROM item makes this statement's transaction the
  // service role's (api_key_lookup is executable by it alone), and the lookup depends on it, so
  // it runs after.
  const rows = await sql<
    {
      api_key_id: string;
      user_id: string;
      is_revoked: boolean;
      is_expired: boolean;
      scopes: string[];
      prompt_ids: string[] | null;
    }[]
  >`
    select k.api_key_id, k.user_id, k.is_revoked, k.is_expired, k.scopes, k.prompt_ids
    from (select set_config('role', 'service_role', true) as role) as caller
    cross join lateral public.api_key_lookup(
      case when caller.role = 'service_role' then ${hash} end) as k`;
  const row = rows[0];
  if (!row) return { ok: false, reason: "unknown" };
  if (row.is_revoked) return { ok: false, reason: "revoked" };
  if (row.is_expired) return { ok: false, reason: "expired" };
  return {
    ok: true,
    userId: row.user_id,
    apiKeyId: row.api_key_id,
    scopes: row.scopes,
    promptIds: row.prompt_ids,
  };
}
